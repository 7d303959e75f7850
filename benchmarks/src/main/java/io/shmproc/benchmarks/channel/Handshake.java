package io.shmproc.benchmarks.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child's side of {@link Forked}'s protocol, on stdin and stdout: print "ready" once attached, wait
 * for the runner's "go", work, and (a partner) stay alive until the runner closes it, so that a partner
 * that has finished its share never looks dead to the measuring JVM.
 */
public final class Handshake {
    private static final BufferedReader RUNNER = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private Handshake() {
    }

    /** Says "ready" and blocks until the runner says "go" (or exits, which ends this child too). */
    public static void ready() throws IOException {
        System.out.println("ready");
        String line = RUNNER.readLine();
        if (!"go".equals(line)) {
            throw new IllegalStateException("expected \"go\" from the runner, got " + (line == null ? "the end of stdin" : line));
        }
    }

    /** Blocks until the runner closes this child (it kills it) or itself ends (stdin reaches its end). */
    public static void holdUntilClosed() throws IOException {
        while (RUNNER.readLine() != null) {
            // nothing more is expected; the runner only ever closes
        }
    }
}

package io.shmproc.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a sample's child JVMs (same {@code java}, same class path) and collects what they print, so a
 * sample can show its children's output in a fixed order. Issue 5's {@code JvmProcess} will replace it.
 */
final class ChildProcesses {
    private static final long BOUND_SECONDS = 120;

    private ChildProcesses() {
    }

    /** Starts {@code main} with {@code args}; its stderr goes to ours, its stdout is kept for {@link #finish}. */
    static Process start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Waits (at most two minutes) for {@code child} to exit cleanly.
     *
     * @return the lines it printed
     * @throws IllegalStateException if it failed or took too long (it is killed then)
     */
    static List<String> finish(Process child) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!child.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("child " + child.pid() + " did not finish in " + BOUND_SECONDS + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        if (child.exitValue() != 0) {
            throw new IllegalStateException("child " + child.pid() + " exited with " + child.exitValue() + " after printing " + lines);
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}

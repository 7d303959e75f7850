package io.shmproc.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second real JVM for cross-process tests: same {@code java} binary, same class path, running a main
 * class. The child talks back through lines on its stdout, which the test awaits with a bound.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(Incrementer.class, dir.toString(), "1000000")) {
 *     child.awaitLine("ready", Duration.ofSeconds(30));
 *     assertEquals(0, child.awaitExit(Duration.ofSeconds(60)));
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} in a new JVM with this JVM's class path; its stderr goes to ours. */
    public static ChildJvm start(Class<?> main, String... args) {
        return startWith(List.of(), main, args);
    }

    /** As {@link #start}, with extra JVM options such as {@code --enable-native-access=ALL-UNNAMED}. */
    public static ChildJvm startWith(List<String> jvmOptions, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Serial GC: a small child on a 2-core machine should not start GC threads it never needs.
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ChildJvm(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM " + command, e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                transcript.add(line);
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child was killed: its pipe breaks
        } finally {
            lines.add(END);
        }
    }

    /** @return the next line the child prints, waiting at most {@code timeout} */
    public String nextLine(Duration timeout) {
        try {
            String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child " + process.pid() + " printed nothing for " + timeout + "; so far: " + transcript);
            }
            if (line.equals(END)) {
                lines.add(END);
                throw new AssertionError("child " + process.pid() + " ended its output; it printed: " + transcript);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the line {@code expected}, failing on any other line or after {@code timeout}. */
    public void awaitLine(String expected, Duration timeout) {
        String line = nextLine(timeout);
        if (!line.equals(expected)) {
            throw new AssertionError("child " + process.pid() + " printed '" + line + "', expected '" + expected
                    + "'; so far: " + transcript);
        }
    }

    /** Sends a line to the child's stdin. */
    public void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the exit code, waiting at most {@code timeout} (the child is killed if it takes longer) */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child " + process.pid() + " did not exit within " + timeout + "; it printed: " + transcript);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGKILLs the child and waits (bounded) until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** @return the child's pid */
    public long pid() {
        return process.pid();
    }

    /** @return everything the child printed so far */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

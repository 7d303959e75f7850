package io.shmproc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second process for a cross-process scenario: a JVM on this benchmark jar (or any command), talked
 * to by lines on stdin and stdout, always killed on close.
 *
 * <p>A daemon thread reads the child's stdout into a queue, so that {@link #readLine(Duration)} can give
 * up on a child that hangs instead of blocking the runner forever.
 */
public final class Child implements AutoCloseable {
    /** Every benchmark child JVM may wait with the futex, like the runner itself. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Queued after the child's last line; compared by identity, so no line the child prints can equal it. */
    private static final String END = new String("end of the child's output");

    private final Process process;
    private final String label;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintStream in;

    private Child(List<String> command, String label) throws IOException {
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.label = label;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("child-" + process.pid() + "-stdout").start(() -> {
            try (out) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child's pipe broke: it ended, which END reports
            } finally {
                lines.add(END);
            }
        });
    }

    /** Starts {@code main} in a JVM like this one (same java, class path), with {@code args}. */
    public static Child jvm(Class<?> main, String... args) throws IOException {
        return jvm(List.of(), main, args);
    }

    /**
     * Starts {@code main} in a JVM like this one, with extra JVM options: a peer that needs flags of its
     * own (Agrona's {@code UnsafeBuffer}, Chronicle Queue) gets them in its own JVMs only.
     */
    public static Child jvm(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", NATIVE_ACCESS));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new Child(command, main.getSimpleName() + " " + String.join(" ", args));
    }

    /** Starts an arbitrary command (a Python peer, say). */
    public static Child command(List<String> command) throws IOException {
        return new Child(command, String.join(" ", command));
    }

    /** @return the next line, or fails if the child ended first */
    public String readLine() throws IOException {
        try {
            return checkEnd(lines.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + describe(), e);
        }
    }

    /** @return the next line, or fails if the child ended first or printed nothing within {@code limit} */
    public String readLine(Duration limit) throws IOException {
        try {
            String line = lines.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(describe() + " printed no line within " + limit.toSeconds() + " s"
                        + (process.isAlive() ? " (still running: hung?)" : " (exited with " + process.exitValue() + ")"));
            }
            return checkEnd(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + describe(), e);
        }
    }

    private String checkEnd(String line) throws IOException {
        if (line == END) {
            lines.add(END); // every later read sees the end too
            String exit = "";
            try {
                exit = process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(describe() + " ended without a line" + exit);
        }
        return line;
    }

    private String describe() {
        return "the child " + process.pid() + " (" + label + ")";
    }

    /** Reads lines until one equal to {@code expected}. */
    public void await(String expected) throws IOException {
        String line;
        while (!(line = readLine()).equals(expected)) {
            System.err.println("child: " + line);
        }
    }

    /** Reads lines until one equal to {@code expected}, failing if the child ends or stalls {@code limit}. */
    public void await(String expected, Duration limit) throws IOException {
        String line;
        while (!(line = readLine(limit)).equals(expected)) {
            System.err.println("child: " + line);
        }
    }

    public void send(String line) {
        in.println(line);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

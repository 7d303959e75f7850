package io.shmproc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process for a cross-process scenario: a JVM on this benchmark jar (or any command), talked
 * to by lines on stdin and stdout, always killed on close.
 */
public final class Child implements AutoCloseable {
    /** Every benchmark child JVM may wait with the futex, like the runner itself. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    private Child(List<String> command) throws IOException {
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts {@code main} in a JVM like this one (same java, class path), with {@code args}. */
    public static Child jvm(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", NATIVE_ACCESS, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new Child(command);
    }

    /** Starts an arbitrary command (a Python peer, say). */
    public static Child command(List<String> command) throws IOException {
        return new Child(command);
    }

    /** @return the next line, or fails if the child ended first */
    public String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the child " + process.info().commandLine().orElse("?") + " ended without a line");
        }
        return line;
    }

    /** Reads lines until one equal to {@code expected}. */
    public void await(String expected) throws IOException {
        String line;
        while (!(line = readLine()).equals(expected)) {
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

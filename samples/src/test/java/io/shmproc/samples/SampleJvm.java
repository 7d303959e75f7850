package io.shmproc.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A sample's {@code main} run in a JVM of its own, as a user runs it, with its whole standard output
 * (its children's included, since they share it) read back.
 *
 * <pre>{@code
 * SampleJvm.Run run = SampleJvm.run(ProcessIdSample.class, Duration.ofSeconds(120));
 * assertEquals(0, run.exitCode());
 * }</pre>
 */
final class SampleJvm {
    /** @param exitCode the JVM's exit status @param lines what it and its children printed */
    record Run(int exitCode, List<String> lines) {
    }

    private SampleJvm() {
    }

    /** Runs {@code main} with this JVM's {@code java} and class path; kills it after {@code bound}. */
    static Run run(Class<?> main, Duration bound) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        Process sample = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(sample.getInputStream()));
        if (!sample.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
            sample.descendants().forEach(ProcessHandle::destroyForcibly);
            sample.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish within " + bound);
        }
        try {
            // The pipe ends once the sample and every child sharing its output have exited.
            String printed = output.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return new Run(sample.exitValue(), printed.lines().toList());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("could not read what " + main.getSimpleName() + " printed", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

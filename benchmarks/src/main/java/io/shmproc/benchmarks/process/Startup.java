package io.shmproc.benchmarks.process;

import io.shmproc.benchmarks.Child;
import io.shmproc.benchmarks.Row;
import io.shmproc.benchmarks.channel.Columns;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.shared.SharedLong;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Child start-up, start to exit as the parent sees it, in milliseconds: a {@link JvmProcess} running a
 * trivial lambda beside a bare JVM running an empty main started with {@link ProcessBuilder} (same
 * {@code java}, same class path, the options a {@code JvmProcess} child inherits), plus a task capturing
 * a {@link SharedLong} (Java serialisation in the child) and {@link JvmProcess#ofMain}.
 *
 * <p>Each repeat is one fresh parent JVM ({@link Probe}), so that no repeat warms the next. In it, every
 * variant is started a few times unmeasured, then {@link #ROUNDS} times each, the variants taking turns
 * (bare, lambda, serialised, main, bare, ...), so that a burst of load from elsewhere hits all of them
 * alike; the probe prints each variant's median.
 *
 * <pre>{@code
 * Figure lambda = Startup.LAMBDA.measure(3);   // three probes; BARE, SERIALISED and MAIN come from the same ones
 * }</pre>
 */
public final class Startup {
    /** Columns of each repeat: JvmProcess lambda, bare JVM, serialised task, main class, the first and third without cache. */
    private static final Columns ALL = new Columns("JvmProcess start-up", Columns.each(Startup::oneRepeat));
    /** A JvmProcess running a trivial lambda (a direct call: no serialisation in the child). */
    public static final Row.Scenario LAMBDA = ALL.column(0, "lambda", "ms");
    /** A bare JVM running an empty main, started with ProcessBuilder. */
    public static final Row.Scenario BARE = ALL.column(1, "bare JVM", "ms");
    /** A JvmProcess running a task that captures a SharedLong, which the child deserialises. */
    public static final Row.Scenario SERIALISED = ALL.column(2, "serialised task", "ms");
    /** {@code JvmProcess.ofMain} of an empty main. */
    public static final Row.Scenario MAIN = ALL.column(3, "ofMain", "ms");
    /** {@link #LAMBDA} with the start-up cache turned off ({@code -Dshmproc.aotCache=false} in the parent). */
    public static final Row.Scenario LAMBDA_NO_CACHE = ALL.column(4, "lambda, no start-up cache", "ms");
    /** {@link #SERIALISED} with the start-up cache turned off. */
    public static final Row.Scenario SERIALISED_NO_CACHE = ALL.column(5, "serialised task, no start-up cache", "ms");

    static final int WARMUP = 3;
    static final int ROUNDS = 15;
    static final int VARIANTS = 6;
    private static final String CACHE_PROPERTY = "shmproc.aotCache";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private Startup() {
    }

    private static double[] oneRepeat() throws IOException {
        try (Child probe = Child.jvm(Probe.class)) {
            String line = probe.readLine(Duration.ofSeconds(300));
            String[] numbers = line.split(" ");
            if (numbers.length != VARIANTS) {
                throw new IllegalStateException("the start-up probe printed '" + line + "', not " + VARIANTS + " medians");
            }
            return Arrays.stream(numbers).mapToDouble(Double::parseDouble).toArray();
        }
    }

    /** The parent of one repeat: prints the medians, in ms, of every variant, in the order of the columns. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) throws Exception {
            StringBuilder line = new StringBuilder();
            for (double median : measure(WARMUP, ROUNDS)) {
                line.append(line.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.3f", median));
            }
            System.out.println(line);
        }

        /**
         * Starts every variant {@code warmup} times unmeasured, waits for background children, then
         * {@code rounds} times each in turn.
         *
         * @return each variant's median, in ms: lambda, bare, serialised, main, lambda and serialised without cache
         * @throws IllegalStateException if a child fails, or the serialised task did not run every time
         */
        static double[] measure(int warmup, int rounds) throws Exception {
            String namespace = "bench-startup-" + ProcessHandle.current().pid();
            try (Namespace ns = Namespace.open(namespace);
                 SharedLong hits = SharedLong.create(ns, "hits", 0)) {
                List<String> bare = bareCommand();
                List<Variant> variants = List.of(
                        () -> timed(JvmProcess.of(Probe::nothing)),
                        () -> timedBare(bare),
                        () -> timed(JvmProcess.of(() -> {
                            hits.incrementAndGet();
                        })),
                        () -> timed(JvmProcess.ofMain(EmptyMain.class)),
                        () -> withoutCache(() -> timed(JvmProcess.of(Probe::nothing))),
                        () -> withoutCache(() -> timed(JvmProcess.of(() -> {
                            hits.incrementAndGet();
                        }))));
                for (int i = 0; i < warmup; i++) {
                    for (Variant variant : variants) {
                        variant.run();
                    }
                }
                awaitBackgroundChildren();
                double[][] samples = new double[variants.size()][rounds];
                for (int i = 0; i < rounds; i++) {
                    for (int v = 0; v < variants.size(); v++) {
                        samples[v][i] = variants.get(v).run();
                    }
                }
                if (hits.get() != 2L * (warmup + rounds)) {
                    throw new IllegalStateException("the serialised tasks ran " + hits.get() + " times, not " + 2 * (warmup + rounds));
                }
                return Arrays.stream(samples).mapToDouble(Probe::median).toArray();
            }
        }

        /** Runs {@code variant} as if the probe had been started with {@code -Dshmproc.aotCache=false}. */
        private static double withoutCache(Variant variant) throws Exception {
            String before = System.getProperty(CACHE_PROPERTY);
            System.setProperty(CACHE_PROPERTY, "false");
            try {
                return variant.run();
            } finally {
                if (before == null) {
                    System.clearProperty(CACHE_PROPERTY);
                } else {
                    System.setProperty(CACHE_PROPERTY, before);
                }
            }
        }

        static void nothing() {
            // the trivial task: the child starts, runs this and exits
        }

        /**
         * The bare JVM a JvmProcess child is compared with: this JVM's {@code java} and class path, and the
         * options a child inherits (this probe is started with only options a child keeps).
         */
        private static List<String> bareCommand() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmptyMain.class.getName()));
            return command;
        }

        private static double timed(JvmProcess child) throws InterruptedException {
            long start = System.nanoTime();
            child.start();
            if (!child.join(BOUND)) {
                child.kill();
                throw new IllegalStateException(child + " did not exit within " + BOUND);
            }
            long took = System.nanoTime() - start;
            if (child.exitCode().orElseThrow() != 0) {
                throw new IllegalStateException(child + " failed", child.exception().orElse(null));
            }
            child.close();
            return took / 1e6;
        }

        private static double timedBare(List<String> command) throws IOException, InterruptedException {
            long start = System.nanoTime();
            Process bare = new ProcessBuilder(command).inheritIO().start();
            if (!bare.waitFor(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                bare.destroyForcibly();
                throw new IllegalStateException("a bare JVM did not exit within " + BOUND + ": " + command);
            }
            long took = System.nanoTime() - start;
            if (bare.exitValue() != 0) {
                throw new IllegalStateException("a bare JVM exited with " + bare.exitValue() + ": " + command);
            }
            return took / 1e6;
        }

        /** Waits (bounded) until nothing this JVM started in the background, such as a cache training, still runs. */
        private static void awaitBackgroundChildren() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a background child of the start-up probe ran for two minutes: "
                            + ProcessHandle.current().descendants().map(p -> p.info().commandLine().orElse("?")).toList());
                }
                ProcessHandle running = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).findFirst().orElse(null);
                if (running != null) {
                    try {
                        running.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // the loop looks again and reports a child that outlives the deadline
                    }
                }
            }
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /** One start-up, timed in ms. */
    @FunctionalInterface
    private interface Variant {
        double run() throws Exception;
    }

    /** What the bare JVM and {@code ofMain} run: nothing. */
    public static final class EmptyMain {
        private EmptyMain() {
        }

        public static void main(String[] args) {
            // start, load this class, exit: the floor a child's start-up is compared with
        }
    }
}

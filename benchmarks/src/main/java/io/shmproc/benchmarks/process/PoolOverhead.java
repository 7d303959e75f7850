package io.shmproc.benchmarks.process;

import io.shmproc.benchmarks.Child;
import io.shmproc.benchmarks.Row;
import io.shmproc.benchmarks.channel.Columns;
import io.shmproc.process.ProcessPool;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A process pool's cost per task, in microseconds, the way Python's figures are taken: a pool of two
 * workers mapping an increment over integers with the default chunks ({@link #CHUNKED}), with
 * {@code chunksize} 1 ({@link #ONE_PER_TASK}), and {@code apply} of a trivial task in a loop, one at a time
 * ({@link #APPLY}). The work itself is nothing, so what is measured is the pool.
 *
 * <p>Each repeat is a fresh probe JVM with a fresh pool; it runs every workload {@link #WARMUP} times
 * unmeasured, then {@link #ROUNDS} times in turn, and prints each workload's median.
 *
 * <pre>{@code
 * Figure chunked = PoolOverhead.CHUNKED.measure(3);   // the other two come from the same probes
 * }</pre>
 */
public final class PoolOverhead {
    static final int WORKERS = 2;
    static final int CHUNKED_ELEMENTS = 400_000;
    static final int SINGLE_ELEMENTS = 20_000;
    static final int APPLIES = 2_000;
    static final int WARMUP = 3;
    static final int ROUNDS = 7;

    private static final Columns ALL = new Columns("ProcessPool per-task overhead", Columns.each(PoolOverhead::oneRepeat));
    /** {@code map} with Python's default chunks, per element. */
    public static final Row.Scenario CHUNKED = ALL.column(0, "map, default chunks", "us");
    /** {@code map} with {@code chunksize} 1, per element. */
    public static final Row.Scenario ONE_PER_TASK = ALL.column(1, "map, chunksize 1", "us");
    /** {@code apply} round trip. */
    public static final Row.Scenario APPLY = ALL.column(2, "apply round trip", "us");

    private PoolOverhead() {
    }

    private static double[] oneRepeat() throws IOException {
        try (Child probe = Child.jvm(Probe.class)) {
            String line = probe.readLine(Duration.ofSeconds(600));
            String[] numbers = line.split(" ");
            if (numbers.length != 3) {
                throw new IllegalStateException("the pool probe printed '" + line + "', not three medians");
            }
            return Arrays.stream(numbers).mapToDouble(Double::parseDouble).toArray();
        }
    }

    /** One repeat: prints the medians, in microseconds per task, of chunked map, chunksize 1 and apply. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) throws Exception {
            double[] medians = measure(WARMUP, ROUNDS);
            System.out.println(String.format(Locale.ROOT, "%.4f %.3f %.2f", medians[0], medians[1], medians[2]));
        }

        static double[] measure(int warmup, int rounds) throws Exception {
            List<Integer> chunked = IntStream.range(0, CHUNKED_ELEMENTS).boxed().toList();
            List<Integer> single = IntStream.range(0, SINGLE_ELEMENTS).boxed().toList();
            double[][] samples = new double[3][rounds];
            try (ProcessPool pool = ProcessPool.create(WORKERS)) {
                for (int i = -warmup; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    List<Integer> a = pool.map(x -> x + 1, chunked);
                    long t1 = System.nanoTime();
                    List<Integer> b = pool.map(x -> x + 1, single, 1);
                    long t2 = System.nanoTime();
                    long sum = 0;
                    for (int k = 0; k < APPLIES; k++) {
                        sum += pool.apply(() -> 1);
                    }
                    long t3 = System.nanoTime();
                    if (a.get(CHUNKED_ELEMENTS - 1) != CHUNKED_ELEMENTS || b.get(SINGLE_ELEMENTS - 1) != SINGLE_ELEMENTS || sum != APPLIES) {
                        throw new IllegalStateException("a workload computed the wrong thing");
                    }
                    if (i >= 0) {
                        samples[0][i] = (t1 - t0) / 1e3 / CHUNKED_ELEMENTS;
                        samples[1][i] = (t2 - t1) / 1e3 / SINGLE_ELEMENTS;
                        samples[2][i] = (t3 - t2) / 1e3 / APPLIES;
                    }
                }
            }
            return Arrays.stream(samples).mapToDouble(Probe::median).toArray();
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }
}

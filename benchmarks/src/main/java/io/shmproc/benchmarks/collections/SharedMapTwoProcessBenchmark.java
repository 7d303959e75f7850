package io.shmproc.benchmarks.collections;

import io.shmproc.benchmarks.Child;
import io.shmproc.channel.Codecs;
import io.shmproc.collections.SharedMap;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Two processes hammering one {@link SharedMap} of {@value MapKeys#COUNT} {@code Integer -> Integer}
 * entries, each walking the keys in its own shuffled order: the benchmark JVM, whose rate JMH measures,
 * and a child JVM ({@link Hammer}) started in {@code @Setup} that does the same operation without pause
 * from before the first warm-up iteration to after the last measured one. The figure is therefore the
 * rate of one of two processes contending for the map; Python's peer ({@code map_manager_dict.py})
 * reports the same, per process, for {@code multiprocessing.Manager().dict()}.
 *
 * <p>The child's operation is the benchmark method's name less {@code shmproc} ({@code Get}, {@code Put},
 * {@code Merge}). An iteration during which the child did nothing fails the benchmark, so that a child
 * that died can never pass for contention; the child's own rate is printed at the end of each fork
 * ({@code --verbose} shows it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SharedMapTwoProcessBenchmark {
    /**
     * How many operations the child does between looks at the stop flag and reports of its count: few enough
     * that even an interpreted child (~10k updates/s before the JIT is done) reports within a short iteration.
     */
    static final int BATCH = 64;
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final MapKeys keys = new MapKeys(1);
    private Namespace namespace;
    private SharedMap<Integer, Integer> map;
    private SharedLong stop;
    private SharedLong childOps;
    private Child child;
    private int value;
    private long iterationStartOps;
    private long iterationStartNanos;
    private final List<Double> childRates = new ArrayList<>();
    private String stalled;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws IOException {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Op op = Op.of(method);
        String name = "bench-map2-" + ProcessHandle.current().pid();
        namespace = Namespace.open(name);
        map = SharedMap.builder(Codecs.ofInt(), Codecs.ofInt()).maxEntries(MapKeys.COUNT).create(namespace, "map");
        for (Integer key : MapKeys.all()) {
            map.put(key, 0);
        }
        stop = SharedLong.create(namespace, "stop", 0);
        childOps = SharedLong.create(namespace, "childOps", 0);
        child = Child.jvm(Hammer.class, name, op.name());
        try {
            child.await("ready", BOUND);
        } catch (IOException | RuntimeException e) {
            close(); // JMH runs no tear-down after a failed set-up
            throw e;
        }
    }

    @Setup(Level.Iteration)
    public void markChild() {
        iterationStartOps = childOps.getAcquire();
        iterationStartNanos = System.nanoTime();
    }

    /**
     * Notes an iteration in which the child did nothing. The failure is thrown at the end of the trial, not
     * here: JMH skips the trial's tear-down when an iteration's tear-down throws, which would leave the
     * child running.
     */
    @TearDown(Level.Iteration)
    public void checkChild() {
        long ops = childOps.getAcquire() - iterationStartOps;
        if (ops == 0 && stalled == null) {
            stalled = "the child JVM " + child.pid() + " did no operation during iteration " + (childRates.size() + 1)
                    + ": it died or hung, so that iteration measured one process, not two";
        }
        childRates.add(ops / ((System.nanoTime() - iterationStartNanos) / 1e9));
    }

    @TearDown(Level.Trial)
    public void stopChild() throws IOException {
        try {
            stop.set(1);
            child.await("done", BOUND);
            double[] rates = childRates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.err.printf(Locale.ROOT, "child JVM: median %.0f ops/s over %d iterations (warm-up included)%n",
                    rates.length == 0 ? 0 : rates[rates.length / 2], rates.length);
        } finally {
            close();
        }
        if (stalled != null) {
            throw new IllegalStateException(stalled);
        }
    }

    private void close() {
        child.close();
        stop.close();
        childOps.close();
        map.close();
        namespace.close();
    }

    @Benchmark
    public Integer shmprocGet() {
        return map.get(keys.next());
    }

    @Benchmark
    public Integer shmprocPut() {
        return map.put(keys.next(), value++);
    }

    @Benchmark
    public Integer shmprocMerge() {
        return map.merge(keys.next(), 1, Integer::sum);
    }

    /** What both processes do, named after the benchmark methods. */
    enum Op {
        GET, PUT, MERGE;

        static Op of(String method) {
            String prefix = "shmproc";
            if (!method.startsWith(prefix)) {
                throw new IllegalArgumentException("benchmark method " + method + " should be named shmproc<Op>, one of "
                        + Arrays.toString(values()));
            }
            return valueOf(method.substring(prefix.length()).toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The child: args are the namespace and the {@link Op}. Attaches the map, says "ready", then does the
     * operation over its own walk of the keys until the stop flag is set, publishing its count after every
     * {@link #BATCH}; says "done". It halts when its standard input ends, which happens when the benchmark
     * JVM is gone, so that a fork that dies or is killed never leaves it hammering the machine.
     */
    public static final class Hammer {
        private Hammer() {
        }

        public static void main(String[] args) throws IOException {
            Op op = Op.valueOf(args[1]);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is sent: only the end matters
                    }
                } catch (IOException e) {
                    // a broken pipe ends it as well
                }
                Runtime.getRuntime().halt(3);
            });
            MapKeys keys = new MapKeys(2);
            try (Namespace ns = Namespace.open(args[0]);
                 SharedMap<Integer, Integer> map = SharedMap.attach(ns, "map", Codecs.ofInt(), Codecs.ofInt());
                 SharedLong stop = SharedLong.attach(ns, "stop");
                 SharedLong ops = SharedLong.attach(ns, "childOps")) {
                System.out.println("ready");
                long done = 0;
                int value = 0;
                while (stop.getAcquire() == 0) {
                    for (int i = 0; i < BATCH; i++) {
                        switch (op) {
                            case GET -> map.get(keys.next());
                            case PUT -> map.put(keys.next(), value++);
                            case MERGE -> map.merge(keys.next(), 1, Integer::sum);
                        }
                    }
                    done += BATCH;
                    ops.setRelease(done);
                }
            }
            System.out.println("done");
        }
    }
}

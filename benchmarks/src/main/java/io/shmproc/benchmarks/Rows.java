package io.shmproc.benchmarks;

import io.shmproc.benchmarks.Row.Jmh;
import io.shmproc.benchmarks.Row.Target;
import io.shmproc.benchmarks.channel.AgronaRings;
import io.shmproc.benchmarks.channel.ChronicleQueues;
import io.shmproc.benchmarks.channel.Columns;
import io.shmproc.benchmarks.channel.QueueCostBenchmark;
import io.shmproc.benchmarks.channel.ShmprocChannels;
import io.shmproc.benchmarks.collections.SharedMapBenchmark;
import io.shmproc.benchmarks.collections.SharedMapTwoProcessBenchmark;
import io.shmproc.benchmarks.process.PoolOverhead;
import io.shmproc.benchmarks.process.Startup;
import io.shmproc.benchmarks.shared.SharedLongBenchmark;
import io.shmproc.benchmarks.sync.Handoff;
import io.shmproc.benchmarks.sync.IdleWaiter;
import io.shmproc.benchmarks.sync.LockedIncrements;
import io.shmproc.benchmarks.sync.SharedLockBenchmark;
import java.util.List;

/** Every row the runner knows, in the order of {@code shared/BENCHMARKS.md}. */
final class Rows {
    private Rows() {
    }

    /** shmproc's side of the channel rows: one measurement each, shown beside several peers. */
    static final class Shmproc {
        static final Row.Scenario PIPE_ROUND_TRIP_P50 = ShmprocChannels.PIPE_ROUND_TRIP.column(0, "p50", "ns");
        static final Row.Scenario PIPE_ROUND_TRIP_P99 = ShmprocChannels.PIPE_ROUND_TRIP.column(1, "p99", "ns");
        static final Row.Scenario QUEUE_ONE_TO_ONE = ShmprocChannels.QUEUE_ONE_TO_ONE.column(0, "msg/s", "msg/s");
        static final Row.Scenario QUEUE_ONE_TO_ONE_POLL = ShmprocChannels.QUEUE_ONE_TO_ONE_POLL.column(0, "msg/s", "msg/s");
        static final Row.Scenario QUEUE_ONE_TO_ONE_ZERO_COPY = ShmprocChannels.QUEUE_ONE_TO_ONE_ZERO_COPY.column(0, "msg/s", "msg/s");
        static final Row.Scenario QUEUE_TWO_TO_ONE = ShmprocChannels.QUEUE_TWO_TO_ONE.column(0, "msg/s", "msg/s");
        static final Row.Scenario PIPE_BLOCKING_P50 = ShmprocChannels.PIPE_BLOCKING_ROUND_TRIP.column(0, "p50", "ns");
        static final Row.Scenario QUEUE_STRINGS = ShmprocChannels.QUEUE_STRINGS.column(0, "msg/s", "msg/s");
        static final Row.Scenario QUEUE_RECORDS = ShmprocChannels.QUEUE_RECORDS.column(0, "msg/s", "msg/s");
        static final Row.Scenario QUEUE_TWO_TO_TWO = ShmprocChannels.QUEUE_TWO_TO_TWO.column(0, "msg/s", "msg/s");

        private Shmproc() {
        }
    }

    /** Python's Pipe ping-pong prints p50 and p99 from one run: two rows, one measurement. */
    private static final Columns PYTHON_PIPE = new Columns("python3 pipe_round_trip.py",
            new PythonScript("pipe_round_trip.py", "ns", "50000")::runs);
    /** Python's Pool prints its three per-task figures from one run: three rows, one measurement. */
    private static final Columns PYTHON_POOL = new Columns("python3 pool_overhead.py",
            new PythonScript("pool_overhead.py", "us", "400000", "20000", "2000")::runs);
    private static final Row.Scenario PYTHON_QUEUE = new PythonScript("queue_throughput.py", "msg/s", "400000");
    /** Python's manager dict prints its get, put and locked-increment rates from one run: three rows, one measurement. */
    private static final Columns PYTHON_DICT = new Columns("python3 map_manager_dict.py",
            new PythonScript("map_manager_dict.py", "ops/s", "10000")::runs);

    static final List<Row> ALL = List.of(
            new Row("shared long get", new Jmh(SharedLongBenchmark.class, "shmprocGet"),
                    "AtomicLong", new Jmh(SharedLongBenchmark.class, "atomicLongGet"), Target.REPORTED),
            new Row("shared long set", new Jmh(SharedLongBenchmark.class, "shmprocSet"),
                    "AtomicLong", new Jmh(SharedLongBenchmark.class, "atomicLongSet"), Target.REPORTED),
            new Row("shared long incrementAndGet", new Jmh(SharedLongBenchmark.class, "shmprocIncrementAndGet"),
                    "AtomicLong", new Jmh(SharedLongBenchmark.class, "atomicLongIncrementAndGet"), Target.ratioAtMost(1.5)),
            new Row("shared long incrementAndGet, 2 threads contending",
                    new Jmh(SharedLongBenchmark.class, "shmprocIncrementAndGetContended"),
                    "AtomicLong", new Jmh(SharedLongBenchmark.class, "atomicLongIncrementAndGetContended"), Target.REPORTED),
            new Row("SharedLock uncontended lock+unlock", new Jmh(SharedLockBenchmark.class, "shmprocLockUnlock"),
                    "ReentrantLock", new Jmh(SharedLockBenchmark.class, "reentrantLockLockUnlock"), Target.ratioAtMost(2)),
            new Row("2 processes incrementing a shared value under its lock", scenario("Synchronized<SharedLong>", LockedIncrements::measure),
                    "Python Value + get_lock()", new PythonScript("value_lock.py", "ops/s", "200000"), Target.ratioAtLeast(10)),
            new Row("blocking hand-off round trip p50, two JVMs (echo asleep, futex)", scenario("SharedEvent ping-pong", Handoff::events),
                    "Unix-domain socket, blocking", scenario("Unix-domain socket ping-pong", Handoff::unixSocket),
                    Target.ratioAtMost(0.5)),
            new Row("idle waiter CPU over 5 s (futex)", scenario("idle futex waiter", r -> IdleWaiter.measure("futex", r)),
                    "-", null, Target.figureBelow(1)),
            new Row("idle waiter CPU over 5 s (park fallback)", scenario("idle parked waiter", r -> IdleWaiter.measure("park", r)),
                    "-", null, Target.figureBelow(1)),
            // pipe and queue: every side in forked JVMs, 32-byte messages (channel.Forked, channel.Workload)
            new Row("Pipe round trip p50, two JVMs, spinning receive", Shmproc.PIPE_ROUND_TRIP_P50,
                    "Agrona OneToOneRingBuffer on UnsafeBuffer", AgronaRings.roundTripP50(), Target.ratioAtMost(1.25)),
            new Row("Pipe round trip p99, two JVMs, spinning receive", Shmproc.PIPE_ROUND_TRIP_P99,
                    "Agrona OneToOneRingBuffer on UnsafeBuffer", AgronaRings.roundTripP99(), Target.figureBelow(1_000)),
            new Row("Pipe round trip p50, two JVMs, beside Chronicle", Shmproc.PIPE_ROUND_TRIP_P50,
                    "Chronicle Queue 2026.4, one queue each way", ChronicleQueues.roundTripP50(), Target.REPORTED),
            new Row("Pipe round trip p99, two JVMs, beside Chronicle", Shmproc.PIPE_ROUND_TRIP_P99,
                    "Chronicle Queue 2026.4, one queue each way", ChronicleQueues.roundTripP99(), Target.REPORTED),
            new Row("Pipe round trip p50, two JVMs, beside Python", Shmproc.PIPE_ROUND_TRIP_P50,
                    "Python Pipe send_bytes/recv_bytes", PYTHON_PIPE.column(0, "p50", "ns"), Target.REPORTED),
            new Row("Pipe round trip p99, two JVMs, beside Python", Shmproc.PIPE_ROUND_TRIP_P99,
                    "Python Pipe send_bytes/recv_bytes", PYTHON_PIPE.column(1, "p99", "ns"), Target.REPORTED),
            new Row("SharedQueue throughput (byte[], drainTo batches), 1 producer JVM -> 1 consumer JVM", Shmproc.QUEUE_ONE_TO_ONE,
                    "Agrona ManyToOneRingBuffer on UnsafeBuffer, 1 -> 1", AgronaRings.ONE_TO_ONE.column(0, "msg/s", "msg/s"),
                    Target.ratioAtLeast(0.8)),
            new Row("SharedQueue throughput (byte[], drainTo batches), 1 producer JVM -> 1 consumer JVM", Shmproc.QUEUE_ONE_TO_ONE,
                    "Chronicle Queue 2026.4, 1 appender -> 1 tailer", ChronicleQueues.THROUGHPUT.column(0, "msg/s", "msg/s"),
                    Target.ratioAtLeast(5)),
            new Row("SharedQueue throughput (byte[], drainTo batches), 1 producer JVM -> 1 consumer JVM", Shmproc.QUEUE_ONE_TO_ONE,
                    "Python multiprocessing.Queue, 1 -> 1 process", PYTHON_QUEUE, Target.ratioAtLeast(50)),
            new Row("SharedQueue throughput (byte[], drainTo batches), 2 producer JVMs -> 1 consumer JVM", Shmproc.QUEUE_TWO_TO_ONE,
                    "Agrona ManyToOneRingBuffer on UnsafeBuffer, 2 -> its one consumer",
                    AgronaRings.TWO_TO_ONE.column(0, "msg/s", "msg/s"), Target.REPORTED),
            new Row("SharedQueue throughput (byte[]), 2 producer JVMs -> 2 consumer JVMs", Shmproc.QUEUE_TWO_TO_TWO,
                    "SharedQueue byte[] 1 -> 1, same run", Shmproc.QUEUE_ONE_TO_ONE, Target.ratioAtLeast(0.5)),
            new Row("SharedQueue throughput (byte[], one poll() per message), 1 producer JVM -> 1 consumer JVM",
                    Shmproc.QUEUE_ONE_TO_ONE_POLL, "Agrona ManyToOneRingBuffer on UnsafeBuffer, 1 -> 1",
                    AgronaRings.ONE_TO_ONE.column(0, "msg/s", "msg/s"), Target.REPORTED),
            new Row("SharedQueue throughput (zero-copy offerBuffer/drain), 1 producer JVM -> 1 consumer JVM",
                    Shmproc.QUEUE_ONE_TO_ONE_ZERO_COPY, "Agrona ManyToOneRingBuffer on UnsafeBuffer, 1 -> 1",
                    AgronaRings.ONE_TO_ONE.column(0, "msg/s", "msg/s"), Target.ratioAtLeast(0.8)),
            new Row("SharedQueue put + take CPU per message, one thread (byte[] offer, drainTo)",
                    new Jmh(QueueCostBenchmark.class, "shmprocOfferDrainTo"), "Agrona ManyToOneRingBuffer write + read, one thread",
                    new Jmh(QueueCostBenchmark.class, "agronaWriteRead"), Target.REPORTED),
            new Row("SharedQueue put + take CPU per message, one thread (zero-copy offerBuffer, drain)",
                    new Jmh(QueueCostBenchmark.class, "shmprocOfferBufferDrain"), "Agrona ManyToOneRingBuffer write + read, one thread",
                    new Jmh(QueueCostBenchmark.class, "agronaWriteRead"), Target.REPORTED),
            new Row("SharedQueue throughput with a codec (String of 32 chars), 1 -> 1", Shmproc.QUEUE_STRINGS,
                    "SharedQueue byte[] drainTo 1 -> 1, same run", Shmproc.QUEUE_ONE_TO_ONE, Target.ratioAtLeast(0.3)),
            new Row("SharedQueue throughput with a codec (record of primitives), 1 -> 1", Shmproc.QUEUE_RECORDS,
                    "SharedQueue byte[] drainTo 1 -> 1, same run", Shmproc.QUEUE_ONE_TO_ONE, Target.ratioAtLeast(0.3)),
            new Row("Pipe blocking hand-off round trip p50 (receiver asleep, futex)", Shmproc.PIPE_BLOCKING_P50,
                    "Unix-domain socket, blocking", scenario("Unix-domain socket ping-pong (ns)", Rows::unixSocketNanos),
                    Target.ratioAtMost(0.5)),
            new Row("idle queue consumer CPU over 5 s (futex)", scenario("idle SharedQueue.poll",
                    r -> IdleWaiter.measure("futex", "queue", r)), "-", null, Target.figureBelow(1)),
            // start-up: one probe JVM per repeat, the variants taking turns in it (process.Startup)
            new Row("JvmProcess start -> trivial task -> exit", Startup.LAMBDA,
                    "bare JVM running an empty main (ProcessBuilder start to exit)", Startup.BARE, Target.ratioAtMost(1.5)),
            new Row("JvmProcess start -> task capturing a SharedLong (serialised) -> exit", Startup.SERIALISED,
                    "bare JVM running an empty main (ProcessBuilder start to exit)", Startup.BARE, Target.REPORTED),
            new Row("JvmProcess.ofMain start -> empty main -> exit", Startup.MAIN,
                    "bare JVM running an empty main (ProcessBuilder start to exit)", Startup.BARE, Target.REPORTED),
            new Row("JvmProcess start -> trivial task -> exit, start-up cache off", Startup.LAMBDA_NO_CACHE,
                    "bare JVM running an empty main (ProcessBuilder start to exit)", Startup.BARE, Target.REPORTED),
            new Row("JvmProcess start -> task capturing a SharedLong (serialised) -> exit, start-up cache off",
                    Startup.SERIALISED_NO_CACHE, "bare JVM running an empty main (ProcessBuilder start to exit)", Startup.BARE,
                    Target.REPORTED),
            // pools: one probe JVM per repeat, a pool of 2 workers (process.PoolOverhead)
            new Row("ProcessPool(2) per-task overhead, map with default chunks", PoolOverhead.CHUNKED,
                    "Python Pool(2).map, default chunks", PYTHON_POOL.column(0, "map, default chunks", "us"), Target.ratioAtMost(1)),
            new Row("ProcessPool(2) per-task overhead, map with chunksize 1", PoolOverhead.ONE_PER_TASK,
                    "Python Pool(2).map, chunksize=1", PYTHON_POOL.column(1, "map, chunksize 1", "us"), Target.ratioAtMost(0.2)),
            new Row("ProcessPool(2) apply round trip", PoolOverhead.APPLY,
                    "Python Pool(2).apply", PYTHON_POOL.column(2, "apply", "us"), Target.ratioAtMost(0.1)),
            // maps: in one process beside ConcurrentHashMap; then the benchmark JVM and a child JVM hammering one
            // map beside two Python processes hammering a Manager().dict() (collections.SharedMap*Benchmark)
            new Row("SharedMap get, one process, 1024 Integer keys", new Jmh(SharedMapBenchmark.class, "shmprocGet"),
                    "ConcurrentHashMap", new Jmh(SharedMapBenchmark.class, "concurrentHashMapGet"), Target.REPORTED),
            new Row("SharedMap put, one process, 1024 Integer keys", new Jmh(SharedMapBenchmark.class, "shmprocPut"),
                    "ConcurrentHashMap", new Jmh(SharedMapBenchmark.class, "concurrentHashMapPut"), Target.REPORTED),
            new Row("SharedMap get, 2 processes on one map (ops/s of each)", new Jmh(SharedMapTwoProcessBenchmark.class, "shmprocGet"),
                    "Python Manager().dict() d[k], 2 processes", PYTHON_DICT.column(0, "get", "ops/s"), Target.ratioAtLeast(100)),
            new Row("SharedMap put, 2 processes on one map (ops/s of each)", new Jmh(SharedMapTwoProcessBenchmark.class, "shmprocPut"),
                    "Python Manager().dict() d[k] = v, 2 processes", PYTHON_DICT.column(1, "put", "ops/s"), Target.ratioAtLeast(100)),
            new Row("SharedMap merge(k, 1, Integer::sum), 2 processes on one map (ops/s of each)",
                    new Jmh(SharedMapTwoProcessBenchmark.class, "shmprocMerge"),
                    "Python Manager().dict() d[k] = d[k] + 1 under a Lock, 2 processes",
                    PYTHON_DICT.column(2, "locked increment", "ops/s"), Target.ratioAtLeast(100)));

    /** The Unix-socket round trip in ns, to sit beside the pipe's figure in ns. */
    private static Figure unixSocketNanos(int repeats) throws Exception {
        return Handoff.unixSocket(repeats).scaled(1_000, "ns");
    }

    /** A measurement that runs its repeats itself and gives their figure. */
    @FunctionalInterface
    interface Repeated {
        Figure measure(int repeats) throws Exception;
    }

    /** A scenario with a name for progress messages, measuring one repeat per round. */
    static Row.Scenario scenario(String name, Repeated measure) {
        return new Row.Scenario() {
            private String unit = "";

            @Override
            public double measureOnce(int round) throws Exception {
                Figure one = measure.measure(1);
                unit = one.unit();
                return one.median();
            }

            @Override
            public String unit() {
                return unit;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}

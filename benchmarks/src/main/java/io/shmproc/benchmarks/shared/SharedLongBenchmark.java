package io.shmproc.benchmarks.shared;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shared long in a mapped file beside its in-heap peer {@link AtomicLong}, operation for operation.
 * Method names pair up as {@code shmproc<Op>} / {@code atomicLong<Op>} so the {@code Runner} can put
 * both in one table row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SharedLongBenchmark {
    private Namespace namespace;
    private SharedLong shared;
    private final AtomicLong atomic = new AtomicLong();
    private long value = 42;

    @Setup(Level.Trial)
    public void open() {
        namespace = Namespace.open("bench-long-" + ProcessHandle.current().pid());
        shared = SharedLong.create(namespace, "counter", 0);
    }

    @TearDown(Level.Trial)
    public void close() {
        shared.close();
        namespace.close();
    }

    @Benchmark
    public long shmprocGet() {
        return shared.get();
    }

    @Benchmark
    public long atomicLongGet() {
        return atomic.get();
    }

    @Benchmark
    public void shmprocSet() {
        shared.set(value++);
    }

    @Benchmark
    public void atomicLongSet() {
        atomic.set(value++);
    }

    @Benchmark
    public long shmprocIncrementAndGet() {
        return shared.incrementAndGet();
    }

    @Benchmark
    public long atomicLongIncrementAndGet() {
        return atomic.incrementAndGet();
    }

    /** Both threads hit the same cache line: the cost that dominates when processes share a counter. */
    @Benchmark
    @Threads(2)
    public long shmprocIncrementAndGetContended() {
        return shared.incrementAndGet();
    }

    @Benchmark
    @Threads(2)
    public long atomicLongIncrementAndGetContended() {
        return atomic.incrementAndGet();
    }
}

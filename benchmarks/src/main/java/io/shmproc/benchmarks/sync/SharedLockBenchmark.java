package io.shmproc.benchmarks.sync;

import io.shmproc.memory.Namespace;
import io.shmproc.sync.SharedLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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

/** An uncontended lock+unlock: the shared, robust lock beside {@link ReentrantLock}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SharedLockBenchmark {
    private Namespace namespace;
    private SharedLock shared;
    private final ReentrantLock reentrant = new ReentrantLock();
    private long guarded;

    @Setup(Level.Trial)
    public void open() {
        namespace = Namespace.open("bench-lock-" + ProcessHandle.current().pid());
        shared = SharedLock.create(namespace, "lock");
    }

    @TearDown(Level.Trial)
    public void close() {
        shared.close();
        namespace.close();
    }

    @Benchmark
    public long shmprocLockUnlock() {
        shared.lock();
        try {
            return ++guarded;
        } finally {
            shared.unlock();
        }
    }

    @Benchmark
    public long reentrantLockLockUnlock() {
        reentrant.lock();
        try {
            return ++guarded;
        } finally {
            reentrant.unlock();
        }
    }
}

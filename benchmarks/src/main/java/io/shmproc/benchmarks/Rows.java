package io.shmproc.benchmarks;

import io.shmproc.benchmarks.shared.SharedLongBenchmark;
import io.shmproc.benchmarks.sync.SharedLockBenchmark;
import java.util.List;

/** Every row the runner knows, in the order of {@code shared/BENCHMARKS.md}. */
final class Rows {
    private Rows() {
    }

    static final List<Row> ALL = List.of(
            new Row(SharedLongBenchmark.class, "shared long get", "shmprocGet",
                    "AtomicLong", "atomicLongGet", Double.NaN),
            new Row(SharedLongBenchmark.class, "shared long set", "shmprocSet",
                    "AtomicLong", "atomicLongSet", Double.NaN),
            new Row(SharedLongBenchmark.class, "shared long incrementAndGet", "shmprocIncrementAndGet",
                    "AtomicLong", "atomicLongIncrementAndGet", 1.5),
            new Row(SharedLongBenchmark.class, "shared long incrementAndGet, 2 threads contending",
                    "shmprocIncrementAndGetContended", "AtomicLong", "atomicLongIncrementAndGetContended", Double.NaN),
            new Row(SharedLockBenchmark.class, "SharedLock uncontended lock+unlock", "shmprocLockUnlock",
                    "ReentrantLock", "reentrantLockLockUnlock", 2.0));
}

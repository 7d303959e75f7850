package io.shmproc.benchmarks;

import io.shmproc.benchmarks.Row.Jmh;
import io.shmproc.benchmarks.Row.Target;
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
            new Row("blocking hand-off round trip p50, two JVMs (futex)", scenario("SharedEvent ping-pong", Handoff::events),
                    "Unix-domain socket, blocking", scenario("Unix-domain socket ping-pong", Handoff::unixSocket),
                    Target.ratioAtMost(0.5)),
            new Row("idle waiter CPU over 5 s (futex)", scenario("idle futex waiter", r -> IdleWaiter.measure("futex", r)),
                    "-", null, Target.figureBelow(1)),
            new Row("idle waiter CPU over 5 s (park fallback)", scenario("idle parked waiter", r -> IdleWaiter.measure("park", r)),
                    "-", null, Target.figureBelow(1)));

    /** A scenario with a name for progress messages. */
    static Row.Scenario scenario(String name, Row.Scenario measure) {
        return new Row.Scenario() {
            @Override
            public Figure measure(int repeats) throws Exception {
                return measure.measure(repeats);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}

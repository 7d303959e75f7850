package io.shmproc.benchmarks.sync;

import io.shmproc.benchmarks.Child;
import io.shmproc.benchmarks.Figure;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.sync.Synchronized;
import java.util.ArrayList;
import java.util.List;

/**
 * Two processes each incrementing one shared value under its lock ({@code Synchronized<SharedLong>},
 * Python's {@code Value} with {@code get_lock()}): total increments per second over both.
 */
public final class LockedIncrements {
    static final int PER_PROCESS = 1_000_000;

    private LockedIncrements() {
    }

    /** @return the two-process rate, in increments per second, over {@code repeats} runs */
    public static Figure measure(int repeats) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String name = "bench-locked-" + ProcessHandle.current().pid() + "-" + r;
            try (Namespace ns = Namespace.open(name);
                 Synchronized<SharedLong> counter = Synchronized.of(SharedLong.create(ns, "counter", 0));
                 Child a = Child.jvm(Worker.class, name, Integer.toString(PER_PROCESS));
                 Child b = Child.jvm(Worker.class, name, Integer.toString(PER_PROCESS))) {
                a.await("ready");
                b.await("ready");
                long start = System.nanoTime();
                a.send("go");
                b.send("go");
                a.await("done");
                b.await("done");
                double seconds = (System.nanoTime() - start) / 1e9;
                if (counter.get().get() != 2L * PER_PROCESS) {
                    throw new IllegalStateException("lost updates: " + counter.get().get());
                }
                rates.add(2.0 * PER_PROCESS / seconds);
            }
        }
        return Figure.of(rates, "ops/s");
    }

    /** A child: attaches the counter and its lock, and on "go" increments it N times under the lock. */
    public static final class Worker {
        public static void main(String[] args) throws Exception {
            int times = Integer.parseInt(args[1]);
            try (Namespace ns = Namespace.open(args[0]);
                 Synchronized<SharedLong> counter = Synchronized.of(SharedLong.attach(ns, "counter"))) {
                System.out.println("ready");
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                SharedLong value = counter.get();
                for (int i = 0; i < times; i++) {
                    counter.getLock().lock();
                    try {
                        value.setPlain(value.getPlain() + 1);
                    } finally {
                        counter.getLock().unlock();
                    }
                }
            }
            System.out.println("done");
        }
    }
}

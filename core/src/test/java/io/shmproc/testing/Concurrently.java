package io.shmproc.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a step from several threads at once, with a bound on how long they may take. */
public final class Concurrently {
    private Concurrently() {
    }

    /** Runs {@code step} {@code iterations} times on each of {@code threads} threads; rethrows the first failure. */
    public static void run(int threads, int iterations, Runnable step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < iterations; i++) {
                        step.run();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.shmproc.samples;

import io.shmproc.process.JvmProcess;
import io.shmproc.process.ProcessPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ten messages handed to a pool of four worker JVMs with {@code applyAsync}; each worker upper-cases its
 * message and says which process it ran in, and the parent collects the results in submission order:
 *
 * <pre>
 * MESSAGE 0 (in PoolWorker-3)
 * MESSAGE 1 (in PoolWorker-1)
 * ...
 * 10 results from 4 workers or fewer
 * </pre>
 */
public final class ApplyAsyncSample {
    static final int MESSAGES = 10;
    static final int WORKERS = 4;

    private ApplyAsyncSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the sample, printing each result; returns the results. */
    public static List<String> run(PrintStream out) throws Exception {
        List<String> results = new ArrayList<>();
        try (ProcessPool pool = ProcessPool.create(WORKERS)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String message = "message " + i;
                futures.add(pool.applyAsync(() -> message.toUpperCase() + " (in " + JvmProcess.current().name() + ")"));
            }
            for (CompletableFuture<String> future : futures) {
                results.add(future.get());
            }
        }
        results.forEach(out::println);
        long workers = results.stream().map(r -> r.substring(r.indexOf("(in "))).distinct().count();
        out.println(results.size() + " results from " + (workers <= WORKERS ? WORKERS + " workers or fewer" : workers + " workers"));
        return results;
    }
}

package io.shmproc.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Pool} of threads in this JVM, with the same operations and behaviour as {@link ProcessPool}:
 * Python's {@code multiprocessing.dummy.Pool}. Useful when tasks wait on I/O rather than compute, or to
 * run code written for a process pool without starting JVMs. Tasks need not be serialisable here.
 *
 * <pre>{@code
 * try (Pool pool = ThreadPool.create(8)) {
 *     List<Integer> lengths = pool.map(url -> fetch(url).length(), urls);
 * }
 * }</pre>
 */
public final class ThreadPool extends AbstractPool {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    /** Chunks not yet complete, so that terminate can fail those it stops. */
    private final Set<ChunkFuture> outstanding = ConcurrentHashMap.newKeySet();
    private boolean shutdown;
    private int submitters;

    private ThreadPool(int size, Runnable initializer) {
        this(size, initializer, "ThreadPool-" + POOLS.incrementAndGet());
    }

    private ThreadPool(int size, Runnable initializer, String name) {
        super(size, name);
        ThreadFactory threads = Thread.ofPlatform().daemon().name(name + "-worker-", 1).factory();
        ThreadFactory initialised = initializer == null ? threads : task -> threads.newThread(() -> {
            initializer.run();
            task.run();
        });
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), initialised);
        executor.prestartAllCoreThreads();
    }

    /** @return a pool of as many threads as this JVM has processors */
    public static ThreadPool create() {
        return create(JvmProcess.cpuCount());
    }

    /** @return a pool of {@code threads} threads */
    public static ThreadPool create(int threads) {
        return new ThreadPool(threads, null);
    }

    /** @return a pool of {@code threads} threads, each running {@code initializer} before its first task */
    public static ThreadPool create(int threads, Runnable initializer) {
        return new ThreadPool(threads, initializer);
    }

    @Override
    ChunkFuture submitChunk(Job job, Object[] elements) {
        ChunkFuture chunk = new ChunkFuture();
        outstanding.add(chunk);
        chunk.whenComplete((values, failure) -> outstanding.remove(chunk));
        Future<?> running = executor.submit(() -> {
            if (chunk.isDone()) {
                return; // cancelled before it started
            }
            try {
                chunk.complete(Work.run(job.kind, job.function, elements));
            } catch (Throwable t) {
                chunk.completeExceptionally(t);
            }
        });
        chunk.onCancel(() -> running.cancel(true));
        return chunk;
    }

    @Override
    void checkTask(Object task) {
        // threads share this JVM's objects: anything runs
    }

    @Override
    void beginSubmitting() {
        synchronized (outstanding) {
            if (shutdown) {
                throw new RejectedExecutionException("the pool was shut down: it takes no new tasks");
            }
            submitters++;
        }
    }

    @Override
    void endSubmitting() {
        synchronized (outstanding) {
            submitters--;
            if (shutdown && submitters == 0) {
                executor.shutdown();
            }
        }
    }

    /** No new tasks; what was submitted, including maps still being fed, runs (Python's {@code close()}). */
    @Override
    public void shutdown() {
        synchronized (outstanding) {
            shutdown = true;
            if (submitters == 0) {
                executor.shutdown();
            }
        }
    }

    @Override
    public void terminate() {
        synchronized (outstanding) {
            shutdown = true;
        }
        // fail them before interrupting them, so that they end as cancelled, not interrupted
        CancellationException stopped = new CancellationException(this + " was terminated before this task finished");
        for (ChunkFuture chunk : List.copyOf(outstanding)) {
            chunk.completeExceptionally(stopped);
        }
        executor.shutdownNow();
        stopFeeders();
    }

    @Override
    public boolean isShutdown() {
        synchronized (outstanding) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        boolean terminated = executor.awaitTermination(timeout, unit);
        if (terminated) {
            stopFeeders();
        }
        return terminated;
    }

    @Override
    public void join() throws InterruptedException {
        if (!isShutdown()) {
            throw new IllegalStateException("join() waits for a pool that was shut down or terminated: call shutdown() first");
        }
        while (!awaitTermination(1, TimeUnit.DAYS)) {
            // keep waiting, as Python's join does
        }
    }

    @Override
    public String toString() {
        return "ThreadPool[size=" + size() + (isShutdown() ? ", shut down" : "") + "]";
    }
}

package io.shmproc.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Everything a {@link Pool} offers, built on one operation its subclasses provide: run one chunk of work
 * on some worker ({@link #submitChunk}). Maps are split into chunks here, results reassembled in order,
 * {@code imap} reads its input a bounded window ahead, and the {@link ExecutorService} methods are
 * calls of one task each.
 */
abstract class AbstractPool implements Pool {
    private static final AtomicLong JOBS = new AtomicLong();
    private static final Object[] NO_ELEMENTS = new Object[0];
    /** Python's map makes about four chunks per worker: enough to balance, few enough to be cheap. */
    private static final int CHUNKS_PER_WORKER = 4;

    private final int size;
    private final ExecutorService feeders;

    AbstractPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool of " + size + " workers: give at least 1");
        }
        this.size = size;
        this.feeders = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(name + "-feeder-", 1).factory());
    }

    /**
     * Hands one chunk to a worker. May block while the pool's task queue is full.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the pool no longer takes work
     */
    abstract ChunkFuture submitChunk(Job job, Object[] elements);

    /** Refuses what this pool cannot run (a process pool: what cannot be serialised). */
    abstract void checkTask(Object task);

    /** Marks the start of a submission that shutdown must let finish; refuses it once shut down. */
    abstract void beginSubmitting();

    /** Marks its end. */
    abstract void endSubmitting();

    @Override
    public final int size() {
        return size;
    }

    // ------------------------------------------------------------------ apply

    @Override
    public <R> R apply(SerializableCallable<R> task) throws InterruptedException, ExecutionException {
        return applyAsync(task).get();
    }

    @Override
    public <R> CompletableFuture<R> applyAsync(SerializableCallable<R> task) {
        return call(task);
    }

    private <R> CompletableFuture<R> call(Callable<R> task) {
        Objects.requireNonNull(task, "task");
        checkTask(task);
        beginSubmitting();
        ChunkFuture chunk;
        try {
            chunk = submitChunk(new Job(Work.CALL, task), NO_ELEMENTS);
        } finally {
            endSubmitting();
        }
        LinkedFuture<R> result = new LinkedFuture<>(List.of(chunk));
        chunk.whenComplete((values, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else {
                @SuppressWarnings("unchecked")
                R value = (R) values[0];
                result.complete(value);
            }
        });
        return result;
    }

    // ------------------------------------------------------------------ map and starmap

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements)
            throws InterruptedException, ExecutionException {
        return map(function, elements, 0);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements, int chunksize)
            throws InterruptedException, ExecutionException {
        List<ChunkFuture> chunks = submitAll(new Job(Work.MAP, function), elements, chunksize, Function.identity());
        return collect(chunks);
    }

    @Override
    public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                                      Iterable<? extends T> elements) {
        return mapAsync(function, elements, 0);
    }

    @Override
    public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                                      Iterable<? extends T> elements, int chunksize) {
        return submitAllAsync(new Job(Work.MAP, function), elements, chunksize, Function.identity());
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
            throws InterruptedException, ExecutionException {
        return starmap(function, pairs, 0);
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize)
            throws InterruptedException, ExecutionException {
        return collect(submitAll(new Job(Work.STARMAP, function), pairs, chunksize, AbstractPool::pair));
    }

    @Override
    public <A, B, R> CompletableFuture<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                             Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmapAsync(function, pairs, 0);
    }

    @Override
    public <A, B, R> CompletableFuture<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                             Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                                             int chunksize) {
        return submitAllAsync(new Job(Work.STARMAP, function), pairs, chunksize, AbstractPool::pair);
    }

    private static Object pair(Object entry) {
        if (!(entry instanceof Map.Entry<?, ?> e)) {
            throw new IllegalArgumentException("starmap takes Map.Entry pairs (Map.entry(a, b)); got "
                    + (entry == null ? "null" : entry.getClass().getName()));
        }
        return Work.Pair.of(e);
    }

    /** Submits every chunk from this thread; a chunk size of 0 chooses about four chunks per worker. */
    private List<ChunkFuture> submitAll(Job job, Iterable<?> elements, int chunksize, Function<Object, Object> convert) {
        Objects.requireNonNull(elements, "elements");
        checkTask(job.function);
        beginSubmitting();
        try {
            return submitChunks(job, elements, chunksize, convert);
        } finally {
            endSubmitting();
        }
    }

    /** As {@link #submitAll}, for a caller that has begun submitting already. */
    private List<ChunkFuture> submitChunks(Job job, Iterable<?> elements, int chunksize, Function<Object, Object> convert) {
        Collection<?> all = elements instanceof Collection<?> c ? c : copy(elements);
        int chunk = chunksize > 0 ? chunksize : defaultChunksize(all.size());
        List<ChunkFuture> chunks = new ArrayList<>();
        try {
            Iterator<?> it = all.iterator();
            while (it.hasNext()) {
                chunks.add(submitChunk(job, nextChunk(it, chunk, convert)));
            }
        } catch (RuntimeException | Error e) {
            chunks.forEach(c -> c.cancel(false));
            throw e;
        }
        return chunks;
    }

    private <R> CompletableFuture<List<R>> submitAllAsync(Job job, Iterable<?> elements, int chunksize,
                                                          Function<Object, Object> convert) {
        Objects.requireNonNull(elements, "elements");
        checkTask(job.function);
        List<ChunkFuture> submitted = new ArrayList<>();
        LinkedFuture<List<R>> result = new LinkedFuture<>(submitted);
        beginSubmitting(); // refuse now, in the caller, rather than fail the future later
        feeders.execute(() -> {
            try {
                List<ChunkFuture> chunks = submitChunks(job, elements, chunksize, convert);
                synchronized (submitted) {
                    submitted.addAll(chunks);
                }
                if (result.isCancelled()) {
                    chunks.forEach(c -> c.cancel(true));
                }
                CompletableFuture.allOf(chunks.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(unwrap(failure));
                    } else {
                        result.complete(joinAll(chunks));
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                endSubmitting();
            }
        });
        return result;
    }

    private int defaultChunksize(int elements) {
        int chunks = size * CHUNKS_PER_WORKER;
        return Math.max(1, (elements + chunks - 1) / chunks);
    }

    private static List<Object> copy(Iterable<?> elements) {
        List<Object> all = new ArrayList<>();
        elements.forEach(all::add);
        return all;
    }

    private static Object[] nextChunk(Iterator<?> it, int chunksize, Function<Object, Object> convert) {
        List<Object> chunk = new ArrayList<>(Math.min(chunksize, 1024));
        while (chunk.size() < chunksize && it.hasNext()) {
            chunk.add(convert.apply(it.next()));
        }
        return chunk.toArray();
    }

    private static <R> List<R> collect(List<ChunkFuture> chunks) throws InterruptedException, ExecutionException {
        List<R> results = new ArrayList<>();
        for (ChunkFuture chunk : chunks) {
            addAll(results, chunk.get());
        }
        return results;
    }

    private static <R> List<R> joinAll(List<ChunkFuture> chunks) {
        List<R> results = new ArrayList<>();
        for (ChunkFuture chunk : chunks) {
            addAll(results, chunk.join());
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static <R> void addAll(List<R> results, Object[] values) {
        for (Object value : values) {
            results.add((R) value);
        }
    }

    // ------------------------------------------------------------------ imap

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements) {
        return imap(function, elements, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements,
                                         int chunksize) {
        return stream(function, elements, chunksize, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterable<? extends T> elements) {
        return imapUnordered(function, elements, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterable<? extends T> elements, int chunksize) {
        return stream(function, elements, chunksize, false);
    }

    private <R> ResultIterator<R> stream(Object function, Iterable<?> elements, int chunksize, boolean ordered) {
        Objects.requireNonNull(elements, "elements");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize " + chunksize + ": give at least 1");
        }
        checkTask(function);
        StreamingResults<R> results = new StreamingResults<>(size * CHUNKS_PER_WORKER, ordered);
        Job job = new Job(Work.MAP, function);
        beginSubmitting();
        feeders.execute(() -> {
            try {
                Iterator<?> it = elements.iterator();
                while (!results.closed && it.hasNext()) {
                    results.window.acquire();
                    if (results.closed) {
                        break;
                    }
                    results.add(submitChunk(job, nextChunk(it, chunksize, Function.identity())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                results.add(ChunkFuture.failed(t)); // reading the input failed: the iterator says so where it stopped
            } finally {
                endSubmitting();
                results.end();
            }
        });
        return results;
    }

    /** The iterator of {@code imap}: chunks in submission order, or as they complete. */
    private static final class StreamingResults<R> implements ResultIterator<R> {
        private static final ChunkFuture END = new ChunkFuture();

        final Semaphore window;
        volatile boolean closed;
        private final boolean ordered;
        private final BlockingQueue<ChunkFuture> ready = new LinkedBlockingQueue<>();
        private final AtomicLong outstanding = new AtomicLong();
        private volatile boolean fed;
        private ChunkFuture pending;
        private Object[] current = NO_ELEMENTS;
        private int next;

        StreamingResults(int window, boolean ordered) {
            this.window = new Semaphore(window);
            this.ordered = ordered;
        }

        void add(ChunkFuture chunk) {
            if (ordered) {
                ready.add(chunk);
            } else {
                outstanding.incrementAndGet();
                chunk.whenComplete((values, failure) -> {
                    ready.add(chunk);
                    if (outstanding.decrementAndGet() == 0 && fed) {
                        ready.add(END);
                    }
                });
            }
        }

        void end() {
            fed = true;
            if (ordered || outstanding.get() == 0) {
                ready.add(END);
            }
            // (unordered: the last completion adds END when the count reaches zero after fed is set;
            // if both see zero, a second END is harmless, as the iterator stops at the first)
        }

        @Override
        public synchronized boolean hasNext() {
            if (next < current.length) {
                return true;
            }
            if (pending == null) {
                try {
                    pending = ready.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the next result");
                }
            }
            if (pending == END) {
                ready.add(END);
                return false;
            }
            return true;
        }

        @Override
        public synchronized R next() {
            try {
                return next(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new CancellationException("interrupted while waiting for the next result");
            }
        }

        @Override
        public synchronized R next(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException {
            long deadline = System.nanoTime() + Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 2);
            while (next >= current.length) {
                if (pending == null) {
                    pending = ready.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (pending == null) {
                        throw new TimeoutException("no result within " + timeout + " " + unit);
                    }
                }
                if (pending == END) {
                    ready.add(END);
                    throw new NoSuchElementException("every result was consumed");
                }
                Object[] values;
                try {
                    values = pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException failed) {
                    pending = null;
                    window.release();
                    throw new CompletionException(failed.getCause());
                } catch (CancellationException cancelled) {
                    pending = null;
                    window.release();
                    throw cancelled;
                }
                pending = null;
                window.release();
                current = values;
                next = 0;
            }
            @SuppressWarnings("unchecked")
            R value = (R) current[next++];
            return value;
        }

        @Override
        public void close() {
            closed = true;
            window.release(Integer.MAX_VALUE / 2);
        }
    }

    // ------------------------------------------------------------------ ExecutorService

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return call(task);
    }

    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        checkTask(task);
        return call(new RunnableCall<>(task, result));
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        for (Future<T> future : futures) {
            try {
                future.get();
            } catch (ExecutionException | CancellationException done) {
                // the future holds it
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        for (Future<T> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException done) {
                // the future holds it
            } catch (TimeoutException late) {
                futures.forEach(f -> f.cancel(true));
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException impossible) {
            throw new ExecutionException("no task completed", impossible);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny of no tasks");
        }
        BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            CompletableFuture<T> future = submit(task);
            futures.add(future);
            future.whenComplete((v, e) -> done.add(future));
        }
        long deadline = System.nanoTime() + Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 2);
        ExecutionException last = null;
        try {
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<T> future = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (future == null) {
                    throw new TimeoutException("no task completed within " + timeout + " " + unit);
                }
                try {
                    return future.get();
                } catch (ExecutionException e) {
                    last = e;
                } catch (CancellationException e) {
                    last = new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /**
     * As {@link #terminate()}: tasks not yet finished fail with {@link CancellationException} rather than
     * come back, as the pool's chunks are not {@code Runnable}s a caller could run.
     */
    @Override
    public final List<Runnable> shutdownNow() {
        terminate();
        return List.of();
    }

    /** Stops the threads that feed asynchronous maps; for subclasses' termination. */
    void stopFeeders() {
        feeders.shutdownNow();
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    // ------------------------------------------------------------------ parts

    /** One apply, map or starmap: its function, travelling with each chunk, is decoded once per worker. */
    static final class Job {
        final long id = JOBS.incrementAndGet();
        final byte kind;
        final Object function;
        /** The function's serialised form, made once for all chunks by a process pool. */
        volatile EncodedFunctions.Encoded encodedFunction;

        Job(byte kind, Object function) {
            this.kind = kind;
            this.function = Objects.requireNonNull(function, "function");
        }
    }

    /** The future of one chunk; cancelling it runs the pool's reaction (a process pool kills the worker running it). */
    static class ChunkFuture extends CompletableFuture<Object[]> {
        private volatile Runnable onCancel;

        static ChunkFuture failed(Throwable t) {
            ChunkFuture future = new ChunkFuture();
            future.completeExceptionally(t);
            return future;
        }

        void onCancel(Runnable reaction) {
            this.onCancel = reaction;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Runnable reaction = onCancel;
            if (cancelled && reaction != null) {
                reaction.run();
            }
            return cancelled;
        }
    }

    /** A future made from chunk futures: cancelling it cancels them. */
    static final class LinkedFuture<T> extends CompletableFuture<T> {
        private final List<ChunkFuture> chunks;

        LinkedFuture(List<ChunkFuture> chunks) {
            this.chunks = chunks;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                synchronized (chunks) {
                    chunks.forEach(c -> c.cancel(mayInterruptIfRunning));
                }
            }
            return cancelled;
        }
    }

    /** A runnable submitted as a callable; serialisable when the runnable is. */
    private record RunnableCall<T>(Runnable task, T result) implements SerializableCallable<T> {
        @Override
        public T call() {
            task.run();
            return result;
        }
    }
}

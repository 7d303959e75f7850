package io.shmproc.process;

import io.shmproc.channel.ChannelClosedException;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLongArray;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Pool} of worker JVMs: Python's {@code multiprocessing.Pool}. Tasks and results travel
 * through two shared-memory queues of a private namespace; workers are daemon {@link JvmProcess}es, so
 * they die with this JVM whatever kills it.
 *
 * <p><b>A worker that dies never hangs the pool.</b> Before a task leaves the queue its worker records the
 * task's id in shared memory; when the worker exits, killed or crashed or by {@code System.exit}, the task
 * it was running fails with {@link WorkerDiedException} and a new worker takes its place. A worker that
 * dies before recording the id leaves the task in the queue for another. Cancelling a running task
 * ({@code future.cancel(true)}) kills its worker, which is then replaced; a cancelled task that has not
 * started is skipped. If workers keep dying before they
 * run anything (a bad JVM option, an initializer that throws), the pool gives up: pending tasks fail, and
 * so does every later submission.
 *
 * <p>Tasks, functions, elements and results must be {@link Serializable}; null, strings and boxed
 * primitives travel without Java serialisation. Submitting blocks while the task queue is full
 * (16 MiB by default), which bounds what a producer can pile up.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.builder().processes(4).maxTasksPerChild(1000).build()) {
 *     List<Long> fib = pool.map(ProcessPool::fibonacci, List.of(30, 31, 32, 33));
 *     pool.applyAsync(() -> heavy()).thenAccept(System.out::println);
 * }
 * }</pre>
 */
public final class ProcessPool extends AbstractPool {
    static final String TASKS = "tasks";
    static final String RESULTS = "results";
    static final String RUNNING = "running";
    static final String CANCELLED = "cancelled";
    /** Cancelled ids a worker checks before it runs a task; older ones are forgotten (the task then runs, unheeded). */
    static final int REMEMBERED_CANCELLATIONS = 256;
    /** This many workers in a row dying without running a task means none ever will. */
    private static final int MOST_FAILED_STARTS = 3;
    /** How long the reader waits for a message before it looks again whether an apply wants the role. */
    private static final long READER_SLICE_MILLIS = 50;
    /** How long after an apply read for itself the reader leaves the role free for the next apply. */
    private static final long DIRECT_READ_GRACE_NANOS = 200_000;
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private enum State { RUNNING, SHUTDOWN, TERMINATED }

    private final String name;
    private final Builder options;
    private final String initializer;
    private final Namespace namespace;
    private final SharedQueue<byte[]> tasks;
    private final SharedQueue<byte[]> results;
    private final SharedLongArray running;
    private final SharedLongArray cancelled;
    private final AtomicInteger cancellations = new AtomicInteger();
    private final JvmProcess[] workers;
    private final long[] generations;
    private final Map<Long, ChunkFuture> pending = new ConcurrentHashMap<>();
    private final AtomicLong taskIds = new AtomicLong();
    private final EncodedFunctions functions = new EncodedFunctions();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread reader;
    /** Held by whoever reads the result queue: the reader thread, or a blocking apply reading for itself. */
    private final ReentrantLock readingRole = new ReentrantLock();
    private final AtomicInteger directReaders = new AtomicInteger();
    private volatile long lastDirectRead = System.nanoTime() - DIRECT_READ_GRACE_NANOS;
    private volatile boolean readingDone;
    private final Object lock = new Object();
    private State state = State.RUNNING;
    private int submitters;
    private int failedStarts;
    private volatile RuntimeException broken;

    private ProcessPool(Builder options) {
        this(options, "ProcessPool-" + POOLS.incrementAndGet());
    }

    private ProcessPool(Builder options, String name) {
        super(options.processes, name);
        this.options = options;
        this.name = name;
        this.initializer = encodeInitializer(options.initializer);
        String namespaceName = "pool-" + ProcessHandle.current().pid() + "-" + name.substring(name.indexOf('-') + 1) + "-"
                + Long.toHexString(System.nanoTime() & 0xFFFFFF);
        this.namespace = Namespace.builder(namespaceName).open();
        try {
            this.tasks = SharedQueue.builder(Codecs.bytes()).capacityBytes(options.taskQueueBytes).create(namespace, TASKS);
            this.results = SharedQueue.builder(Codecs.bytes()).capacityBytes(options.taskQueueBytes).create(namespace, RESULTS);
            this.running = SharedLongArray.create(namespace, RUNNING, options.processes);
            this.cancelled = SharedLongArray.create(namespace, CANCELLED, REMEMBERED_CANCELLATIONS);
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
        this.workers = new JvmProcess[options.processes];
        this.generations = new long[options.processes];
        synchronized (lock) {
            for (int slot = 0; slot < workers.length; slot++) {
                startWorker(slot);
            }
        }
        this.reader = Thread.ofPlatform().daemon().name(name + "-results").start(this::readResults);
        OpenPools.opened(this);
    }

    /** @return a pool of as many worker JVMs as this JVM has processors */
    public static ProcessPool create() {
        return builder().build();
    }

    /** @return a pool of {@code processes} worker JVMs */
    public static ProcessPool create(int processes) {
        return builder().processes(processes).build();
    }

    /** @return a builder for a pool with an initializer, a task limit per worker, or JVM options */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ submitting

    @Override
    ChunkFuture submitChunk(Job job, Object[] elements) {
        RuntimeException failure = broken;
        if (failure != null) {
            throw new RejectedExecutionException(failure.getMessage(), failure);
        }
        EncodedFunctions.Encoded function = encodedFunction(job);
        long id = taskIds.incrementAndGet();
        byte[] message;
        try {
            message = PoolMessages.task(id, function.id(), job.kind, function.bytes(), elements);
        } catch (IOException e) {
            throw new IllegalArgumentException("the elements of a task cannot travel to a worker: " + e.getMessage()
                    + (e instanceof NotSerializableException ? " is not Serializable" : ""), e);
        }
        if (message.length > tasks.maxMessageBytes()) {
            throw new IllegalArgumentException("a task of " + message.length + " bytes is over the pool's largest, "
                    + tasks.maxMessageBytes() + " bytes: use a smaller chunksize, or a larger taskQueueBytes in the builder");
        }
        ChunkFuture future = new ChunkFuture();
        pending.put(id, future);
        future.onCancel(() -> cancelled(id));
        try {
            tasks.put(message);
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for room in the task queue", e);
        } catch (ChannelClosedException e) {
            pending.remove(id);
            throw new RejectedExecutionException("the pool was terminated: it takes no new tasks", e);
        }
        return future;
    }

    private EncodedFunctions.Encoded encodedFunction(Job job) {
        EncodedFunctions.Encoded function = job.encodedFunction;
        if (function == null) {
            try {
                function = functions.encode(job.function);
            } catch (IOException e) {
                throw new IllegalArgumentException("the task cannot travel to a worker JVM: " + e.getMessage()
                        + (e instanceof NotSerializableException ? " is not Serializable" : "")
                        + ". A lambda must be typed SerializableCallable, SerializableFunction or SerializableBiFunction, and "
                        + "what it captures must be Serializable (shared objects travel by name)", e);
            }
            job.encodedFunction = function;
        }
        return function;
    }

    @Override
    void checkTask(Object task) {
        if (!(task instanceof Serializable)) {
            throw new IllegalArgumentException("a " + task.getClass().getName() + " cannot travel to a worker JVM: it is not "
                    + "Serializable. Declare the lambda as SerializableCallable, SerializableFunction or SerializableBiFunction, "
                    + "or use a ThreadPool");
        }
    }

    @Override
    void beginSubmitting() {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException(name + " was " + (state == State.SHUTDOWN ? "shut down" : "terminated")
                        + ": it takes no new tasks");
            }
            submitters++;
        }
    }

    @Override
    void endSubmitting() {
        synchronized (lock) {
            submitters--;
            closeTasksOnceFed();
        }
    }

    private void closeTasksOnceFed() {
        if (state == State.SHUTDOWN && submitters == 0 && !tasks.isClosedForPuts()) {
            tasks.closeForPuts(); // workers exit once they have taken what is left
        }
    }

    private void cancelled(long id) {
        pending.remove(id);
        // Marked before looking for a worker running it; a worker records the task before looking for the
        // mark (both volatile), so either the worker skips it or this finds and kills the worker.
        cancelled.set(Math.floorMod(cancellations.getAndIncrement(), REMEMBERED_CANCELLATIONS), id);
        synchronized (lock) {
            for (int slot = 0; slot < workers.length; slot++) {
                if (running.get(slot) == id && workers[slot] != null) {
                    workers[slot].kill(); // its exit note starts a new worker in its place
                }
            }
        }
    }

    // ------------------------------------------------------------------ workers

    private void startWorker(int slot) {
        long generation = ++generations[slot];
        JvmProcess worker = JvmProcess.ofMain(PoolWorker.class, namespace.directory().getParent().toString(), namespace.name(),
                        Integer.toString(slot), Long.toString(options.maxTasksPerChild), initializer)
                .setName("PoolWorker-" + WORKERS.incrementAndGet())
                .setDaemon(true)
                .addJvmOptions(options.jvmOptions.toArray(new String[0]));
        workers[slot] = worker;
        worker.start();
        worker.onExit().thenRun(() -> {
            try {
                results.put(PoolMessages.exited(slot, generation));
            } catch (InterruptedException | RuntimeException closed) {
                // the pool is gone already
            }
        });
    }

    /**
     * The results reader, unless a blocking {@link #apply} is reading for itself: then it stands aside,
     * and for a moment after, so that a loop of applies keeps two threads busy (its caller and one worker)
     * rather than three on what may be two cores.
     */
    private void readResults() {
        try {
            while (!readingDone) {
                if (directReaders.get() > 0 || System.nanoTime() - lastDirectRead < DIRECT_READ_GRACE_NANOS) {
                    LockSupport.parkNanos(DIRECT_READ_GRACE_NANOS);
                    continue;
                }
                readingRole.lock();
                try {
                    byte[] message = results.poll(READER_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                    if (message != null) {
                        dispatch(message);
                    }
                } finally {
                    readingRole.unlock();
                }
            }
        } catch (Throwable t) {
            RuntimeException failure = new IllegalStateException(name + " lost its results reader: " + t, t);
            broken = failure;
            failPending(failure);
        } finally {
            finishTermination();
        }
    }

    /**
     * Runs {@code task} and waits for it, reading the result queue itself while it waits (and handing
     * every other message on as the reader would), so that no third thread has to wake up in between.
     */
    @Override
    public <R> R apply(SerializableCallable<R> task) throws InterruptedException, ExecutionException {
        CompletableFuture<R> result = applyAsync(task);
        directReaders.incrementAndGet();
        try {
            while (!result.isDone() && !readingDone) {
                if (!readingRole.tryLock()) {
                    results.offer(PoolMessages.nudge()); // ends the reader's wait for a message at once
                    if (!readingRole.tryLock(READER_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                }
                try {
                    while (!result.isDone() && !readingDone) {
                        byte[] message = results.poll(READER_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                        if (message != null) {
                            dispatch(message);
                        }
                    }
                } finally {
                    readingRole.unlock();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // a message it cannot read is as fatal here as in the reader: nobody else will read it again
            RuntimeException failure = new IllegalStateException(name + " cannot read its result queue: " + unreadable, unreadable);
            broken = failure;
            failPending(failure);
        } finally {
            lastDirectRead = System.nanoTime();
            directReaders.decrementAndGet();
        }
        return result.get();
    }

    /** Acts on one message of the result queue; whoever holds the reading role calls it, in queue order. */
    private void dispatch(byte[] bytes) throws IOException {
        PoolMessages.Reader message = new PoolMessages.Reader(bytes);
        switch (message.type) {
            case PoolMessages.RESULT -> {
                ChunkFuture future = pending.remove(message.readLong());
                if (future != null) {
                    try {
                        future.complete(message.readValues());
                    } catch (IOException | ClassNotFoundException | RuntimeException unreadable) {
                        future.completeExceptionally(new IllegalStateException("a worker's result cannot be read here: "
                                + unreadable, unreadable));
                    }
                }
            }
            case PoolMessages.FAILURE -> {
                ChunkFuture future = pending.remove(message.readLong());
                if (future != null) {
                    future.completeExceptionally(readFailure(message));
                }
            }
            case PoolMessages.EXITED -> {
                if (workerExited(message.readInt(), message.readLong())) {
                    readingDone = true;
                    LockSupport.unpark(reader);
                }
            }
            case PoolMessages.NUDGE -> {
                // a nudge from an apply that wants to read: nothing to do
            }
            default -> throw new IllegalStateException("unknown message in the results queue: " + message);
        }
    }

    private static Throwable readFailure(PoolMessages.Reader message) {
        try {
            return message.readOutcome().exception();
        } catch (IOException | ClassNotFoundException | RuntimeException unreadable) {
            return new IllegalStateException("a task failed and its exception cannot be read here: " + unreadable, unreadable);
        }
    }

    /** @return whether the pool is done: every worker gone and none to replace */
    private boolean workerExited(int slot, long generation) {
        synchronized (lock) {
            if (generations[slot] != generation) {
                return false;
            }
            JvmProcess worker = workers[slot];
            int exitCode = worker.exitCode().orElse(Integer.MIN_VALUE);
            long task = running.getAndSet(slot, 0);
            ChunkFuture died = task == 0 ? null : pending.remove(task);
            if (died != null) {
                died.completeExceptionally(new WorkerDiedException(worker.name(), worker.pid(), exitCode));
            }
            failedStarts = exitCode != 0 && task == 0 ? failedStarts + 1 : 0;
            workers[slot] = null;
            if (failedStarts >= MOST_FAILED_STARTS && broken == null) {
                broken = new IllegalStateException(name + ": " + failedStarts + " workers in a row died before running a task "
                        + "(the last with exit code " + exitCode + "); see their standard error. JVM options: " + options.jvmOptions);
                failPending(broken);
                state = State.TERMINATED;
                tasks.closeForPuts();
                stopAllWorkers();
            }
            boolean moreWork = state == State.RUNNING || (state == State.SHUTDOWN && !tasks.isDrained());
            if (moreWork && broken == null) {
                startWorker(slot);
                return false;
            }
            for (JvmProcess other : workers) {
                if (other != null) {
                    return false;
                }
            }
            failPending(new CancellationException(name + " stopped before this task ran"));
            return true;
        }
    }

    private void stopAllWorkers() {
        for (JvmProcess worker : workers) {
            if (worker != null) {
                worker.kill();
            }
        }
    }

    private void failPending(RuntimeException failure) {
        for (Long id : List.copyOf(pending.keySet())) {
            ChunkFuture future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(failure);
            }
        }
    }

    private void finishTermination() {
        synchronized (lock) {
            state = State.TERMINATED;
            stopAllWorkers();
        }
        stopFeeders();
        tasks.close();
        results.close();
        running.close();
        cancelled.close();
        namespace.close();
        terminated.countDown();
        OpenPools.terminated(this);
    }

    // ------------------------------------------------------------------ life cycle

    /** No new tasks; what was submitted still runs, then the workers exit (Python's {@code close()}). */
    @Override
    public void shutdown() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
                closeTasksOnceFed();
            }
        }
    }

    @Override
    public void terminate() {
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            tasks.closeForPuts();
            stopAllWorkers();
        }
        failPending(new CancellationException(name + " was terminated before this task finished"));
        // the last worker's exit note ends the reader, which releases the shared memory
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return state != State.RUNNING;
        }
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    @Override
    public void join() throws InterruptedException {
        if (!isShutdown()) {
            throw new IllegalStateException(name + " is running: join() waits for a pool that was shut down or terminated; "
                    + "call shutdown() or terminate() first");
        }
        terminated.await();
    }

    /** @return the directory of the pool's private namespace, for tests and tools */
    java.nio.file.Path namespaceDirectory() {
        return namespace.directory();
    }

    /** @return the worker JVMs running now, for tests and tools */
    public List<JvmProcess> workers() {
        synchronized (lock) {
            List<JvmProcess> alive = new ArrayList<>();
            for (JvmProcess worker : workers) {
                if (worker != null) {
                    alive.add(worker);
                }
            }
            return alive;
        }
    }

    @Override
    public String toString() {
        return name + "[size=" + size() + ", " + (isTerminated() ? "terminated" : isShutdown() ? "shut down" : "running")
                + ", pending=" + pending.size() + "]";
    }

    private static String encodeInitializer(SerializableRunnable initializer) {
        if (initializer == null) {
            return "";
        }
        try {
            return Base64.getEncoder().encodeToString(Outcome.serialise(initializer));
        } catch (IOException e) {
            throw new IllegalArgumentException("the initializer cannot travel to the workers: " + e.getMessage()
                    + " is not Serializable", e);
        }
    }

    /**
     * Options of a new pool.
     *
     * <pre>{@code
     * ProcessPool pool = ProcessPool.builder()
     *         .processes(8)
     *         .initializer(() -> Worker.loadModel())   // once in each worker, before its first task
     *         .maxTasksPerChild(500)                   // then the worker is replaced by a fresh JVM
     *         .jvmOptions("-Xmx512m")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private int processes = JvmProcess.cpuCount();
        private SerializableRunnable initializer;
        private long maxTasksPerChild;
        private List<String> jvmOptions = List.of();
        private int taskQueueBytes = 16 << 20;

        private Builder() {
        }

        /** @param count how many worker JVMs (default: {@link JvmProcess#cpuCount()}) */
        public Builder processes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a pool of " + count + " processes: give at least 1");
            }
            this.processes = count;
            return this;
        }

        /** @param initializer what each worker runs once before its first task */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** @param tasks how many tasks a worker runs before a fresh JVM replaces it (default 0: no limit) */
        public Builder maxTasksPerChild(long tasks) {
            if (tasks < 0) {
                throw new IllegalArgumentException("maxTasksPerChild " + tasks + ": give 0 (no limit) or more");
            }
            this.maxTasksPerChild = tasks;
            return this;
        }

        /** @param options JVM options for the workers, after those they inherit from this JVM */
        public Builder jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /** @param bytes size of each of the task and result queues (default 16 MiB); a task or result may take half */
        public Builder taskQueueBytes(int bytes) {
            this.taskQueueBytes = bytes;
            return this;
        }

        /** @return the pool, its workers started */
        public ProcessPool build() {
            return new ProcessPool(this);
        }
    }

}

package io.shmproc.process;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Python's {@code multiprocessing.Pool} as a Java {@link ExecutorService}: a fixed number of workers
 * running tasks, with {@code apply}, {@code map}, {@code imap}, {@code imapUnordered} and
 * {@code starmap} in blocking and asynchronous forms. {@link ProcessPool} runs them in worker JVMs,
 * {@link ThreadPool} in threads of this JVM (Python's {@code multiprocessing.dummy}); both keep this
 * contract.
 *
 * <p>Functions and tasks are {@link SerializableFunction}s, {@link SerializableBiFunction}s and
 * {@link SerializableCallable}s, so that a lambda can travel to a worker JVM; elements and results must
 * be {@link java.io.Serializable} for a process pool. Maps split their input into chunks of
 * {@code chunksize} elements, each sent to a worker as one task (by default about four chunks per worker
 * for {@code map}, one element per chunk for {@code imap}). Results keep the input's order, except for
 * {@code imapUnordered}.
 *
 * <p>A task that throws fails its future with {@link ExecutionException} whose cause is the exception,
 * with the stack trace of where it was thrown (in a worker JVM, a {@link RemoteTaskException} when its
 * class cannot travel), and the pool carries on. The asynchronous forms return {@link CompletableFuture}s,
 * whose {@code thenAccept} and {@code exceptionally} are Python's {@code callback} and
 * {@code error_callback}.
 *
 * <p>Life cycle in Python's words and Java's: {@code close()} in Python is {@link #shutdown()} here (no
 * new tasks; what was submitted still runs), {@code terminate()} is {@link #terminate()} (or
 * {@link #shutdownNow()}), {@code join()} is {@link #join()} (or {@link #awaitTermination}), and Java's
 * {@link #close()} is shutdown and wait, as for every {@code ExecutorService}.
 *
 * <pre>{@code
 * try (Pool pool = ProcessPool.create(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));          // [1, 4, 9, 16]
 *     CompletableFuture<Long> pid = pool.applyAsync(() -> ProcessHandle.current().pid());
 *     pid.thenAccept(p -> System.out.println("ran in " + p));
 * }
 * }</pre>
 */
public interface Pool extends ExecutorService {
    /** @return how many workers the pool runs */
    int size();

    /** Runs {@code task} on a worker and waits for its result. */
    <R> R apply(SerializableCallable<R> task) throws InterruptedException, ExecutionException;

    /** Runs {@code task} on a worker; the future completes with its result or its exception. */
    <R> CompletableFuture<R> applyAsync(SerializableCallable<R> task);

    /** Applies {@code function} to every element, about four chunks per worker, and waits for the results in order. */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements)
            throws InterruptedException, ExecutionException;

    /** As {@link #map(SerializableFunction, Iterable)}, in chunks of {@code chunksize} elements. */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements, int chunksize)
            throws InterruptedException, ExecutionException;

    /** As {@link #map(SerializableFunction, Iterable)}, without waiting. */
    <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements);

    /** As {@link #map(SerializableFunction, Iterable, int)}, without waiting. */
    <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements,
                                               int chunksize);

    /** Applies {@code function} to every element, one element per task, reading the input lazily; results in order. */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements);

    /** As {@link #imap(SerializableFunction, Iterable)}, in chunks of {@code chunksize} elements. */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements, int chunksize);

    /** As {@link #imap(SerializableFunction, Iterable)}, with results in the order they are ready. */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements);

    /** As {@link #imap(SerializableFunction, Iterable, int)}, with results in the order they are ready. */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> elements,
                                           int chunksize);

    /** Applies {@code function} to every pair's key and value (Python's {@code starmap}); results in order. */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) throws InterruptedException, ExecutionException;

    /** As {@link #starmap(SerializableBiFunction, Iterable)}, in chunks of {@code chunksize} pairs. */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize)
            throws InterruptedException, ExecutionException;

    /** As {@link #starmap(SerializableBiFunction, Iterable)}, without waiting. */
    <A, B, R> CompletableFuture<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                      Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /** As {@link #starmap(SerializableBiFunction, Iterable, int)}, without waiting. */
    <A, B, R> CompletableFuture<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                      Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize);

    /**
     * Stops at once: workers are stopped, tasks not yet finished fail with
     * {@link java.util.concurrent.CancellationException}, and the pool is terminated (Python's {@code terminate()}).
     */
    void terminate();

    /**
     * Waits until every worker has exited (Python's {@code join()}).
     *
     * @throws IllegalStateException if the pool was neither shut down nor terminated, as Python refuses
     */
    void join() throws InterruptedException;
}

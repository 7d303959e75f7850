package io.shmproc.process;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@link Pool#imap} or {@link Pool#imapUnordered}, as they come. The input is read a
 * window of chunks ahead of what has been consumed, never all at once. {@link #next()} blocks until the
 * next result is there; a task that threw makes {@code next()} throw a
 * {@link java.util.concurrent.CompletionException} whose cause is the task's exception, once, and
 * iteration can go on with the results after it. Closing the iterator stops reading the input; chunks
 * already handed to workers still run.
 *
 * <pre>{@code
 * try (ResultIterator<String> lines = pool.imap(Files::readString, paths)) {
 *     while (lines.hasNext()) {
 *         System.out.println(lines.next(10, TimeUnit.SECONDS));
 *     }
 * }
 * }</pre>
 *
 * @param <R> the result type
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {
    /**
     * As {@link #next()}, waiting at most {@code timeout} (Python's {@code next(timeout)}).
     *
     * @throws TimeoutException if no result came in time; the result still comes to a later call
     * @throws java.util.NoSuchElementException if every result was consumed
     */
    R next(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException;

    /** Stops reading the input; idempotent. */
    @Override
    void close();
}

package io.shmproc.channel;

import io.shmproc.sync.Sleeper;
import java.lang.foreign.MemorySegment;
import org.agrona.MutableDirectBuffer;

/**
 * A ring of variable-length messages in shared memory, as the public channels use it: {@link Ring}
 * (many writers, many readers) behind a {@link SharedQueue}, {@link PipeRing} (one writer at a time)
 * behind each direction of a {@link Pipe}.
 *
 * <pre>{@code
 * MessageRing ring = ...;
 * ring.offer(bytes, 0, bytes.length, (source, from, data, index, length) -> data.putBytes(index, source, from, length),
 *         Long.MAX_VALUE);
 * ring.take((buffer, offset, length) -> System.out.println(length + " bytes"), 1, MessageRing.NO_WAIT);
 * }</pre>
 *
 * Deadlines are {@link System#nanoTime()} values, {@link Long#MAX_VALUE} for "wait as long as it
 * takes", or {@link #NO_WAIT}.
 */
interface MessageRing {
    /** A deadline meaning "do not wait at all". */
    long NO_WAIT = Long.MIN_VALUE;

    /** Writes a message of a length known before the claim, straight into the ring. */
    interface Writer<T> {
        /**
         * @param message what to write
         * @param from    where in {@code message} to start, for writers that copy from a buffer
         * @param buffer  the ring's data; write only {@code [index, index + length)}
         */
        void write(T message, int from, MutableDirectBuffer buffer, int index, int length);
    }

    /**
     * Puts one message of {@code length} bytes that {@code writer} writes in place; it is in shared memory
     * when this returns true.
     *
     * @return false if there was no room before the deadline
     * @throws ChannelClosedException if the ring is closed (or, for a pipe, its reader is gone while it is full)
     * @throws MessageTooLargeException if {@code length} exceeds {@link #maxMessage()}
     */
    <T> boolean offer(T message, int from, int length, Writer<T> writer, long deadline) throws InterruptedException;

    /**
     * Delivers at most {@code limit} messages to {@code reader}, waiting until the deadline for the first.
     * A message whose handler throws is consumed all the same, and the exception is rethrown.
     *
     * @return how many were delivered: 0 if none came before the deadline, -1 if the ring has ended
     *         (closed, or its writer gone) and is drained
     */
    int take(MessageHandler reader, int limit, long deadline) throws InterruptedException;

    /**
     * Waits until a message is there or the ring has ended, without taking anything.
     *
     * @return false if neither happened before the deadline
     */
    boolean awaitReadable(long deadline) throws InterruptedException;

    /**
     * @return whether a take would return at once; {@code checkWriter}: also ask the process table whether
     *         a gone writer ended the stream (a pipe) or left a claim that a take would skip (a queue)
     */
    boolean readableNow(boolean checkWriter);

    /** @return the memory readers sleep in: {@link #dataSequenceOffset()} and {@link #readerSleepingOffset()} are in it */
    MemorySegment sleepMemory();

    /** @return where in {@link #sleepMemory()} the word readers sleep on lives: writers bump it after a commit */
    long dataSequenceOffset();

    /** @return where in {@link #sleepMemory()} a reader announces its sleep, for the waking writer to clear */
    long readerSleepingOffset();

    /** @return the word readers sleep on, read before {@link #announceReaderSleep()} */
    default int dataSequence() {
        return (int) RingLayout.INT.getVolatile(sleepMemory(), dataSequenceOffset());
    }

    /**
     * Announces that a reader is about to sleep on {@link #dataSequence()} (read before this call), so the
     * next commit wakes it; the waking writer clears the announcement ({@link Sleeper#announce}).
     */
    default void announceReaderSleep() {
        Sleeper.announce(sleepMemory(), readerSleepingOffset());
    }

    /**
     * @return whether a reader announced a sleep that no commit has answered yet (it may since have woken
     *         for another reason, or died): what tools and tests look at
     */
    default boolean readerSleepAnnounced() {
        return (int) RingLayout.INT.getVolatile(sleepMemory(), readerSleepingOffset()) != 0;
    }

    /**
     * @return whether the next record is claimed but not committed yet: a reader that sleeps now may miss
     *         its commit's wake-up (see {@link Ring}), so it sleeps only {@link #unfinishedRecordSlice(int)}
     */
    default boolean nextRecordUnfinished() {
        return false;
    }

    /**
     * How long a reader facing an unfinished record sleeps before it looks again: 50 us at first, doubling
     * to {@link Sleeper#SLICE_NANOS}. A writer is seldom seen mid-record for long (it was descheduled, or
     * its codec is slow), so the looks cost little, and a missed wake-up costs the first slice at most.
     *
     * @param sleeps how many times the reader slept already in this wait
     */
    static long unfinishedRecordSlice(int sleeps) {
        return Math.min(Sleeper.SLICE_NANOS, UNFINISHED_RECORD_FIRST_SLICE_NANOS << Math.min(sleeps, 16));
    }

    /** First sleep of a reader facing an unfinished record: see {@link #unfinishedRecordSlice(int)}. */
    long UNFINISHED_RECORD_FIRST_SLICE_NANOS = 50_000;

    /** Closes the ring for puts, waking every sleeper so it sees it. */
    void close();

    /** @return data bytes */
    int capacity();

    /** @return the largest payload accepted */
    int maxMessage();
}

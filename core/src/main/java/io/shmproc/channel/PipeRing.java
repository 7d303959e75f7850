package io.shmproc.channel;

import static io.shmproc.channel.PipeRingLayout.INT;
import static io.shmproc.channel.PipeRingLayout.LONG;

import io.shmproc.memory.Region;
import io.shmproc.memory.SegmentBuffer;
import io.shmproc.sync.EmbeddedMutex;
import io.shmproc.sync.Sleeper;
import io.shmproc.sync.Spinning;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * One direction of a {@link Pipe}: a ring of variable-length records with one writer and one reader at
 * a time, laid out as {@link PipeRingLayout} describes.
 *
 * <p>A send takes the writer mutex, writes the record in place, commits it with a release store of its
 * header and moves the tail; a take takes the reader mutex, hands over the record at the head, moves
 * the head, zeroes the record and moves {@code clean} so the writer may reuse the bytes. Both mutexes
 * are robust: whoever takes one over from a dead holder repairs what it left. Holding a mutex per
 * operation, rather than claiming space among several writers as {@link Ring} does, keeps every
 * thread of every process able to use either end while the hot path stays one compare-and-set to
 * lock, one to unlock and a handful of stores.
 */
final class PipeRing implements MessageRing {
    private static final int SPINS = Spinning.SPINS;
    private static final int WRITER_CHECK_INTERVAL = 1 << 16;

    private final String description;
    private final MemorySegment control;
    private final MemorySegment data;
    private final SegmentBuffer dataBuffer;
    private final int capacity;
    private final int mask;
    private final int maxMessage;
    private final EmbeddedMutex writers;
    private final EmbeddedMutex readers;
    /** Whether the ring's writer is gone for good (the peer closed its end or died). */
    private volatile BooleanSupplier writerGone;
    /** Whether the ring's reader is gone for good (the peer died). */
    private volatile BooleanSupplier readerGone;
    /** Empty non-waiting takes so far, racy on purpose: it only spaces out the look for a gone writer. */
    private int noWaitCalls;
    /** Last {@code clean} this JVM saw, read and written under the writer mutex: a stale value is only ever too small. */
    private long cleanSeen;

    /** Lays out a new ring in {@code payload}; called once by the creator before it publishes the object. */
    static void initialise(MemorySegment payload, int capacity, int maxMessage) {
        INT.set(payload, PipeRingLayout.CAPACITY_OFFSET, capacity);
        INT.set(payload, PipeRingLayout.MAX_MESSAGE_OFFSET, maxMessage);
    }

    /**
     * @param region      the pipe's object
     * @param control     where this direction's layout starts
     * @param description how errors name it, such as "pipe 'p' (towards its first end)"
     */
    PipeRing(Region region, MemorySegment control, String description) {
        this.description = description;
        this.control = control;
        this.capacity = (int) INT.get(control, PipeRingLayout.CAPACITY_OFFSET);
        this.mask = capacity - 1;
        this.maxMessage = (int) INT.get(control, PipeRingLayout.MAX_MESSAGE_OFFSET);
        this.data = control.asSlice(PipeRingLayout.DATA_OFFSET, capacity);
        this.dataBuffer = new SegmentBuffer(data);
        this.writers = new EmbeddedMutex(region, control.asSlice(PipeRingLayout.WRITER_MUTEX_OFFSET, EmbeddedMutex.BYTES),
                region.name() + " (writer)");
        this.readers = new EmbeddedMutex(region, control.asSlice(PipeRingLayout.READER_MUTEX_OFFSET, EmbeddedMutex.BYTES),
                region.name() + " (reader)");
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int maxMessage() {
        return maxMessage;
    }

    /**
     * Makes an empty ring whose writer is gone report the end of the stream, as a closed one does. Asked
     * only after the spin and by one non-waiting take in many, since it may cost a system call.
     */
    void endWhenWriterGone(BooleanSupplier gone) {
        this.writerGone = gone;
    }

    /** Makes a writer facing a full ring whose reader is gone fail instead of waiting forever. */
    void failWhenReaderGone(BooleanSupplier gone) {
        this.readerGone = gone;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public <T> boolean offer(T message, int from, int length, Writer<T> writer, long deadline) throws InterruptedException {
        if (length > maxMessage) {
            throw new MessageTooLargeException(description, length, maxMessage);
        }
        // a non-waiting send does not queue behind a writer that waits for room
        if (!(deadline == NO_WAIT ? writers.tryLock() : writers.tryLockUntil(deadline))) {
            return false;
        }
        boolean committed;
        try {
            if (writers.acquiredFromDeadOwner()) {
                repairAfterDeadWriter();
            }
            committed = write(message, from, length, writer, deadline);
        } finally {
            writers.unlock();
        }
        // after the unlock, whose compare-and-set orders the commit before this look: a reader that
        // announced its sleep is seen here, or its last look sees the record
        if (committed) {
            Sleeper.wakeAnnounced(control, PipeRingLayout.READER_SLEEPING_OFFSET, PipeRingLayout.DATA_SEQUENCE_OFFSET);
        }
        return committed;
    }

    /** Writes and commits one record; the writer mutex is held. @return false if no room came in time */
    private <T> boolean write(T message, int from, int length, Writer<T> writer, long deadline) throws InterruptedException {
        int recordSize = PipeRingLayout.recordSize(length);
        for (int round = 0;; ) {
            if (isClosed()) {
                throw new ChannelClosedException(description + " is closed: no more messages may be sent into it");
            }
            long tail = (long) LONG.get(control, PipeRingLayout.TAIL_OFFSET);
            int index = (int) tail & mask;
            int toEnd = capacity - index;
            int span = recordSize <= toEnd ? recordSize : toEnd + recordSize;
            long limit = tail + span - capacity;
            if (limit > cleanSeen) {
                cleanSeen = (long) LONG.getVolatile(control, PipeRingLayout.CLEAN_OFFSET);
                if (limit > cleanSeen) {
                    if (!awaitSpace(limit, deadline, round++)) {
                        return false;
                    }
                    continue;
                }
            }
            int recordIndex = span == recordSize ? index : 0;
            try {
                writer.write(message, from, dataBuffer, recordIndex + PipeRingLayout.HEADER_BYTES, length);
            } catch (RuntimeException | Error e) {
                zero(recordIndex + PipeRingLayout.HEADER_BYTES, length); // free bytes must stay zero
                throw e;
            }
            LONG.setRelease(data, (long) recordIndex, PipeRingLayout.committedHeader(length));
            if (recordIndex != index) {
                // after the record it leads to, so a reader that sees the padding sees the record
                LONG.setRelease(data, (long) index, PipeRingLayout.paddingHeader(toEnd));
            }
            LONG.setRelease(control, PipeRingLayout.TAIL_OFFSET, tail + span);
            return true;
        }
    }

    private boolean awaitSpace(long cleanNeeded, long deadline, int round) throws InterruptedException {
        if (deadline == NO_WAIT) {
            return false;
        }
        if (round < SPINS) {
            Spinning.pause(round);
            return true;
        }
        BooleanSupplier gone = readerGone;
        if (gone != null && gone.getAsBoolean()) {
            throw new ChannelClosedException(description + " is full and its reader is gone: nobody will receive more");
        }
        int seen = (int) INT.getVolatile(control, PipeRingLayout.SPACE_SEQUENCE_OFFSET);
        Sleeper.announce(control, PipeRingLayout.WRITER_SLEEPING_OFFSET);
        if ((long) LONG.getVolatile(control, PipeRingLayout.CLEAN_OFFSET) >= cleanNeeded || isClosed()) {
            return true;
        }
        return Sleeper.sleep(control, PipeRingLayout.SPACE_SEQUENCE_OFFSET, seen, deadline, round - SPINS);
    }

    /**
     * Finishes what a writer that died holding the writer mutex left: records it committed before it could
     * move the tail are kept, and the bytes it wrote beyond them without committing are zeroed, so that
     * free bytes are zero again before the next record is written over them.
     */
    private void repairAfterDeadWriter() {
        long tail = (long) LONG.getVolatile(control, PipeRingLayout.TAIL_OFFSET);
        long clean = (long) LONG.getVolatile(control, PipeRingLayout.CLEAN_OFFSET);
        for (;;) {
            long header = (long) LONG.getVolatile(data, (long) ((int) tail & mask));
            int span = header == 0L ? 0 : PipeRingLayout.span(header);
            if (span <= 0 || tail + span - clean > capacity) {
                break;
            }
            tail += span;
        }
        LONG.setRelease(control, PipeRingLayout.TAIL_OFFSET, tail);
        zero((int) tail & mask, (int) (clean + capacity - tail));
        cleanSeen = clean;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int take(MessageHandler reader, int limit, long deadline) throws InterruptedException {
        for (int round = 0;; round++) {
            boolean checkWriter = round >= SPINS || deadline == NO_WAIT && timeToCheckWriter();
            if (headerAtHead() != 0L) {
                if (!(deadline == NO_WAIT ? readers.tryLock() : readers.tryLockUntil(deadline))) {
                    return 0;
                }
                int delivered;
                try {
                    if (readers.acquiredFromDeadOwner()) {
                        releaseTaken(); // it delivered records but died before zeroing them
                    }
                    delivered = deliver(reader, limit);
                } finally {
                    releaseTaken();
                    readers.unlock();
                    // after the unlock, whose compare-and-set orders the release of the bytes before this look
                    wakeSleepingWriter();
                }
                if (delivered > 0) {
                    return delivered;
                }
            }
            if (ended(checkWriter)) {
                return -1;
            }
            if (deadline == NO_WAIT) {
                return 0;
            }
            if (round < SPINS) {
                round += Spinning.pause(round);
            } else if (!awaitData(deadline, round - SPINS)) {
                return 0;
            }
        }
    }

    /**
     * Hands over committed records from the head, skipping padding; the reader mutex is held. A reader
     * that dies in the handler leaves the head where it was, so the record goes to the next reader.
     */
    private int deliver(MessageHandler reader, int limit) {
        int delivered = 0;
        long head = (long) LONG.get(control, PipeRingLayout.HEAD_OFFSET);
        long clean = (long) LONG.get(control, PipeRingLayout.CLEAN_OFFSET);
        while (delivered < limit) {
            int index = (int) head & mask;
            long header = (long) LONG.getAcquire(data, (long) index);
            if (header == 0L) {
                break;
            }
            if (PipeRingLayout.isPadding(header)) {
                head += PipeRingLayout.length(header);
                LONG.setRelease(control, PipeRingLayout.HEAD_OFFSET, head);
                continue;
            }
            int length = PipeRingLayout.length(header) - 1;
            RuntimeException failure = null;
            try {
                reader.onMessage(dataBuffer, index + PipeRingLayout.HEADER_BYTES, length);
            } catch (RuntimeException e) {
                failure = e; // consumed all the same: a poisoned message must not wedge the pipe
            }
            head += PipeRingLayout.recordSize(length);
            LONG.setRelease(control, PipeRingLayout.HEAD_OFFSET, head);
            delivered++;
            if (failure != null) {
                throw failure;
            }
            if (head - clean > capacity >> 2) {
                // release within a batch too: the head must never come round to bytes not yet zeroed
                releaseTaken();
                clean = head;
            }
        }
        return delivered;
    }

    /** Zeroes the bytes taken since the last release and lets the writer reuse them; the reader mutex is held. */
    private void releaseTaken() {
        long clean = (long) LONG.get(control, PipeRingLayout.CLEAN_OFFSET);
        long head = (long) LONG.get(control, PipeRingLayout.HEAD_OFFSET);
        if (clean != head) {
            zero((int) clean & mask, (int) (head - clean));
            LONG.setRelease(control, PipeRingLayout.CLEAN_OFFSET, head);
        }
    }

    private void wakeSleepingWriter() {
        Sleeper.wakeAnnounced(control, PipeRingLayout.WRITER_SLEEPING_OFFSET, PipeRingLayout.SPACE_SEQUENCE_OFFSET);
    }

    @Override
    public boolean awaitReadable(long deadline) throws InterruptedException {
        for (int round = 0;; round++) {
            if (readableNow(round >= SPINS || deadline == NO_WAIT && timeToCheckWriter())) {
                return true;
            }
            if (deadline == NO_WAIT) {
                return false;
            }
            if (round < SPINS) {
                round += Spinning.pause(round);
            } else if (!awaitData(deadline, round - SPINS)) {
                return false;
            }
        }
    }

    @Override
    public boolean readableNow(boolean checkWriter) {
        return nextLength() >= 0 || ended(checkWriter);
    }

    /**
     * @return the payload length of the message a take would deliver next, or -1 if none is there now
     *         (the ring is empty, or its next message is not committed yet)
     */
    int nextLength() {
        long head = (long) LONG.getVolatile(control, PipeRingLayout.HEAD_OFFSET);
        long header = (long) LONG.getAcquire(data, (long) ((int) head & mask));
        if (header != 0L && PipeRingLayout.isPadding(header)) {
            // the record after the padding was committed before it
            header = (long) LONG.getAcquire(data, (long) ((int) (head + PipeRingLayout.length(header)) & mask));
        }
        return header == 0L || PipeRingLayout.isPadding(header) ? -1 : PipeRingLayout.length(header) - 1;
    }

    /**
     * Sleeps until the writer commits (or a slice passes, so that a gone writer or an interrupt is noticed).
     * The sleep is announced before a last look at the head, and the writer looks for an announcement
     * after its commit: either the look sees the record, or the writer sees the announcement and wakes us.
     * A reader killed in its sleep leaves the announcement, which costs the next send one wake-up call.
     */
    private boolean awaitData(long deadline, int round) throws InterruptedException {
        int seen = (int) INT.getVolatile(control, PipeRingLayout.DATA_SEQUENCE_OFFSET);
        Sleeper.announce(control, PipeRingLayout.READER_SLEEPING_OFFSET);
        if (headerAtHead() != 0L || isClosed()) {
            return true;
        }
        return Sleeper.sleep(control, PipeRingLayout.DATA_SEQUENCE_OFFSET, seen, deadline, round, Sleeper.INTERRUPT_SLICE_NANOS);
    }

    /** @return the header at the head: non-zero when a record or padding is committed there */
    private long headerAtHead() {
        long head = (long) LONG.getVolatile(control, PipeRingLayout.HEAD_OFFSET);
        return (long) LONG.getAcquire(data, (long) ((int) head & mask));
    }

    /** @return whether non-waiting takes and polls should ask, this time, whether the writer is gone: it costs a system call */
    private boolean timeToCheckWriter() {
        return (++noWaitCalls & (WRITER_CHECK_INTERVAL - 1)) == 0;
    }

    /** @return whether the ring is drained for good: closed, or (when asked to check) its writer gone */
    private boolean ended(boolean checkWriter) {
        BooleanSupplier gone = writerGone;
        boolean over = isClosed() || checkWriter && gone != null && gone.getAsBoolean();
        return over && headerAtHead() == 0L; // after the check: what a gone writer committed is still delivered
    }

    @Override
    public MemorySegment sleepMemory() {
        return control;
    }

    @Override
    public long dataSequenceOffset() {
        return PipeRingLayout.DATA_SEQUENCE_OFFSET;
    }

    @Override
    public long readerSleepingOffset() {
        return PipeRingLayout.READER_SLEEPING_OFFSET;
    }

    // ---------------------------------------------------------------- state

    boolean isClosed() {
        return (int) INT.getVolatile(control, PipeRingLayout.CLOSED_OFFSET) != 0;
    }

    @Override
    public void close() {
        INT.setVolatile(control, PipeRingLayout.CLOSED_OFFSET, 1);
        INT.getAndAdd(control, PipeRingLayout.DATA_SEQUENCE_OFFSET, 1);
        INT.getAndAdd(control, PipeRingLayout.SPACE_SEQUENCE_OFFSET, 1);
        Sleeper.wakeAll(control, PipeRingLayout.DATA_SEQUENCE_OFFSET);
        Sleeper.wakeAll(control, PipeRingLayout.SPACE_SEQUENCE_OFFSET);
    }

    /** Zeroes {@code size} bytes from {@code index}, wrapping at the end of the data. */
    private void zero(int index, int size) {
        RingMemory.zero(data, index, size);
    }

    /**
     * Reads the state of a direction for tools, without taking anything: committed messages (walked from
     * the head, so a reader taking meanwhile may make the count short), bytes in use, and whether closed.
     *
     * @param capacity the pipe's data bytes, a power of two, already checked against the mapping's size
     * @return {messages, bytes, closed (0 or 1)}
     */
    static long[] inspect(MemorySegment control, int capacity) {
        long head = (long) LONG.getVolatile(control, PipeRingLayout.HEAD_OFFSET);
        long tail = Math.min((long) LONG.getVolatile(control, PipeRingLayout.TAIL_OFFSET), head + capacity);
        long messages = 0;
        for (long at = head; at < tail; ) {
            long header = (long) LONG.getVolatile(control, PipeRingLayout.DATA_OFFSET + (at & (capacity - 1)));
            int span = header == 0L ? 0 : PipeRingLayout.span(header);
            if (span <= 0 || span > capacity) {
                break; // taken meanwhile
            }
            if (!PipeRingLayout.isPadding(header)) {
                messages++;
            }
            at += span;
        }
        long bytes = Math.clamp(tail - head, 0, capacity);
        return new long[] {messages, bytes, (int) INT.getVolatile(control, PipeRingLayout.CLOSED_OFFSET)};
    }
}

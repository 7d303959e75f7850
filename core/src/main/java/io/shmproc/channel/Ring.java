package io.shmproc.channel;

import static io.shmproc.channel.RingLayout.INT;
import static io.shmproc.channel.RingLayout.LONG;

import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import io.shmproc.memory.SegmentBuffer;
import io.shmproc.memory.ShmException;
import io.shmproc.sync.EmbeddedMutex;
import io.shmproc.sync.Sleeper;
import io.shmproc.sync.Spinning;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The multi-producer, multi-consumer ring of variable-length records behind {@link SharedQueue} (a
 * pipe's directions have their own single-writer {@link PipeRing}), laid out as {@link RingLayout} describes.
 *
 * <p>Producers are lock-free: each announces its claim in its own entry, swings the tail with one
 * compare-and-set, writes the record in place and commits it with a release store of its length.
 * Consumers take turns under a robust mutex, deliver a record by advancing the head, then zero the
 * record and advance {@code clean} so producers may reuse the bytes. A producer that dies mid-record is
 * found through its entry and skipped; a consumer that dies holding the mutex is repaired by the next.
 */
final class Ring implements MessageRing {
    /** How often a waiter spins before it sleeps: a hot hand-off never pays a system call. */
    private static final int SPINS = Spinning.SPINS;
    private static final int EMPTY = -1;
    private static final int WAITING = -2;
    private static final int DEAD_PRODUCER_LOOK_INTERVAL = 1 << 16;

    /** One producing thread's claim entry; each thread keeps its own while it lives. */
    static final class Producer {
        final int entry;
        final long offset;
        Thread thread;
        long puts;
        /** The claim size the entry announces already: a claim of the same size need not write it again. */
        int announcedSize = -1;

        Producer(int entry, Thread thread) {
            this.entry = entry;
            this.offset = RingLayout.entryOffset(entry);
            this.thread = thread;
        }
    }

    private final Region region;
    private final String description;
    private final MemorySegment control;
    private final MemorySegment data;
    private final SegmentBuffer dataBuffer;
    private final int capacity;
    private final int mask;
    private final int maxMessage;
    private final int maxCount;
    private final int entries;
    private final EmbeddedMutex consumers;
    private final ProcessTable processes;
    private final ProcessId self;
    private final ThreadLocal<Producer> producer = ThreadLocal.withInitial(this::reserveEntry);
    private final List<Producer> localProducers = new ArrayList<>();
    /** Empty non-waiting takes so far, racy on purpose: it only spaces out liveness checks. */
    private int noWaitCalls;
    /** Last {@code clean} this JVM saw: a stale value is only ever too small, so it is safe to trust. */
    private long cleanSeen;

    /** Lays out a new ring in {@code payload}; called once by the creator before it publishes the object. */
    static void initialise(MemorySegment payload, int capacity, int maxMessage, int maxCount, int entries, boolean joinable) {
        INT.set(payload, RingLayout.JOINABLE_OFFSET, joinable ? 1 : 0);
        INT.set(payload, RingLayout.CAPACITY_OFFSET, capacity);
        INT.set(payload, RingLayout.MAX_MESSAGE_OFFSET, maxMessage);
        INT.set(payload, RingLayout.MAX_COUNT_OFFSET, maxCount);
        INT.set(payload, RingLayout.ENTRIES_OFFSET, entries);
        for (int i = 0; i < entries; i++) {
            LONG.set(payload, RingLayout.entryOffset(i) + RingLayout.ENTRY_POSITION, RingLayout.NO_CLAIM);
        }
    }

    /**
     * @param region      the ring's object
     * @param control     where the layout starts (the region's payload, or a part of it)
     * @param description how errors name it, such as "queue 'jobs'"
     */
    Ring(Region region, MemorySegment control, String description) {
        this.region = region;
        this.description = description;
        this.control = control;
        this.capacity = (int) INT.get(control, RingLayout.CAPACITY_OFFSET);
        this.mask = capacity - 1;
        this.maxMessage = (int) INT.get(control, RingLayout.MAX_MESSAGE_OFFSET);
        this.maxCount = (int) INT.get(control, RingLayout.MAX_COUNT_OFFSET);
        this.entries = (int) INT.get(control, RingLayout.ENTRIES_OFFSET);
        this.data = control.asSlice(RingLayout.dataOffset(entries), capacity);
        this.dataBuffer = new SegmentBuffer(data);
        this.consumers = new EmbeddedMutex(region, control.asSlice(RingLayout.MUTEX_OFFSET, EmbeddedMutex.BYTES), region.name());
        this.processes = region.namespace().processes();
        this.self = region.namespace().self();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int maxMessage() {
        return maxMessage;
    }

    int maxCount() {
        return maxCount;
    }

    MemorySegment control() {
        return control;
    }

    // ---------------------------------------------------------------- producing

    /**
     * Puts one message of {@code length} bytes that {@code writer} writes in place.
     *
     * @param deadline {@link System#nanoTime()} to give up at, {@link Long#MAX_VALUE} for never, or
     *                 {@link #NO_WAIT}
     * @return false if there was no room before the deadline
     * @throws IllegalStateException if the ring is closed
     * @throws MessageTooLargeException if {@code length} exceeds the ring's maximum
     */
    @Override
    public <T> boolean offer(T message, int from, int length, Writer<T> writer, long deadline) throws InterruptedException {
        if (length > maxMessage) {
            throw new MessageTooLargeException(description, length, maxMessage);
        }
        region.checkOpen();
        Producer p = producer.get();
        if (maxCount > 0 && !reserveCount(deadline)) {
            return false;
        }
        int index;
        try {
            index = claim(p, length, deadline);
        } catch (RuntimeException | InterruptedException | Error e) {
            releaseCount();
            throw e;
        }
        if (index < 0) {
            releaseCount();
            return false;
        }
        try {
            writer.write(message, from, dataBuffer, index + RingLayout.HEADER_BYTES, length);
        } catch (RuntimeException | Error e) {
            abandon(p, index, length);
            throw e;
        }
        commit(p, index, length);
        return true;
    }

    /** @return the record's index in the data, or -1 if no room came before the deadline */
    private int claim(Producer p, int length, long deadline) throws InterruptedException {
        int recordSize = RingLayout.recordSize(length);
        long entryOffset = p.offset;
        for (int round = 0;; ) {
            if (isClosed()) {
                throw closedForPuts();
            }
            long tail = (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
            int index = (int) tail & mask;
            int toEnd = capacity - index;
            int claimSize = recordSize <= toEnd ? recordSize : toEnd + recordSize;
            long limit = tail + claimSize - capacity;
            if (limit > cleanSeen) {
                long clean = (long) LONG.getVolatile(control, RingLayout.CLEAN_OFFSET);
                cleanSeen = clean;
                if (limit > clean) {
                    if (!awaitSpace(limit, deadline, round++)) {
                        return -1;
                    }
                    continue;
                }
            }
            if (claimSize != p.announcedSize) { // messages of one size, the common case, store it once
                INT.set(control, entryOffset + RingLayout.ENTRY_CLAIM_SIZE, claimSize);
                p.announcedSize = claimSize;
            }
            LONG.setRelease(control, entryOffset + RingLayout.ENTRY_POSITION, tail);
            if (LONG.compareAndSet(control, RingLayout.TAIL_OFFSET, tail, tail + claimSize)) {
                int recordIndex = claimSize == recordSize ? index : 0;
                LONG.setRelease(data, (long) recordIndex, RingLayout.writingHeader(length, p.entry, p.puts));
                if (recordIndex != index) {
                    // after the record's header, so a written padding always leads to a named record
                    LONG.setRelease(data, (long) index, RingLayout.paddingHeader(toEnd, p.entry));
                }
                return recordIndex;
            }
        }
    }

    private void commit(Producer p, int index, int length) {
        long puts = p.puts + 1;
        p.puts = puts;
        LONG.setRelease(control, p.offset + RingLayout.ENTRY_PUTS, puts);
        LONG.setRelease(data, (long) index, RingLayout.committedHeader(length, p.entry));
        LONG.setRelease(control, p.offset + RingLayout.ENTRY_POSITION, RingLayout.NO_CLAIM);
        // No fence before this look: the claim's compare-and-set was one. A consumer that announced its
        // sleep and then found the ring empty did both before that compare-and-set, so the look sees the
        // announcement; one that found this claim unfinished may announce after the look, and so sleeps in
        // short slices (awaitData). A fence here would stall the producer on every message until the
        // record's lines, which the consumer's core holds, were written back.
        Sleeper.wakeAnnounced(control, RingLayout.CONSUMER_SLEEPING_OFFSET, RingLayout.DATA_SEQUENCE_OFFSET);
    }

    /** Turns a claimed record whose writing failed into padding that consumers skip. */
    private void abandon(Producer p, int index, int length) {
        LONG.setRelease(data, (long) index, RingLayout.paddingHeader(RingLayout.recordSize(length), p.entry));
        LONG.setRelease(control, p.offset + RingLayout.ENTRY_POSITION, RingLayout.NO_CLAIM);
        releaseCount();
        VarHandle.fullFence();
        Sleeper.wakeAnnounced(control, RingLayout.CONSUMER_SLEEPING_OFFSET, RingLayout.DATA_SEQUENCE_OFFSET);
    }

    private boolean awaitSpace(long cleanNeeded, long deadline, int round) throws InterruptedException {
        if (deadline == NO_WAIT) {
            return false;
        }
        if (round < SPINS) {
            Thread.onSpinWait();
            return true;
        }
        int seen = (int) INT.getVolatile(control, RingLayout.SPACE_SEQUENCE_OFFSET);
        Sleeper.announce(control, RingLayout.PRODUCER_SLEEPING_OFFSET);
        if ((long) LONG.getVolatile(control, RingLayout.CLEAN_OFFSET) >= cleanNeeded || isClosed()) {
            return true;
        }
        return Sleeper.sleep(control, RingLayout.SPACE_SEQUENCE_OFFSET, seen, deadline, round - SPINS);
    }

    /** Counts one message against maxCount, waiting for room until the deadline. */
    private boolean reserveCount(long deadline) throws InterruptedException {
        for (int round = 0;; ) {
            if (isClosed()) {
                throw closedForPuts();
            }
            int reserved = (int) INT.getVolatile(control, RingLayout.RESERVED_OFFSET);
            if (reserved < maxCount) {
                if (INT.compareAndSet(control, RingLayout.RESERVED_OFFSET, reserved, reserved + 1)) {
                    return true;
                }
                continue;
            }
            if (deadline == NO_WAIT) {
                return false;
            }
            if (round < SPINS) {
                round++;
                Thread.onSpinWait();
                continue;
            }
            int seen = (int) INT.getVolatile(control, RingLayout.SPACE_SEQUENCE_OFFSET);
            Sleeper.announce(control, RingLayout.PRODUCER_SLEEPING_OFFSET);
            if ((int) INT.getVolatile(control, RingLayout.RESERVED_OFFSET) < maxCount || isClosed()) {
                continue;
            }
            if (!Sleeper.sleep(control, RingLayout.SPACE_SEQUENCE_OFFSET, seen, deadline, round++ - SPINS)) {
                return false;
            }
        }
    }

    private void releaseCount() {
        if (maxCount > 0) {
            INT.getAndAdd(control, RingLayout.RESERVED_OFFSET, -1);
        }
    }

    /** Gives this thread a claim entry of its own: one a dead local thread left, or a free or abandoned one. */
    private Producer reserveEntry() {
        region.checkOpen();
        Thread me = Thread.currentThread();
        synchronized (localProducers) {
            for (Producer p : localProducers) {
                if (!p.thread.isAlive()) {
                    p.thread = me;
                    return p;
                }
            }
            for (int i = 0; i < entries; i++) {
                long offset = RingLayout.entryOffset(i);
                int owner = (int) INT.getVolatile(control, offset + RingLayout.ENTRY_OWNER_SLOT);
                if (owner != 0 && (ownerAlive(offset) || !claimPassed(offset))) {
                    continue;
                }
                // Two steps, because owner and generation are two words: the compare-and-set names this
                // process as the owner still writing its generation, and only the release store after the
                // generation names it the owner. Claiming the owner outright left a moment in which the
                // entry named this slot beside the old (or no) generation, so another producer took it
                // for a dead owner's and took it over: two live producers then shared one entry, and once
                // one released it (or their generations disagreed) consumers judged the other's record in
                // progress abandoned and skipped it, losing a committed message with no process dead.
                if (INT.compareAndSet(control, offset + RingLayout.ENTRY_OWNER_SLOT, owner, RingLayout.OWNER_PENDING | (self.slot() + 1))) {
                    raiseEntriesUsed(i + 1);
                    LONG.setRelease(control, offset + RingLayout.ENTRY_OWNER_GENERATION, self.generation());
                    INT.setRelease(control, offset + RingLayout.ENTRY_OWNER_SLOT, self.slot() + 1);
                    LONG.setRelease(control, offset + RingLayout.ENTRY_POSITION, RingLayout.NO_CLAIM);
                    Producer p = new Producer(i, me);
                    p.puts = (long) LONG.getVolatile(control, offset + RingLayout.ENTRY_PUTS);
                    localProducers.add(p);
                    return p;
                }
            }
        }
        throw new ShmException("all " + entries + " producer entries of " + description + " are held by live threads:"
                + " more threads put into it at once than it was created for; create it with more producer entries");
    }

    private void raiseEntriesUsed(int used) {
        for (int seen; (seen = (int) INT.getVolatile(control, RingLayout.ENTRIES_USED_OFFSET)) < used; ) {
            if (INT.compareAndSet(control, RingLayout.ENTRIES_USED_OFFSET, seen, used)) {
                return;
            }
        }
    }

    /** @return how many claim entries have ever been owned: every other entry is still unused */
    private int entriesUsed() {
        return Math.min(entries, (int) INT.getVolatile(control, RingLayout.ENTRIES_USED_OFFSET));
    }

    /** Returns this JVM's idle entries to the table (on close). */
    void releaseEntries() {
        synchronized (localProducers) {
            for (Producer p : localProducers) {
                if ((long) LONG.getVolatile(control, p.offset + RingLayout.ENTRY_POSITION) == RingLayout.NO_CLAIM) {
                    INT.compareAndSet(control, p.offset + RingLayout.ENTRY_OWNER_SLOT, self.slot() + 1, 0);
                }
            }
            localProducers.clear();
        }
    }

    private boolean ownerAlive(long entryOffset) {
        int owner = (int) INT.getVolatile(control, entryOffset + RingLayout.ENTRY_OWNER_SLOT);
        // read after the owner: a named owner's generation was written before it (see reserveEntry)
        long generation = (long) LONG.getVolatile(control, entryOffset + RingLayout.ENTRY_OWNER_GENERATION);
        int slot = (owner & ~RingLayout.OWNER_PENDING) - 1;
        if (slot < 0) {
            return false;
        }
        if ((owner & RingLayout.OWNER_PENDING) != 0) {
            // taken a moment ago, its generation not yet written: alive while its slot is held by anyone
            // (if its reserver died there and the slot was taken again, the entry waits for that one to end)
            return slot == self.slot() || slot < processes.capacity() && processes.isAlive(slot);
        }
        if (slot == self.slot() && generation == self.generation()) {
            return true;
        }
        return slot < processes.capacity() && processes.isAlive(new ProcessId(slot, generation));
    }

    /** @return whether the entry announces no claim that consumers have yet to pass */
    private boolean claimPassed(long entryOffset) {
        long position = (long) LONG.getVolatile(control, entryOffset + RingLayout.ENTRY_POSITION);
        int size = (int) INT.getVolatile(control, entryOffset + RingLayout.ENTRY_CLAIM_SIZE);
        return position == RingLayout.NO_CLAIM || position + size <= (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
    }

    // ---------------------------------------------------------------- consuming

    /**
     * Delivers at most {@code limit} messages to {@code reader}, waiting until the deadline for the first.
     *
     * @return how many were delivered: 0 if none came before the deadline, -1 if the ring is closed and
     *         drained
     */
    @Override
    public int take(MessageHandler reader, int limit, long deadline) throws InterruptedException {
        for (int round = 0;; round++) {
            // a spinning consumer reads only the header at the head, the line a producer's commit writes;
            // the tail, which producers keep changing, is read when it is time to look for dead claims
            boolean checkLiveness = round >= SPINS || deadline == NO_WAIT && timeToLookForDeadProducers();
            int status = EMPTY;
            if (mayHoldMessages(checkLiveness)) {
                if (!lockConsumers(deadline)) {
                    return 0;
                }
                int delivered = 0;
                try {
                    do {
                        status = takeOne(reader, checkLiveness);
                    } while (status >= 0 && ++delivered < limit);
                } finally {
                    releaseTaken();
                    consumers.unlock();
                    // after the unlock, whose compare-and-set orders the release of the bytes before this
                    // look: a producer that announced its sleep is seen, or sees the bytes released
                    wakeSleepingProducers();
                }
                if (delivered > 0) {
                    return delivered;
                }
            }
            if (status == EMPTY && ended()) {
                return -1;
            }
            if (deadline == NO_WAIT) {
                return 0;
            }
            if (round < SPINS) {
                round += Spinning.pause(round);
            } else if (!awaitData(deadline, round - SPINS, status == WAITING)) {
                return 0;
            }
        }
    }

    /**
     * Waits until a message is committed or the ring has ended, without taking anything.
     *
     * @return false if neither happened before the deadline
     */
    @Override
    public boolean awaitReadable(long deadline) throws InterruptedException {
        for (int round = 0;; round++) {
            if (headReadable(round >= SPINS) || ended()) {
                return true;
            }
            if (deadline == NO_WAIT) {
                return false;
            }
            if (round < SPINS) {
                round += Spinning.pause(round);
            } else if (!awaitData(deadline, round - SPINS, !isEmpty())) {
                return false;
            }
        }
    }

    /**
     * Non-waiting takes look for dead producers' claims on one call in {@link #DEAD_PRODUCER_LOOK_INTERVAL}:
     * the look asks the process table, and a spinning poller calls often.
     */
    private boolean timeToLookForDeadProducers() {
        return (++noWaitCalls & (DEAD_PRODUCER_LOOK_INTERVAL - 1)) == 0;
    }

    /**
     * Whether a take would deliver or skip a record at once, read from the header of the next record (one
     * cache line, the one the message is in): the one at the head, or past the paddings there. Not from
     * the shared counters: a commit counts its message a moment before its header lands.
     *
     * @param checkLiveness whether a record still being written (or claimed, its header not yet written)
     *                      counts when its producer has died, as a take then skips it: asks the process table
     */
    private boolean headReadable(boolean checkLiveness) {
        long next = nextRecord();
        long header = (long) LONG.getVolatile(data, (long) ((int) next & mask));
        if (RingLayout.length(header) > 0 && !RingLayout.isPadding(header)) {
            return true;
        }
        if (!checkLiveness) {
            return false;
        }
        if (RingLayout.length(header) < 0) {
            return !ownerAlive(RingLayout.entryOffset(RingLayout.entry(header)));
        }
        return next != (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET) && deadClaimAt(next) >= 0;
    }

    /**
     * @return the position of the first record at or after the head that is not a padding (a padding is
     *         written after the record it leads to, or over a record whose writing failed, so its length
     *         can be trusted); the tail, or a claim not yet written, if nothing else follows
     */
    private long nextRecord() {
        long at = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        for (long end = at + capacity; at < end; ) {
            long header = (long) LONG.getVolatile(data, (long) ((int) at & mask));
            if (!RingLayout.isPadding(header)) {
                return at;
            }
            at += RingLayout.length(header);
        }
        return at;
    }

    /**
     * @param lookAtClaims whether a claim whose header is not written yet counts: only a look for dead
     *                     producers needs it, and only it reads the tail, which the producers keep changing
     * @return false only if there is surely nothing to deliver or skip: nothing written at the head and,
     *         when looking at claims, nothing claimed
     */
    private boolean mayHoldMessages(boolean lookAtClaims) {
        long head = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        return (long) LONG.getVolatile(data, (long) ((int) head & mask)) != 0L
                || lookAtClaims && head != (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
    }

    /**
     * @param checkWriter whether a dead producer's unfinished claim at the head counts (a take skips it)
     * @return whether a take would return at once: a committed message, a dead producer's claim to skip,
     *         or the end of the ring
     */
    @Override
    public boolean readableNow(boolean checkWriter) {
        return headReadable(checkWriter) || ended();
    }

    /**
     * @return whether the next record (past any paddings at the head) is claimed and not committed: its
     *         commit may not wake a sleeper
     */
    @Override
    public boolean nextRecordUnfinished() {
        long next = nextRecord();
        long header = (long) LONG.getVolatile(data, (long) ((int) next & mask));
        return RingLayout.length(header) <= 0 && next != (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
    }

    /** @return whether a producer announced a sleep for room that no take has answered yet */
    boolean producerSleepAnnounced() {
        return (int) INT.getVolatile(control, RingLayout.PRODUCER_SLEEPING_OFFSET) != 0;
    }

    @Override
    public MemorySegment sleepMemory() {
        return control;
    }

    @Override
    public long dataSequenceOffset() {
        return RingLayout.DATA_SEQUENCE_OFFSET;
    }

    @Override
    public long readerSleepingOffset() {
        return RingLayout.CONSUMER_SLEEPING_OFFSET;
    }

    /** @return whether the ring is closed and drained */
    private boolean ended() {
        return isClosed() && isEmpty(); // in this order: what was committed before the close is still delivered
    }

    private boolean lockConsumers(long deadline) throws InterruptedException {
        boolean locked;
        if (deadline == NO_WAIT) {
            consumers.lock(); // held only for a copy: worth waiting for even when not blocking
            locked = true;
        } else {
            locked = consumers.tryLockUntil(deadline);
        }
        if (locked && consumers.acquiredFromDeadOwner()) {
            repairAfterDeadConsumer();
        }
        return locked;
    }

    /**
     * Sleeps until a producer commits (or a slice passes, so a dead producer is noticed).
     *
     * <p>The sleep is announced before a last look at the ring, and a producer looks for announced
     * sleepers after its commit, with its claim's compare-and-set as the fence between. So a look that
     * finds the ring empty precedes any later claim, whose producer then sees the sleeper and wakes it.
     * A look that finds a record claimed but not committed has no such promise (its producer may have
     * looked before the announcement), so that sleep lasts only a short slice. What the look compares
     * against is read here, after the caller's take saw nothing to deliver: the head and its header,
     * which a commit, a claim or a take changes.
     *
     * @param writerPending the head record is being written: sleep although the ring is not empty
     */
    private boolean awaitData(long deadline, int round, boolean writerPending) throws InterruptedException {
        long head = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        long header = (long) LONG.getVolatile(data, (long) ((int) head & mask));
        int seen = (int) INT.getVolatile(control, RingLayout.DATA_SEQUENCE_OFFSET);
        Sleeper.announce(control, RingLayout.CONSUMER_SLEEPING_OFFSET);
        boolean changed = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET) != head
                || (long) LONG.getVolatile(data, (long) ((int) head & mask)) != header;
        boolean ready = writerPending ? RingLayout.length(header) > 0 : !isEmpty();
        if (changed || ready || isClosed()) {
            return true;
        }
        // a record being written: its commit may not see this announcement (see commit), and its writer
        // may have died, so look again in short slices; else a commit wakes us, and the long slice only
        // bounds how late an interrupt is seen
        long slice = writerPending ? MessageRing.unfinishedRecordSlice(round) : Sleeper.INTERRUPT_SLICE_NANOS;
        return Sleeper.sleep(control, RingLayout.DATA_SEQUENCE_OFFSET, seen, deadline, round, slice);
    }

    /**
     * Delivers the record at the head, skipping padding and the claims of dead producers. The consumer
     * mutex is held.
     *
     * @return the delivered length, {@link #EMPTY}, or {@link #WAITING} for a record still being written
     */
    private int takeOne(MessageHandler reader, boolean checkLiveness) {
        for (;;) {
            long head = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
            int index = (int) head & mask;
            // Bytes at the head are zero until claimed, since taken bytes are released (zeroed) before
            // the head can come round to them again: a non-zero header needs no look at the tail.
            long header = (long) LONG.getVolatile(data, (long) index);
            if (header == 0L && (!checkLiveness || head == (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET))) {
                return EMPTY; // or a claim whose header is not written yet: not a message until it is
            }
            int stored = RingLayout.length(header);
            if (RingLayout.isPadding(header)) {
                advance(head, index, stored);
            } else if (stored > 0) {
                return deliver(head, index, RingLayout.payloadLength(header), reader);
            } else if (!checkLiveness) {
                return WAITING;
            } else if (stored < 0) {
                long entryOffset = RingLayout.entryOffset(RingLayout.entry(header));
                if (ownerAlive(entryOffset)) {
                    return WAITING;
                }
                if ((long) LONG.getVolatile(data, (long) index) != header) {
                    // committed (or abandoned) since it was read, by an owner that has left since: an
                    // owner commits before it releases its entry or dies, so this look sees what it did
                    continue;
                }
                boolean counted = RingLayout.claimCounted(header, (long) LONG.getVolatile(control, entryOffset + RingLayout.ENTRY_PUTS));
                skipDeadClaim(head, index, RingLayout.recordSize(RingLayout.writingPayloadLength(header)), entryOffset, counted);
            } else {
                long claim = deadClaimAt(head);
                if (claim < 0) {
                    return WAITING;
                }
                // its header unwritten, its producer died before the commit that would have counted it
                skipDeadClaim(head, index, (int) INT.getVolatile(control, claim + RingLayout.ENTRY_CLAIM_SIZE), claim, false);
            }
        }
    }

    private int deliver(long head, int index, int length, MessageHandler reader) {
        RuntimeException failure = null;
        try {
            reader.onMessage(dataBuffer, index + RingLayout.HEADER_BYTES, length);
        } catch (RuntimeException e) {
            failure = e; // the message is consumed all the same: a poisoned message must not wedge the ring
        }
        long takes = (long) LONG.get(control, RingLayout.TAKES_OFFSET) + 1;
        LONG.setRelease(data, (long) index, RingLayout.committedHeader(length, RingLayout.TAKING | ((int) takes & RingLayout.TAKES_MASK)));
        LONG.setRelease(control, RingLayout.TAKES_OFFSET, takes);
        advance(head, index, RingLayout.recordSize(length));
        // after the head moved: a consumer dying before this leaves the record to be delivered again,
        // and its count must then still be held
        releaseCount();
        if (failure != null) {
            throw failure;
        }
        return length;
    }

    /** Moves the head past {@code size} bytes at {@code index}, zeroes them, and lets producers reuse them. */
    private void advance(long head, int index, int size) {
        long next = head + size;
        LONG.setRelease(control, RingLayout.HEAD_OFFSET, next);
        if (next - (long) LONG.get(control, RingLayout.CLEAN_OFFSET) > capacity >> 2) {
            // release within a batch too: the head must never come round to bytes not yet zeroed
            releaseTaken();
        }
    }

    /**
     * Zeroes the bytes taken since the last release and lets producers reuse them, once per batch of
     * takes. The consumer mutex is held; {@link #wakeSleepingProducers()} follows its release.
     */
    private void releaseTaken() {
        long clean = (long) LONG.get(control, RingLayout.CLEAN_OFFSET);
        long head = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        if (clean == head) {
            return;
        }
        zero((int) clean & mask, (int) (head - clean));
        LONG.setRelease(control, RingLayout.CLEAN_OFFSET, head);
    }

    /** Wakes producers sleeping for room; the caller has fenced since it released bytes. */
    private void wakeSleepingProducers() {
        Sleeper.wakeAnnounced(control, RingLayout.PRODUCER_SLEEPING_OFFSET, RingLayout.SPACE_SEQUENCE_OFFSET);
    }

    /** Zeroes {@code size} bytes from {@code index}, wrapping at the end of the data. */
    private void zero(int index, int size) {
        RingMemory.zero(data, index, size);
    }

    /**
     * Skips the claim of a producer that died before committing it, and frees its entry.
     *
     * @param counted whether the producer had counted the message in its entry's puts
     */
    private void skipDeadClaim(long head, int index, int size, long entryOffset, boolean counted) {
        long position = (long) LONG.getVolatile(control, entryOffset + RingLayout.ENTRY_POSITION);
        if (counted) {
            LONG.setRelease(control, RingLayout.SKIPPED_COUNTED_OFFSET,
                    (long) LONG.get(control, RingLayout.SKIPPED_COUNTED_OFFSET) + 1);
        }
        LONG.setRelease(control, RingLayout.SKIPPED_OFFSET, (long) LONG.get(control, RingLayout.SKIPPED_OFFSET) + 1);
        releaseCount();
        advance(head, index, size);
        // the entry's claim is behind the head now; mark it done so the entry can be reclaimed
        LONG.compareAndSet(control, entryOffset + RingLayout.ENTRY_POSITION, position, RingLayout.NO_CLAIM);
    }

    /**
     * Finds who claimed {@code head}, whose header is still zero: the claimer announced the position in
     * its entry before it swung the tail and keeps it there until it commits.
     *
     * @return the offset of the dead claimer's entry, or -1 to keep waiting (a live entry announces the
     *         position, so the claimer may yet write; or no unambiguous dead claimer)
     */
    private long deadClaimAt(long head) {
        long found = -1;
        int foundSize = -1;
        boolean ambiguous = false;
        for (int i = 0, used = entriesUsed(); i < used; i++) {
            long offset = RingLayout.entryOffset(i);
            if ((long) LONG.getVolatile(control, offset + RingLayout.ENTRY_POSITION) != head) {
                continue;
            }
            if (ownerAlive(offset)) {
                return -1;
            }
            int size = (int) INT.getVolatile(control, offset + RingLayout.ENTRY_CLAIM_SIZE);
            if (found < 0) {
                found = offset;
                foundSize = size;
            } else if (size != foundSize) {
                ambiguous = true;
            }
        }
        if (found < 0 || (long) LONG.getVolatile(data, (long) ((int) head & mask)) != 0L) {
            return -1; // nobody announced it yet, or it has been written meanwhile
        }
        return ambiguous ? disambiguate(head) : found;
    }

    /**
     * Two dead producers announced the same position with different sizes (one died before its claim
     * won): the winner's claim ends where the next record starts, or at the tail.
     */
    private long disambiguate(long head) {
        long tail = (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
        long match = -1;
        for (int i = 0, used = entriesUsed(); i < used; i++) {
            long offset = RingLayout.entryOffset(i);
            if ((long) LONG.getVolatile(control, offset + RingLayout.ENTRY_POSITION) != head || ownerAlive(offset)) {
                continue;
            }
            long end = head + (int) INT.getVolatile(control, offset + RingLayout.ENTRY_CLAIM_SIZE);
            boolean fits = end == tail || end < tail && (long) LONG.getVolatile(data, (long) ((int) end & mask)) != 0L;
            if (fits) {
                if (match >= 0) {
                    return -1;
                }
                match = offset;
            }
        }
        return match;
    }

    /** Finishes or undoes what a consumer that died holding the mutex left half done. */
    private void repairAfterDeadConsumer() {
        long head = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        long clean = (long) LONG.getVolatile(control, RingLayout.CLEAN_OFFSET);
        if (clean < head) {
            // it delivered a record but died before zeroing it
            zero((int) clean & mask, (int) (head - clean));
            LONG.setRelease(control, RingLayout.CLEAN_OFFSET, head);
            return;
        }
        if (head == (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET)) {
            return;
        }
        int index = (int) head & mask;
        long header = (long) LONG.getVolatile(data, (long) index);
        int flags = RingLayout.flagsAndEntry(header);
        if (RingLayout.length(header) > 0 && (flags & (RingLayout.TAKING | RingLayout.PADDING)) == RingLayout.TAKING) {
            // it was taking this record but died before the head moved: the record was not delivered
            long takes = (long) LONG.getVolatile(control, RingLayout.TAKES_OFFSET);
            if (((int) takes & RingLayout.TAKES_MASK) == (flags & RingLayout.TAKES_MASK)) {
                LONG.setRelease(control, RingLayout.TAKES_OFFSET, takes - 1);
            }
            LONG.setRelease(data, (long) index, RingLayout.header(RingLayout.length(header), 0));
        }
    }

    // ---------------------------------------------------------------- state

    boolean isEmpty() {
        return (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET) == (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
    }

    boolean isClosed() {
        return (int) INT.getVolatile(control, RingLayout.CLOSED_OFFSET) != 0;
    }

    /** Closes the ring for puts, waking every sleeper so it sees it. */
    @Override
    public void close() {
        INT.setVolatile(control, RingLayout.CLOSED_OFFSET, 1);
        INT.getAndAdd(control, RingLayout.DATA_SEQUENCE_OFFSET, 1);
        INT.getAndAdd(control, RingLayout.SPACE_SEQUENCE_OFFSET, 1);
        Sleeper.wakeAll(control, RingLayout.DATA_SEQUENCE_OFFSET);
        Sleeper.wakeAll(control, RingLayout.SPACE_SEQUENCE_OFFSET);
    }

    /** @return messages committed and not yet delivered (exact when no put or take is under way) */
    long size() {
        long gone = (long) LONG.getVolatile(control, RingLayout.TAKES_OFFSET)
                + (long) LONG.getVolatile(control, RingLayout.SKIPPED_COUNTED_OFFSET);
        return Math.max(0, puts() - gone);
    }

    /** @return messages ever committed, less those of dead producers that were counted but never written */
    private long committed() {
        return puts() - (long) LONG.getVolatile(control, RingLayout.SKIPPED_COUNTED_OFFSET);
    }

    private long puts() {
        long puts = 0;
        for (int i = 0, used = entriesUsed(); i < used; i++) {
            puts += (long) LONG.getVolatile(control, RingLayout.entryOffset(i) + RingLayout.ENTRY_PUTS);
        }
        return puts;
    }

    // ---------------------------------------------------------------- joining (JoinableQueue)

    boolean isJoinable() {
        return (int) INT.getVolatile(control, RingLayout.JOINABLE_OFFSET) != 0;
    }

    /** @return messages put and not yet marked done */
    long unfinished() {
        return Math.max(0, committed() - (long) LONG.getVolatile(control, RingLayout.DONE_OFFSET));
    }

    /**
     * Marks one message done.
     *
     * @throws IllegalStateException if every message put was already marked done
     */
    void taskDone() {
        for (;;) {
            long done = (long) LONG.getVolatile(control, RingLayout.DONE_OFFSET);
            if (done >= committed()) {
                throw new IllegalStateException("taskDone() called more times than messages were put into " + description
                        + " (" + done + " done): call it once per message taken");
            }
            if (LONG.compareAndSet(control, RingLayout.DONE_OFFSET, done, done + 1)) {
                break;
            }
        }
        VarHandle.fullFence();
        if (unfinished() == 0) {
            Sleeper.wakeAnnounced(control, RingLayout.JOINER_SLEEPING_OFFSET, RingLayout.JOIN_SEQUENCE_OFFSET);
        }
    }

    /**
     * Waits until every message put has been marked done.
     *
     * @return false if the deadline passed first
     */
    boolean join(long deadline) throws InterruptedException {
        if (unfinished() == 0) {
            return true;
        }
        for (int round = 0;; round++) {
            int seen = (int) INT.getVolatile(control, RingLayout.JOIN_SEQUENCE_OFFSET);
            Sleeper.announce(control, RingLayout.JOINER_SLEEPING_OFFSET);
            if (unfinished() == 0) {
                return true;
            }
            // slices, because a dead producer's skipped claim lowers unfinished without a wake
            if (!Sleeper.sleep(control, RingLayout.JOIN_SEQUENCE_OFFSET, seen, deadline, round)) {
                return false;
            }
        }
    }

    /** @return bytes of the data in use (records, padding and claims not yet passed by consumers) */
    long bytesUsed() {
        return (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET) - (long) LONG.getVolatile(control, RingLayout.CLEAN_OFFSET);
    }

    /** @return claims skipped because their producer died before committing them */
    long deadClaimsSkipped() {
        return (long) LONG.getVolatile(control, RingLayout.SKIPPED_OFFSET);
    }

    /**
     * Calls {@code reader} on every committed record between head and tail, without consuming: a
     * snapshot for iteration. Holds the consumer mutex meanwhile.
     */
    void forEachCommitted(MessageHandler reader) {
        forEachCommitted(reader, Integer.MAX_VALUE);
    }

    /** As {@link #forEachCommitted(MessageHandler)}, for at most {@code limit} records. @return how many */
    int forEachCommitted(MessageHandler reader, int limit) {
        int seen = 0;
        consumers.lock();
        try {
            if (consumers.acquiredFromDeadOwner()) {
                repairAfterDeadConsumer();
            }
            long position = (long) LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
            long tail = (long) LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
            while (position < tail && seen < limit) {
                int index = (int) position & mask;
                long header = (long) LONG.getVolatile(data, (long) index);
                int stored = RingLayout.length(header);
                if (RingLayout.isPadding(header)) {
                    position += stored;
                } else if (stored > 0) {
                    int length = RingLayout.payloadLength(header);
                    reader.onMessage(dataBuffer, index + RingLayout.HEADER_BYTES, length);
                    position += RingLayout.recordSize(length);
                    seen++;
                } else {
                    break; // a record still being written ends the snapshot
                }
            }
            return seen;
        } finally {
            consumers.unlock();
        }
    }

    private ChannelClosedException closedForPuts() {
        return new ChannelClosedException(description + " is closed: no more messages may be put into it");
    }
}

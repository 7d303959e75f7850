package io.shmproc.channel;

import io.shmproc.sync.EmbeddedMutex;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of a shared queue's ring (the payload of a {@link SharedQueue}; a pipe's directions use
 * {@link PipeRingLayout}): a control block, a table of producer claim entries, then the data.
 *
 * <pre>
 *   control block (fields an arrow apart sit on different 128-byte lines, so producers and consumers
 *   do not share cache lines):
 *      0  tail              long  next byte position to claim, ever increasing (producers CAS it)
 *    128  head              long  position of the next message to deliver (consumers, under the mutex)
 *    136  clean             long  position up to which delivered bytes are zeroed again; producers may
 *                                 write below clean + capacity
 *    144  takes             long  messages delivered
 *    152  skippedCounted    long  claims skipped after their producer died, that the producer had counted
 *    160  skipped           long  claims skipped after their producer died
 *    256  dataSequence      int   bumped after a commit when consumers sleep (their futex word)
 *    260  consumerSleeping  int   1 once a consumer announced a sleep; the producer that wakes it clears it
 *    264  spaceSequence     int   bumped after cleaning when producers sleep
 *    268  producerSleeping  int   1 once a producer announced a sleep for room; the consumer that wakes clears it
 *    384  closed            int   1 once closed: no more puts; takes drain, then report the end
 *    388  capacity          int   data bytes, a power of two
 *    392  maxMessage        int   largest payload accepted
 *    396  maxCount          int   most messages held at once, 0 for no limit but bytes
 *    400  entries           int   claim entries in the table
 *    404  reserved          int   messages counted against maxCount (only when maxCount > 0)
 *    408  entriesUsed       int   high-water mark of claim entries ever owned: scans stop there
 *    412  joinable          int   1 for a JoinableQueue's ring: taskDone() counts against puts
 *    512  consumer mutex    64 bytes, an {@link EmbeddedMutex}
 *    640  done              long  JoinableQueue: messages marked done; unfinished = puts - skippedCounted - done
 *    648  joinSequence      int   bumped when unfinished reaches 0 while joiners sleep
 *    652  joinerSleeping    int   1 once a join() announced a sleep; the taskDone() that wakes it clears it
 *   1024  claim entries     entries x 64 bytes (below)
 *   1024 + entries x 64     data, capacity bytes
 *
 *   claim entry (one per producing thread at a time, owned by a process):
 *      0  position     long  where the owner is claiming now, or -1 between claims
 *      8  claimSize    int   bytes of that claim (padding to the end of the data included); written only
 *                            when it differs from the owner's previous claim, before the position
 *     12  ownerSlot    int   slot + 1 of the owning process in the namespace's process table, 0 = free;
 *                            with bit 31 set while its new owner is still writing ownerGen
 *     16  ownerGen     long  generation of that slot when the owner took it
 *     24  puts         long  messages committed through this entry, ever
 *     32..63                 unused, so that two threads' entries never share a cache line
 *
 *   record, 8-byte aligned, never split at the end of the data (the claim then pads to the end):
 *      0 +--------------------------+--------------------------+
 *        | length                   | flags | entry            |
 *      8 +--------------------------+--------------------------+
 *        | payload (length bytes), zero-padded to 8            |
 *        +-----------------------------------------------------+
 *   length  payload length + 1 once committed; -(payload length + 1) while being written; 0 nothing
 *           written here yet (so an empty message is told from an unwritten one); for padding, the
 *           bytes to skip from the record start
 *   flags   bit 31 padding, bit 30 being taken
 *   entry   the claim entry of the producer that wrote it (bits 0-15); while being written, bits 16-29
 *           also hold the low bits of that entry's puts when it claimed: a producer that dies before
 *           committing had counted the message in puts if they differ from puts now; while being taken,
 *           bits 0-29 hold the low bits of takes after it, so a repairer knows whether it was counted
 * </pre>
 *
 * Why a claim table: a producer announces where it is about to claim (position and size) in its entry
 * before it swings the tail, and writes its header, naming the entry, right after. A consumer facing a
 * record that stays unwritten can therefore always find who claimed it and ask the process table
 * whether that producer still lives: a slow producer is waited for, a dead one's claim is skipped.
 * Nothing is decided by a timeout.
 */
final class RingLayout {
    static final String KIND = "RING";
    /**
     * How a queue's type descriptor starts; the version in it changes with the layout or the protocol
     * over it, so a JVM of another version refuses to attach a queue it would misread.
     */
    static final String DESCRIPTOR_PREFIX = "queue/3<";

    static final long CONTROL_BYTES = 1024;

    static final long TAIL_OFFSET = 0;
    static final long HEAD_OFFSET = 128;
    static final long CLEAN_OFFSET = 136;
    static final long TAKES_OFFSET = 144;
    static final long SKIPPED_COUNTED_OFFSET = 152;
    static final long SKIPPED_OFFSET = 160;
    static final long DATA_SEQUENCE_OFFSET = 256;
    static final long CONSUMER_SLEEPING_OFFSET = 260;
    static final long SPACE_SEQUENCE_OFFSET = 264;
    static final long PRODUCER_SLEEPING_OFFSET = 268;
    static final long CLOSED_OFFSET = 384;
    static final long CAPACITY_OFFSET = 388;
    static final long MAX_MESSAGE_OFFSET = 392;
    static final long MAX_COUNT_OFFSET = 396;
    static final long ENTRIES_OFFSET = 400;
    static final long RESERVED_OFFSET = 404;
    static final long ENTRIES_USED_OFFSET = 408;
    static final long JOINABLE_OFFSET = 412;
    static final long MUTEX_OFFSET = 512;
    static final long DONE_OFFSET = 640;
    static final long JOIN_SEQUENCE_OFFSET = 648;
    static final long JOINER_SLEEPING_OFFSET = 652;
    static final long ENTRY_TABLE_OFFSET = CONTROL_BYTES;

    static final long ENTRY_BYTES = 64;
    static final long ENTRY_POSITION = 0;
    static final long ENTRY_CLAIM_SIZE = 8;
    static final long ENTRY_OWNER_SLOT = 12;
    static final long ENTRY_OWNER_GENERATION = 16;
    static final long ENTRY_PUTS = 24;
    static final long NO_CLAIM = -1;
    /** In ownerSlot: the entry is taken, but its owner's generation is not written yet. */
    static final int OWNER_PENDING = 1 << 31;

    static final int HEADER_BYTES = 8;
    static final int ALIGNMENT = 8;
    static final int PADDING = 1 << 31;
    static final int TAKING = 1 << 30;
    /** Bits of the entry field that a header being taken holds instead: the low bits of takes after it. */
    static final int TAKES_MASK = (1 << 30) - 1;
    /** Bits of a header's entry field that name the entry: a queue has at most this many producer entries. */
    static final int MAX_ENTRIES = (1 << 16) - 1;
    private static final int CLAIM_PUTS_SHIFT = 16;
    private static final int CLAIM_PUTS_MASK = (1 << 14) - 1;

    static final int MIN_CAPACITY = 1024;
    static final int MAX_CAPACITY = 1 << 30;
    static final int DEFAULT_ENTRIES = 256;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    static {
        if (EmbeddedMutex.BYTES > DONE_OFFSET - MUTEX_OFFSET) {
            throw new AssertionError("the consumer mutex no longer fits its place in the ring layout");
        }
    }

    private RingLayout() {
    }

    /**
     * @return {@code bytes} rounded up to the power of two a ring's data must be
     * @throws IllegalArgumentException if it is outside {@link #MIN_CAPACITY} to {@link #MAX_CAPACITY}
     */
    static int capacityFor(int bytes, String channel) {
        if (bytes < MIN_CAPACITY || bytes > MAX_CAPACITY) {
            throw new IllegalArgumentException("a " + channel + "'s capacity must be from " + MIN_CAPACITY + " to "
                    + MAX_CAPACITY + " bytes, got " + bytes);
        }
        return Integer.highestOneBit(bytes) == bytes ? bytes : Integer.highestOneBit(bytes) << 1;
    }

    /** @return the payload bytes of a ring with {@code capacity} data bytes and {@code entries} claim entries */
    static long payloadBytes(int capacity, int entries) {
        return dataOffset(entries) + capacity;
    }

    static long dataOffset(int entries) {
        return ENTRY_TABLE_OFFSET + entries * ENTRY_BYTES;
    }

    static long entryOffset(int entry) {
        return ENTRY_TABLE_OFFSET + entry * ENTRY_BYTES;
    }

    /** @return the bytes a record with {@code length} payload bytes occupies */
    static int recordSize(int length) {
        return align(HEADER_BYTES + length);
    }

    static int align(int bytes) {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** @return the largest payload a ring of {@code capacity} bytes accepts: a record must fit twice */
    static int largestMessage(int capacity) {
        return capacity / 2 - HEADER_BYTES;
    }

    static long committedHeader(int payloadLength, int flagsAndEntry) {
        return header(payloadLength + 1, flagsAndEntry);
    }

    /** @param puts the writing entry's puts when it claimed: a commit counts the message before it lands */
    static long writingHeader(int payloadLength, int entry, long puts) {
        return header(-(payloadLength + 1), entry | ((int) puts & CLAIM_PUTS_MASK) << CLAIM_PUTS_SHIFT);
    }

    /**
     * @param puts the writing entry's puts now, its owner dead
     * @return whether the producer of this header, still being written, had counted its message in puts:
     *         puts moved since its claim. It moves by one at most before the record is committed, so the
     *         low bits tell
     */
    static boolean claimCounted(long writingHeader, long puts) {
        return ((flagsAndEntry(writingHeader) >>> CLAIM_PUTS_SHIFT) & CLAIM_PUTS_MASK) != ((int) puts & CLAIM_PUTS_MASK);
    }

    static long paddingHeader(int bytes, int entry) {
        return header(bytes, PADDING | entry);
    }

    /** @return whether the header is a padding's: the consumer skips its {@link #length} bytes */
    static boolean isPadding(long header) {
        return length(header) > 0 && (flagsAndEntry(header) & PADDING) != 0;
    }

    /** @return the payload length of a committed record's header */
    static int payloadLength(long header) {
        return length(header) - 1;
    }

    /** @return the payload length of a header being written */
    static int writingPayloadLength(long header) {
        return -length(header) - 1;
    }

    /** @return the raw length field: see the diagram */
    static long header(int length, int flagsAndEntry) {
        return (length & 0xFFFF_FFFFL) | ((long) flagsAndEntry << 32);
    }

    static int length(long header) {
        return (int) header;
    }

    static int flagsAndEntry(long header) {
        return (int) (header >>> 32);
    }

    /** @return the entry named by a header being written, or by a padding */
    static int entry(long header) {
        return flagsAndEntry(header) & MAX_ENTRIES;
    }
}

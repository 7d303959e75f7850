package io.shmproc.collections;

import io.shmproc.sync.EmbeddedMutex;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of a {@link SharedMap}: a control block, then one stripe after another. A stripe is
 * everything one stripe lock protects (its buckets, its records, its free lists, its count and its undo
 * log), so that repairing a stripe after its holder died never needs another lock.
 *
 * <pre>
 *   control block (128 bytes, written once by the creator):
 *      0  stripes             int   a power of two
 *      4  bucketsPerStripe    int   a power of two
 *      8  entriesPerStripe    int   most entries one stripe holds
 *     16  heapPerStripe       long  record bytes of one stripe, a multiple of 8
 *     24  stripeBytes         long  bytes from one stripe's start to the next's
 *     32  maxEntries          long  as asked of the builder
 *     40  maxBytes            long  as asked of the builder
 *
 *   stripe s, at 128 + s x stripeBytes (stripe starts are 128-byte aligned: no two stripes share a line):
 *      0  mutex               64 bytes, an {@link EmbeddedMutex}
 *    128  count               long  entries in the stripe
 *    136  bump                long  heap bytes ever handed out from the top of the stripe's heap
 *    144  undoCount           long  entries in the undo log; 0 between updates
 *    152  repairs             long  half-done updates rolled back in this stripe, ever
 *    160  freeHeads           26 longs: head of the free list of each size class (0 = empty)
 *    384  undo log            16 x (offset long, old value long)
 *    640  buckets             bucketsPerStripe longs: the first record of each chain (0 = none)
 *    640 + 8 x buckets        heap, heapPerStripe bytes of records
 *
 *   record (a block of 32 &lt;&lt; class bytes inside its stripe's heap, 8-byte aligned):
 *      0  next                long  the next record of the chain, or of the free list when free (0 = none)
 *      8  hash                int   low 32 bits of the key's 64-bit hash
 *     12  keyLength           int
 *     16  valueLength         int
 *     20  reserved            int
 *     24  key bytes, then value bytes
 * </pre>
 *
 * Every link (bucket heads, chain and free-list {@code next}, free heads) is an absolute offset into the
 * payload, so 0 (inside the control block) means none. A key's 64-bit hash picks the stripe with its
 * top bits and the bucket with its low bits.
 *
 * <p><b>The undo log</b>: an update changes only 8-byte words of its stripe through
 * {@link #undoEntry(long, long)}: it first writes (offset, old value) to the next log entry, publishes
 * the entry by raising {@code undoCount} (release), and only then stores the new value (release). Bytes
 * written into a block that is not yet linked anywhere need no entry: nothing reaches them until a
 * logged word does. Once every word is changed, {@code undoCount} drops to 0: that store is the commit.
 * A holder that finds {@code undoCount > 0} on taking the lock restores the old values newest first,
 * which is idempotent, so a death during a rollback is repaired by the next rollback.
 */
final class SharedMapLayout {
    static final String KIND = "SMAP";

    static final long CONTROL_BYTES = 128;
    static final long STRIPES_OFFSET = 0;
    static final long BUCKETS_OFFSET = 4;
    static final long ENTRIES_PER_STRIPE_OFFSET = 8;
    static final long HEAP_PER_STRIPE_OFFSET = 16;
    static final long STRIPE_BYTES_OFFSET = 24;
    static final long MAX_ENTRIES_OFFSET = 32;
    static final long MAX_BYTES_OFFSET = 40;

    static final long MUTEX = 0;
    static final long COUNT = 128;
    static final long BUMP = 136;
    static final long UNDO_COUNT = 144;
    static final long REPAIRS = 152;
    static final long FREE_HEADS = 160;
    static final int SIZE_CLASSES = 26;
    static final long UNDO_LOG = 384;
    static final int UNDO_ENTRIES = 16;
    static final long UNDO_ENTRY_BYTES = 16;
    static final long STRIPE_HEADER_BYTES = 640;

    static final long NEXT = 0;
    static final long HASH = 8;
    static final long KEY_LENGTH = 12;
    static final long VALUE_LENGTH = 16;
    static final int RECORD_HEADER_BYTES = 24;
    static final int SMALLEST_BLOCK = 32;

    static final int MAX_STRIPES = 1024;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    static {
        if (EmbeddedMutex.BYTES > COUNT - MUTEX || FREE_HEADS + SIZE_CLASSES * 8L > UNDO_LOG
                || UNDO_LOG + UNDO_ENTRIES * UNDO_ENTRY_BYTES > STRIPE_HEADER_BYTES) {
            throw new AssertionError("the stripe header no longer fits its places in the map layout");
        }
    }

    private SharedMapLayout() {
    }

    /** @return the size class of a record of {@code keyLength + valueLength} bytes (block = 32 &lt;&lt; class) */
    static int sizeClass(int keyLength, int valueLength) {
        long bytes = (long) RECORD_HEADER_BYTES + keyLength + valueLength;
        if (bytes <= SMALLEST_BLOCK) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros(bytes - 1) - 5;
    }

    /** @return the bytes of heap a record of this size class occupies */
    static long blockBytes(int sizeClass) {
        return (long) SMALLEST_BLOCK << sizeClass;
    }

    /** @return the offset of the undo entry {@code index} of the stripe at {@code stripe} */
    static long undoEntry(long stripe, long index) {
        return stripe + UNDO_LOG + index * UNDO_ENTRY_BYTES;
    }

    static long freeHead(long stripe, int sizeClass) {
        return stripe + FREE_HEADS + sizeClass * 8L;
    }

    static long buckets(long stripe) {
        return stripe + STRIPE_HEADER_BYTES;
    }

    static long heap(long stripe, int buckets) {
        return buckets(stripe) + buckets * 8L;
    }

    /** @return bytes of one stripe with these sizes, rounded up to 128 */
    static long stripeBytes(int buckets, long heapPerStripe) {
        long bytes = STRIPE_HEADER_BYTES + buckets * 8L + heapPerStripe;
        return (bytes + 127) & -128L;
    }
}

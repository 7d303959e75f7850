package io.shmproc.collections;

import io.shmproc.sync.EmbeddedMutex;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of a {@link SharedList}: a header, two index arrays and two heaps. One lock protects all of
 * it. Of each pair, one is live (chosen by the {@code sides} word) and the other is scratch: an update that
 * moves many slots (an insert or a removal inside the list, a sort) writes the whole new index into the
 * scratch array, which nothing reads, and then flips one bit; a compaction copies the live elements into
 * the scratch heap and flips both bits. So every update changes only a few words, all through the undo log.
 *
 * <pre>
 *   header (320 bytes):
 *      0  maxElements         long  slots of each index array, as asked of the builder
 *      8  heapBytes           long  bytes of each heap, a multiple of 8 (the builder's maxBytes rounded up)
 *     64  mutex               64 bytes, an {@link EmbeddedMutex}
 *    128  count               long  elements in the list
 *    136  sides               long  bit 0: the live index array; bit 1: the live heap
 *    144  bump                long  bytes handed out from the bottom of the live heap
 *    152  liveBytes           long  bytes of the live heap taken by the blocks of elements in the list
 *    160  undoCount           long  entries in the undo log; 0 between updates
 *    168  repairs             long  half-done updates rolled back, ever
 *    176  compactions         long  times the live elements were copied into the other heap, ever
 *    192  undo log            8 x (offset long, old value long)
 *
 *    320                      index 0: maxElements longs
 *    320 + 8 x maxElements    index 1: maxElements longs
 *    320 + 16 x maxElements   heap 0: heapBytes bytes
 *    ... + heapBytes          heap 1: heapBytes bytes
 *
 *   slot i of the live index (i &lt; count): the offset, from the start of the live heap, of element i's block
 *
 *   block (8-byte aligned, inside a heap):
 *      0  length              int   bytes of the encoded element
 *      4  reserved            int
 *      8  the element's bytes, then padding to a multiple of 8
 * </pre>
 *
 * Heaps are bump-allocated: a block is never freed on its own, but {@code liveBytes} says how much of the
 * heap is still in use, and when the top is reached with enough dead bytes below it, a compaction moves
 * what lives into the other heap. Slots at or above {@code count} of the live index and bytes above
 * {@code bump} are never read, so an update writes them freely before it logs a word that reaches them.
 *
 * <p><b>The undo log</b> is that of {@link SharedMapLayout}: every word reachable by a reader changes
 * only after its (offset, old value) entry is written and published by raising {@code undoCount}; dropping
 * {@code undoCount} to 0 commits. A lock holder that finds {@code undoCount > 0} restores the old values
 * newest first, which is idempotent.
 */
final class SharedListLayout {
    static final String KIND = "LIST";

    static final long MAX_ELEMENTS_OFFSET = 0;
    static final long HEAP_BYTES_OFFSET = 8;
    static final long MUTEX = 64;
    static final long COUNT = 128;
    static final long SIDES = 136;
    static final long BUMP = 144;
    static final long LIVE_BYTES = 152;
    static final long UNDO_COUNT = 160;
    static final long REPAIRS = 168;
    static final long COMPACTIONS = 176;
    static final long UNDO_LOG = 192;
    static final int UNDO_ENTRIES = 8;
    static final long UNDO_ENTRY_BYTES = 16;
    static final long HEADER_BYTES = 320;

    static final long INDEX_SIDE = 1;
    static final long HEAP_SIDE = 2;

    static final long BLOCK_LENGTH = 0;
    static final int BLOCK_HEADER_BYTES = 8;

    /** Most elements a list may be created for: both index arrays stay addressable by int. */
    static final int MOST_ELEMENTS = Integer.MAX_VALUE - 8;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    static {
        if (EmbeddedMutex.BYTES > COUNT - MUTEX || UNDO_LOG + UNDO_ENTRIES * UNDO_ENTRY_BYTES > HEADER_BYTES) {
            throw new AssertionError("the list header no longer fits its places in the list layout");
        }
    }

    private SharedListLayout() {
    }

    /** @return the heap bytes an element of {@code length} encoded bytes takes: header and padding included */
    static long blockBytes(int length) {
        return (BLOCK_HEADER_BYTES + (long) length + 7) & -8L;
    }

    /** @return the offset of index array {@code side} (0 or 1) */
    static long index(long maxElements, long side) {
        return HEADER_BYTES + side * 8 * maxElements;
    }

    /** @return the offset of heap {@code side} (0 or 1) */
    static long heap(long maxElements, long heapBytes, long side) {
        return HEADER_BYTES + 16 * maxElements + side * heapBytes;
    }

    static long undoEntry(long index) {
        return UNDO_LOG + index * UNDO_ENTRY_BYTES;
    }

    static long payloadBytes(long maxElements, long heapBytes) {
        return HEADER_BYTES + 16 * maxElements + 2 * heapBytes;
    }
}

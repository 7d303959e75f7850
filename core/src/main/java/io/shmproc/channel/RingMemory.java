package io.shmproc.channel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Zeroing of a ring's data, shared by {@link Ring} and {@link PipeRing}: both keep free bytes zero, so
 * that a reader may trust a non-zero header without looking at the tail.
 *
 * <pre>{@code
 * RingMemory.zero(data, (int) clean & mask, (int) (head - clean)); // the bytes taken since the last release
 * }</pre>
 */
final class RingMemory {
    private static final int ZEROS_BYTES = 4096;
    private static final MemorySegment ZEROS = Arena.global().allocate(ZEROS_BYTES, 8);

    private RingMemory() {
    }

    /** Zeroes {@code size} bytes of {@code data} (a ring's, whose size is its capacity) from {@code index}, wrapping at its end. */
    static void zero(MemorySegment data, int index, int size) {
        int first = (int) Math.min(size, data.byteSize() - index);
        zeroRange(data, index, first);
        if (first < size) {
            zeroRange(data, 0, size - first);
        }
    }

    private static void zeroRange(MemorySegment data, int index, int size) {
        // one bounds-checked bulk copy from zeroed memory costs less than a checked store per word
        for (int done = 0; done < size; done += ZEROS_BYTES) {
            MemorySegment.copy(ZEROS, 0, data, index + done, Math.min(ZEROS_BYTES, size - done));
        }
    }
}

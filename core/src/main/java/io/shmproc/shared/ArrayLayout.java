package io.shmproc.shared;

/**
 * Byte layout of a shared array of primitives (the payload after the object header):
 *
 * <pre>
 *   0               8                                             8 + length * elementBytes
 *   +---------------+-----------+-----------+-----+---------------+-------------------+
 *   | length (long) | element 0 | element 1 | ... | element n-1   | zero padding to 8 |
 *   +---------------+-----------+-----------+-----+---------------+-------------------+
 * </pre>
 *
 * Elements start 8-byte aligned, so every element is naturally aligned for atomic access; the payload
 * is a multiple of 8 bytes, so the last byte or short element's containing 4-byte word (which its
 * atomic updates compare-and-set) lies inside it. The length is written before the object is
 * published and never changes.
 */
final class ArrayLayout {
    /** Kind in the object header of every primitive array; the descriptor is the element's C name. */
    static final String KIND = "ARRY";
    static final long LENGTH_OFFSET = 0;
    static final long ELEMENTS_OFFSET = 8;
    /** Longest array: indexes are {@code int}s, as for Java arrays. */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private ArrayLayout() {
    }

    /** @return the payload bytes of {@code length} elements of {@code elementBytes} each */
    static long payloadBytes(long length, int elementBytes) {
        return ELEMENTS_OFFSET + StructType.alignUp(length * elementBytes, 8);
    }
}

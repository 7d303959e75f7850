package io.shmproc.shared;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Atomic read-modify-write of a byte or a short, which FFM's var handles do not offer: a
 * compare-and-set of the aligned 4-byte word that contains it, retried while only the neighbouring
 * bytes changed. Every process updates sub-word values this way, so the neighbours are never lost.
 * The containing word must lie inside the segment: shared values and arrays size their payloads so it does.
 */
final class SubWordAtomics {
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private SubWordAtomics() {
    }

    /** @return the previous byte at {@code offset}; replaced by {@code update} iff it was {@code expected} */
    static byte compareAndExchangeByte(MemorySegment memory, long offset, byte expected, byte update) {
        long word = offset & ~3L;
        int shift = byteShift(offset);
        for (;;) {
            int current = (int) WORD.getVolatile(memory, word);
            byte witness = (byte) (current >>> shift);
            if (witness != expected) {
                return witness;
            }
            int replaced = (current & ~(0xFF << shift)) | ((update & 0xFF) << shift);
            if (WORD.compareAndSet(memory, word, current, replaced)) {
                return witness;
            }
        }
    }

    /** @return the previous byte at {@code offset}, atomically increased by {@code delta} (wrapping) */
    static byte getAndAddByte(MemorySegment memory, long offset, byte delta) {
        for (;;) {
            byte current = (byte) ScalarHandles.BYTE.getVolatile(memory, offset);
            if (compareAndExchangeByte(memory, offset, current, (byte) (current + delta)) == current) {
                return current;
            }
        }
    }

    /** @return the previous byte at {@code offset}, atomically replaced by {@code update} */
    static byte getAndSetByte(MemorySegment memory, long offset, byte update) {
        for (;;) {
            byte current = (byte) ScalarHandles.BYTE.getVolatile(memory, offset);
            if (compareAndExchangeByte(memory, offset, current, update) == current) {
                return current;
            }
        }
    }

    /** @return the previous short at the 2-aligned {@code offset}; replaced iff it was {@code expected} */
    static short compareAndExchangeShort(MemorySegment memory, long offset, short expected, short update) {
        long word = offset & ~3L;
        int shift = shortShift(offset);
        for (;;) {
            int current = (int) WORD.getVolatile(memory, word);
            short witness = (short) (current >>> shift);
            if (witness != expected) {
                return witness;
            }
            int replaced = (current & ~(0xFFFF << shift)) | ((update & 0xFFFF) << shift);
            if (WORD.compareAndSet(memory, word, current, replaced)) {
                return witness;
            }
        }
    }

    /** @return the previous short at {@code offset}, atomically increased by {@code delta} (wrapping) */
    static short getAndAddShort(MemorySegment memory, long offset, short delta) {
        for (;;) {
            short current = (short) ScalarHandles.SHORT.getVolatile(memory, offset);
            if (compareAndExchangeShort(memory, offset, current, (short) (current + delta)) == current) {
                return current;
            }
        }
    }

    /** @return the previous short at {@code offset}, atomically replaced by {@code update} */
    static short getAndSetShort(MemorySegment memory, long offset, short update) {
        for (;;) {
            short current = (short) ScalarHandles.SHORT.getVolatile(memory, offset);
            if (compareAndExchangeShort(memory, offset, current, update) == current) {
                return current;
            }
        }
    }

    private static int byteShift(long offset) {
        int index = (int) (offset & 3);
        return (LITTLE_ENDIAN ? index : 3 - index) * 8;
    }

    private static int shortShift(long offset) {
        int index = (int) (offset & 2);
        return (LITTLE_ENDIAN ? index : 2 - index) * 8;
    }
}

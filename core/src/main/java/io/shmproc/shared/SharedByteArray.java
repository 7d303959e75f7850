package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fixed-length array of 8-bit integers in shared memory: Python's {@code Array({@code 'b'} or {@code 'B'}, ...)}.
 * Atomic updates of an element go through its containing aligned 4-byte word, which leaves the
 * neighbouring elements intact. For byte strings ({@code 'c'}) use {@link SharedByteString}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedByteArray xs = SharedByteArray.create(ns, "xs", new byte[] {0, 1, 2})) {
 *     xs.incrementAndGet(1);
 *     byte[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedByteArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT8, TypeCode.UINT8);

    private SharedByteArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'b'}. */
    public static SharedByteArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'b', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'b'} or {@code 'B'}. */
    public static SharedByteArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedByteArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedByteArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'b'}. */
    public static SharedByteArray create(Namespace ns, String name, byte[] elements) {
        return create(ns, name, 'b', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'b'} or {@code 'B'}. */
    public static SharedByteArray create(Namespace ns, String name, char typecode, byte[] elements) {
        return new SharedByteArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedByteArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_BYTE, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedByteArray attach(Namespace ns, String name) {
        return new SharedByteArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.BYTE_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedByteArray open(Namespace ns, String name, int length) {
        return new SharedByteArray(SharedArray.open(ns, name, TypeCode.of('b'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public byte get(int index) {
        return (byte) ScalarHandles.BYTE.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, byte value) {
        ScalarHandles.BYTE.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index} read as unsigned, for typecode {@code 'B'} */
    public int getUnsigned(int index) {
        return Byte.toUnsignedInt(get(index));
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public byte getPlain(int index) {
        return (byte) ScalarHandles.BYTE.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, byte value) {
        ScalarHandles.BYTE.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public byte getAcquire(int index) {
        return (byte) ScalarHandles.BYTE.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, byte value) {
        ScalarHandles.BYTE.setRelease(memory, offset(index), value);
    }

    /** @return whether element {@code index} was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int index, byte expected, byte newValue) {
        return SubWordAtomics.compareAndExchangeByte(memory, offset(index), expected, newValue) == expected;
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public byte getAndSet(int index, byte newValue) {
        return SubWordAtomics.getAndSetByte(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} (wrapping) */
    public byte getAndAdd(int index, byte delta) {
        return SubWordAtomics.getAndAddByte(memory, offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public byte addAndGet(int index, byte delta) {
        return (byte) (getAndAdd(index, delta) + delta);
    }

    /** @return element {@code index}'s value after atomically adding one */
    public byte incrementAndGet(int index) {
        return addAndGet(index, (byte) 1);
    }

    /** @return element {@code index}'s value after atomically subtracting one */
    public byte decrementAndGet(int index) {
        return addAndGet(index, (byte) -1);
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, byte[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(byte[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_BYTE, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public byte[] toArray() {
        byte[] copy = new byte[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(byte value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.BYTE.setRelease(memory, offset(i), value);
        }
    }

    /** @return the elements as {@link Arrays#toString(byte[])} writes them; unsigned for {@code 'B'} */
    @Override
    public String toString() {
        byte[] copy = toArray();
        if (typeCode().signed()) {
            return Arrays.toString(copy);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < copy.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Byte.toUnsignedInt(copy[i]));
        }
        return out.append(']').toString();
    }
}

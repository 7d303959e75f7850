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
 * A fixed-length array of 16-bit integers in shared memory: Python's {@code Array({@code 'h'} or {@code 'H'}, ...)}.
 * Atomic updates of an element go through its containing aligned 4-byte word, which leaves the
 * neighbouring element intact.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedShortArray xs = SharedShortArray.create(ns, "xs", new short[] {0, 1, 2})) {
 *     xs.incrementAndGet(1);
 *     short[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedShortArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT16, TypeCode.UINT16);

    private SharedShortArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'h'}. */
    public static SharedShortArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'h', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'h'} or {@code 'H'}. */
    public static SharedShortArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedShortArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedShortArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'h'}. */
    public static SharedShortArray create(Namespace ns, String name, short[] elements) {
        return create(ns, name, 'h', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'h'} or {@code 'H'}. */
    public static SharedShortArray create(Namespace ns, String name, char typecode, short[] elements) {
        return new SharedShortArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedShortArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_SHORT, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedShortArray attach(Namespace ns, String name) {
        return new SharedShortArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.SHORT_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedShortArray open(Namespace ns, String name, int length) {
        return new SharedShortArray(SharedArray.open(ns, name, TypeCode.of('h'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public short get(int index) {
        return (short) ScalarHandles.SHORT.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, short value) {
        ScalarHandles.SHORT.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index} read as unsigned, for typecode {@code 'H'} */
    public int getUnsigned(int index) {
        return Short.toUnsignedInt(get(index));
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public short getPlain(int index) {
        return (short) ScalarHandles.SHORT.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, short value) {
        ScalarHandles.SHORT.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public short getAcquire(int index) {
        return (short) ScalarHandles.SHORT.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, short value) {
        ScalarHandles.SHORT.setRelease(memory, offset(index), value);
    }

    /** @return whether element {@code index} was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int index, short expected, short newValue) {
        return SubWordAtomics.compareAndExchangeShort(memory, offset(index), expected, newValue) == expected;
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public short getAndSet(int index, short newValue) {
        return SubWordAtomics.getAndSetShort(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} (wrapping) */
    public short getAndAdd(int index, short delta) {
        return SubWordAtomics.getAndAddShort(memory, offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public short addAndGet(int index, short delta) {
        return (short) (getAndAdd(index, delta) + delta);
    }

    /** @return element {@code index}'s value after atomically adding one */
    public short incrementAndGet(int index) {
        return addAndGet(index, (short) 1);
    }

    /** @return element {@code index}'s value after atomically subtracting one */
    public short decrementAndGet(int index) {
        return addAndGet(index, (short) -1);
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, short[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_SHORT, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(short[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_SHORT, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public short[] toArray() {
        short[] copy = new short[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(short value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.SHORT.setRelease(memory, offset(i), value);
        }
    }

    /** @return the elements as {@link Arrays#toString(short[])} writes them; unsigned for {@code 'H'} */
    @Override
    public String toString() {
        short[] copy = toArray();
        if (typeCode().signed()) {
            return Arrays.toString(copy);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < copy.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Short.toUnsignedInt(copy[i]));
        }
        return out.append(']').toString();
    }
}

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
 * A fixed-length array of 32-bit integers in shared memory: Python's {@code Array({@code 'i'} or {@code 'I'}, ...)}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedIntArray xs = SharedIntArray.create(ns, "xs", new int[] {0, 1, 2})) {
 *     xs.incrementAndGet(1);
 *     int[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedIntArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT32, TypeCode.UINT32);

    private SharedIntArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'i'}. */
    public static SharedIntArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'i', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'i'} or {@code 'I'}. */
    public static SharedIntArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedIntArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedIntArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'i'}. */
    public static SharedIntArray create(Namespace ns, String name, int[] elements) {
        return create(ns, name, 'i', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'i'} or {@code 'I'}. */
    public static SharedIntArray create(Namespace ns, String name, char typecode, int[] elements) {
        return new SharedIntArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedIntArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_INT, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedIntArray attach(Namespace ns, String name) {
        return new SharedIntArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.INT_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedIntArray open(Namespace ns, String name, int length) {
        return new SharedIntArray(SharedArray.open(ns, name, TypeCode.of('i'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public int get(int index) {
        return (int) ScalarHandles.INT.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, int value) {
        ScalarHandles.INT.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index} read as unsigned, for typecode {@code 'I'} */
    public long getUnsigned(int index) {
        return Integer.toUnsignedLong(get(index));
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public int getPlain(int index) {
        return (int) ScalarHandles.INT.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, int value) {
        ScalarHandles.INT.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public int getAcquire(int index) {
        return (int) ScalarHandles.INT.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, int value) {
        ScalarHandles.INT.setRelease(memory, offset(index), value);
    }

    /** @return whether element {@code index} was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int index, int expected, int newValue) {
        return ScalarHandles.INT.compareAndSet(memory, offset(index), expected, newValue);
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public int getAndSet(int index, int newValue) {
        return (int) ScalarHandles.INT.getAndSet(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} (wrapping) */
    public int getAndAdd(int index, int delta) {
        return (int) ScalarHandles.INT.getAndAdd(memory, offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public int addAndGet(int index, int delta) {
        return getAndAdd(index, delta) + delta;
    }

    /** @return element {@code index}'s value after atomically adding one */
    public int incrementAndGet(int index) {
        return addAndGet(index, 1);
    }

    /** @return element {@code index}'s value after atomically subtracting one */
    public int decrementAndGet(int index) {
        return addAndGet(index, -1);
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, int[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_INT, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(int[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_INT, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public int[] toArray() {
        int[] copy = new int[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(int value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.INT.setRelease(memory, offset(i), value);
        }
    }

    /** @return the elements as {@link Arrays#toString(int[])} writes them; unsigned for {@code 'I'} */
    @Override
    public String toString() {
        int[] copy = toArray();
        if (typeCode().signed()) {
            return Arrays.toString(copy);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < copy.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Integer.toUnsignedString(copy[i]));
        }
        return out.append(']').toString();
    }
}

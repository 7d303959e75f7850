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
 * A fixed-length array of 64-bit integers in shared memory: Python's {@code Array({@code 'q'}, {@code 'Q'}, {@code 'l'} or {@code 'L'}, ...)}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedLongArray xs = SharedLongArray.create(ns, "xs", new long[] {0, 1, 2})) {
 *     xs.incrementAndGet(1);
 *     long[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedLongArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT64, TypeCode.UINT64, TypeCode.LONG, TypeCode.ULONG);

    private SharedLongArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'q'}. */
    public static SharedLongArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'q', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'q'}, {@code 'Q'}, {@code 'l'} or {@code 'L'}. */
    public static SharedLongArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedLongArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedLongArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'q'}. */
    public static SharedLongArray create(Namespace ns, String name, long[] elements) {
        return create(ns, name, 'q', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'q'}, {@code 'Q'}, {@code 'l'} or {@code 'L'}. */
    public static SharedLongArray create(Namespace ns, String name, char typecode, long[] elements) {
        return new SharedLongArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedLongArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_LONG, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedLongArray attach(Namespace ns, String name) {
        return new SharedLongArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.LONG_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedLongArray open(Namespace ns, String name, int length) {
        return new SharedLongArray(SharedArray.open(ns, name, TypeCode.of('q'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public long get(int index) {
        return (long) ScalarHandles.LONG.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, long value) {
        ScalarHandles.LONG.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public long getPlain(int index) {
        return (long) ScalarHandles.LONG.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, long value) {
        ScalarHandles.LONG.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public long getAcquire(int index) {
        return (long) ScalarHandles.LONG.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, long value) {
        ScalarHandles.LONG.setRelease(memory, offset(index), value);
    }

    /** @return whether element {@code index} was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int index, long expected, long newValue) {
        return ScalarHandles.LONG.compareAndSet(memory, offset(index), expected, newValue);
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public long getAndSet(int index, long newValue) {
        return (long) ScalarHandles.LONG.getAndSet(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} (wrapping) */
    public long getAndAdd(int index, long delta) {
        return (long) ScalarHandles.LONG.getAndAdd(memory, offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public long addAndGet(int index, long delta) {
        return getAndAdd(index, delta) + delta;
    }

    /** @return element {@code index}'s value after atomically adding one */
    public long incrementAndGet(int index) {
        return addAndGet(index, 1L);
    }

    /** @return element {@code index}'s value after atomically subtracting one */
    public long decrementAndGet(int index) {
        return addAndGet(index, -1L);
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, long[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_LONG, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(long[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_LONG, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public long[] toArray() {
        long[] copy = new long[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(long value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.LONG.setRelease(memory, offset(i), value);
        }
    }

    /** @return the elements as {@link Arrays#toString(long[])} writes them; unsigned for {@code 'Q'} and {@code 'L'} */
    @Override
    public String toString() {
        long[] copy = toArray();
        if (typeCode().signed()) {
            return Arrays.toString(copy);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < copy.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(copy[i]));
        }
        return out.append(']').toString();
    }
}

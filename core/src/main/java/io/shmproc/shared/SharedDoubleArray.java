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
 * A fixed-length array of 64-bit IEEE 754 doubles in shared memory: Python's {@code Array({@code 'd'}, ...)}.
 * {@link #getAndAdd} retries a compare-and-set until no other process intervened.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedDoubleArray xs = SharedDoubleArray.create(ns, "xs", new double[] {0, 1.5, 2})) {
 *     xs.addAndGet(1, 0.5);
 *     double[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedDoubleArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.FLOAT64);

    private SharedDoubleArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'd'}. */
    public static SharedDoubleArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'd', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'd'}. */
    public static SharedDoubleArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedDoubleArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedDoubleArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'd'}. */
    public static SharedDoubleArray create(Namespace ns, String name, double[] elements) {
        return create(ns, name, 'd', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'd'}. */
    public static SharedDoubleArray create(Namespace ns, String name, char typecode, double[] elements) {
        return new SharedDoubleArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedDoubleArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_DOUBLE, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedDoubleArray attach(Namespace ns, String name) {
        return new SharedDoubleArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.DOUBLE_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedDoubleArray open(Namespace ns, String name, int length) {
        return new SharedDoubleArray(SharedArray.open(ns, name, TypeCode.of('d'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public double get(int index) {
        return (double) ScalarHandles.DOUBLE.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, double value) {
        ScalarHandles.DOUBLE.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public double getPlain(int index) {
        return (double) ScalarHandles.DOUBLE.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, double value) {
        ScalarHandles.DOUBLE.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public double getAcquire(int index) {
        return (double) ScalarHandles.DOUBLE.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, double value) {
        ScalarHandles.DOUBLE.setRelease(memory, offset(index), value);
    }

    /**
     * @return whether element {@code index} had {@code expected}'s bits and is now {@code newValue} (one
     *         atomic step; bitwise, as {@code VarHandle} compares: {@code -0.0} does not match {@code 0.0})
     */
    public boolean compareAndSet(int index, double expected, double newValue) {
        return ScalarHandles.DOUBLE.compareAndSet(memory, offset(index), expected, newValue);
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public double getAndSet(int index, double newValue) {
        return (double) ScalarHandles.DOUBLE.getAndSet(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} */
    public double getAndAdd(int index, double delta) {
        return getAndAddAt(offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public double addAndGet(int index, double delta) {
        return getAndAdd(index, delta) + delta;
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, double[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_DOUBLE, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(double[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_DOUBLE, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public double[] toArray() {
        double[] copy = new double[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.DOUBLE.setRelease(memory, offset(i), value);
        }
    }

    private double getAndAddAt(long at, double delta) {
        for (;;) {
            double current = (double) ScalarHandles.DOUBLE.getVolatile(memory, at);
            if (ScalarHandles.DOUBLE.compareAndSet(memory, at, current, current + delta)) {
                return current;
            }
        }
    }

    /** @return the elements as {@link Arrays#toString(double[])} writes them */
    @Override
    public String toString() {
        double[] copy = toArray();
        return Arrays.toString(copy);
    }
}

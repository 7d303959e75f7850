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
 * A fixed-length array of 32-bit IEEE 754 floats in shared memory: Python's {@code Array({@code 'f'}, ...)}.
 * {@link #getAndAdd} retries a compare-and-set until no other process intervened.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedFloatArray xs = SharedFloatArray.create(ns, "xs", new float[] {0, 1.5f, 2})) {
 *     xs.addAndGet(1, 0.5f);
 *     float[] copy = xs.toArray();
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedFloatArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.FLOAT32);

    private SharedFloatArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'f'}. */
    public static SharedFloatArray create(Namespace ns, String name, int length) {
        return create(ns, name, 'f', length);
    }

    /** Creates {@code name} holding {@code length} zeros, with typecode {@code 'f'}. */
    public static SharedFloatArray create(Namespace ns, String name, char typecode, int length) {
        return new SharedFloatArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedFloatArray", CODES), length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'f'}. */
    public static SharedFloatArray create(Namespace ns, String name, float[] elements) {
        return create(ns, name, 'f', elements);
    }

    /** Creates {@code name} holding a copy of {@code elements}, with typecode {@code 'f'}. */
    public static SharedFloatArray create(Namespace ns, String name, char typecode, float[] elements) {
        return new SharedFloatArray(SharedArray.create(ns, name, TypeCode.require(typecode, "SharedFloatArray", CODES), elements.length,
                p -> MemorySegment.copy(elements, 0, p, ValueLayout.JAVA_FLOAT, 0, elements.length)));
    }

    /** Attaches the existing array {@code name}, of any typecode this class holds. */
    public static SharedFloatArray attach(Namespace ns, String name) {
        return new SharedFloatArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.FLOAT_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} zeros. */
    public static SharedFloatArray open(Namespace ns, String name, int length) {
        return new SharedFloatArray(SharedArray.open(ns, name, TypeCode.of('f'), length));
    }

    /** @return element {@code index}, read with volatile semantics */
    public float get(int index) {
        return (float) ScalarHandles.FLOAT.getVolatile(memory, offset(index));
    }

    /** Sets element {@code index} with volatile semantics. */
    public void set(int index, float value) {
        ScalarHandles.FLOAT.setVolatile(memory, offset(index), value);
    }

    /** @return element {@code index}, read with no ordering guarantees */
    public float getPlain(int index) {
        return (float) ScalarHandles.FLOAT.get(memory, offset(index));
    }

    /** Sets element {@code index} with no ordering guarantees. */
    public void setPlain(int index, float value) {
        ScalarHandles.FLOAT.set(memory, offset(index), value);
    }

    /** @return element {@code index}; later reads and writes are not reordered before this read */
    public float getAcquire(int index) {
        return (float) ScalarHandles.FLOAT.getAcquire(memory, offset(index));
    }

    /** Sets element {@code index} so that earlier reads and writes are not reordered after it. */
    public void setRelease(int index, float value) {
        ScalarHandles.FLOAT.setRelease(memory, offset(index), value);
    }

    /**
     * @return whether element {@code index} had {@code expected}'s bits and is now {@code newValue} (one
     *         atomic step; bitwise, as {@code VarHandle} compares: {@code -0.0} does not match {@code 0.0})
     */
    public boolean compareAndSet(int index, float expected, float newValue) {
        return ScalarHandles.FLOAT.compareAndSet(memory, offset(index), expected, newValue);
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public float getAndSet(int index, float newValue) {
        return (float) ScalarHandles.FLOAT.getAndSet(memory, offset(index), newValue);
    }

    /** @return element {@code index}'s previous value, atomically increased by {@code delta} */
    public float getAndAdd(int index, float delta) {
        return getAndAddAt(offset(index), delta);
    }

    /** @return element {@code index}'s value after atomically adding {@code delta} */
    public float addAndGet(int index, float delta) {
        return getAndAdd(index, delta) + delta;
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}, in one bulk copy. */
    public void copyTo(int from, float[] dst, int dstIndex, int count) {
        MemorySegment.copy(memory, ValueLayout.JAVA_FLOAT, rangeOffset(from, count), dst, dstIndex, count);
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(float[] src, int srcIndex, int to, int count) {
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_FLOAT, rangeOffset(to, count), count);
    }

    /** @return a copy of every element */
    public float[] toArray() {
        float[] copy = new float[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        for (int i = 0; i < length(); i++) {
            ScalarHandles.FLOAT.setRelease(memory, offset(i), value);
        }
    }

    private float getAndAddAt(long at, float delta) {
        for (;;) {
            float current = (float) ScalarHandles.FLOAT.getVolatile(memory, at);
            if (ScalarHandles.FLOAT.compareAndSet(memory, at, current, current + delta)) {
                return current;
            }
        }
    }

    /** @return the elements as {@link Arrays#toString(float[])} writes them */
    @Override
    public String toString() {
        float[] copy = toArray();
        return Arrays.toString(copy);
    }
}

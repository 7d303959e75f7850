package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A 32-bit IEEE 754 float in shared memory, updated atomically from any process: Python's
 * {@code Value('f')}, plus the atomic operations Python lacks.
 *
 * <p>{@link #get()} and {@link #set} are volatile; the {@code Plain}, {@code Opaque}, {@code Acquire}
 * and {@code Release} forms are those of {@link java.lang.invoke.VarHandle}'s access modes.
 * {@link #compareAndSet} compares <em>bit patterns</em>, as {@code VarHandle} does: {@code -0.0} does
 * not match {@code 0.0}, and a NaN matches the same NaN. {@link #getAndAdd} and the update methods
 * retry a compare-and-set until no other process intervened.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedFloat total = SharedFloat.create(ns, "total", 0)) {
 *     total.addAndGet(2.5f);                 // atomic across processes
 * }
 * }</pre>
 */
public final class SharedFloat extends SharedObject {
    private static final long AT = 0L;

    private final MemorySegment memory;

    private SharedFloat(Region region) {
        super(region);
        this.memory = region.payload();
    }

    /** Creates {@code name} holding {@code initialValue}. */
    public static SharedFloat create(Namespace ns, String name, float initialValue) {
        return new SharedFloat(ns.create(name, TypeCode.FLOAT32.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.FLOAT.set(p, AT, initialValue)));
    }

    /** Creates {@code name} holding {@code initialValue}; {@code typecode} must be {@code 'f'}. */
    public static SharedFloat create(Namespace ns, String name, char typecode, float initialValue) {
        TypeCode.require(typecode, "SharedFloat", EnumSet.of(TypeCode.FLOAT32));
        return create(ns, name, initialValue);
    }

    /** Attaches the existing float value {@code name}. */
    public static SharedFloat attach(Namespace ns, String name) {
        return new SharedFloat(ns.attach(name, TypeCode.FLOAT32.valueType()));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.FLOAT;
    }

    /** Attaches {@code name} if it exists, else creates it holding {@code initialValue}. */
    public static SharedFloat open(Namespace ns, String name, float initialValue) {
        return new SharedFloat(ns.open(name, TypeCode.FLOAT32.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.FLOAT.set(p, AT, initialValue)));
    }

    /** @return {@code 'f'} */
    public char typecode() {
        return 'f';
    }

    /** @return the value, with volatile semantics */
    public float get() {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.getVolatile(memory, AT);
    }

    /** @param value the new value, written with volatile semantics */
    public void set(float value) {
        region.checkOpen();
        ScalarHandles.FLOAT.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees */
    public float getPlain() {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(float value) {
        region.checkOpen();
        ScalarHandles.FLOAT.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public float getOpaque() {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(float value) {
        region.checkOpen();
        ScalarHandles.FLOAT.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public float getAcquire() {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(float value) {
        region.checkOpen();
        ScalarHandles.FLOAT.setRelease(memory, AT, value);
    }

    /** @return whether the value's bits were {@code expected}'s and it is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(float expected, float newValue) {
        region.checkOpen();
        return ScalarHandles.FLOAT.compareAndSet(memory, AT, expected, newValue);
    }

    /** @return the value before the step; it was replaced iff its bits equal {@code expected}'s */
    public float compareAndExchange(float expected, float newValue) {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.compareAndExchange(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public float getAndSet(float newValue) {
        region.checkOpen();
        return (float) ScalarHandles.FLOAT.getAndSet(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} */
    public float getAndAdd(float delta) {
        return getAndUpdate(v -> v + delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public float addAndGet(float delta) {
        return updateAndGet(v -> v + delta);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it (computed in {@code double}, narrowed to {@code float}), retrying when another
     * process changed it meanwhile, so {@code update} must be free of side effects.
     *
     * @return the previous value
     */
    public float getAndUpdate(DoubleUnaryOperator update) {
        float previous = get();
        for (;;) {
            float witness = compareAndExchange(previous, (float) update.applyAsDouble(previous));
            if (Float.floatToRawIntBits(witness) == Float.floatToRawIntBits(previous)) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public float updateAndGet(DoubleUnaryOperator update) {
        float previous = get();
        for (;;) {
            float next = (float) update.applyAsDouble(previous);
            float witness = compareAndExchange(previous, next);
            if (Float.floatToRawIntBits(witness) == Float.floatToRawIntBits(previous)) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsDouble(value, x)}. */
    public float accumulateAndGet(float x, DoubleBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsDouble(v, x));
    }

    /** @return the value as {@link Float#toString(float)} writes it */
    @Override
    public String toString() {
        return Float.toString(get());
    }
}

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
 * A 64-bit IEEE 754 double in shared memory, updated atomically from any process: Python's
 * {@code Value('d')}, plus the atomic operations Python lacks.
 *
 * <p>{@link #get()} and {@link #set} are volatile; the {@code Plain}, {@code Opaque}, {@code Acquire}
 * and {@code Release} forms are those of {@link java.lang.invoke.VarHandle}'s access modes.
 * {@link #compareAndSet} compares <em>bit patterns</em>, as {@code VarHandle} does: {@code -0.0} does
 * not match {@code 0.0}, and a NaN matches the same NaN. {@link #getAndAdd} and the update methods
 * retry a compare-and-set until no other process intervened.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedDouble total = SharedDouble.create(ns, "total", 0)) {
 *     total.addAndGet(2.5);                 // atomic across processes
 * }
 * }</pre>
 */
public final class SharedDouble extends SharedObject {
    private static final long AT = 0L;

    private final MemorySegment memory;

    private SharedDouble(Region region) {
        super(region);
        this.memory = region.payload();
    }

    /** Creates {@code name} holding {@code initialValue}. */
    public static SharedDouble create(Namespace ns, String name, double initialValue) {
        return new SharedDouble(ns.create(name, TypeCode.FLOAT64.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.DOUBLE.set(p, AT, initialValue)));
    }

    /** Creates {@code name} holding {@code initialValue}; {@code typecode} must be {@code 'd'}. */
    public static SharedDouble create(Namespace ns, String name, char typecode, double initialValue) {
        TypeCode.require(typecode, "SharedDouble", EnumSet.of(TypeCode.FLOAT64));
        return create(ns, name, initialValue);
    }

    /** Attaches the existing double value {@code name}. */
    public static SharedDouble attach(Namespace ns, String name) {
        return new SharedDouble(ns.attach(name, TypeCode.FLOAT64.valueType()));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.DOUBLE;
    }

    /** Attaches {@code name} if it exists, else creates it holding {@code initialValue}. */
    public static SharedDouble open(Namespace ns, String name, double initialValue) {
        return new SharedDouble(ns.open(name, TypeCode.FLOAT64.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.DOUBLE.set(p, AT, initialValue)));
    }

    /** @return {@code 'd'} */
    public char typecode() {
        return 'd';
    }

    /** @return the value, with volatile semantics */
    public double get() {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.getVolatile(memory, AT);
    }

    /** @param value the new value, written with volatile semantics */
    public void set(double value) {
        region.checkOpen();
        ScalarHandles.DOUBLE.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees */
    public double getPlain() {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(double value) {
        region.checkOpen();
        ScalarHandles.DOUBLE.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public double getOpaque() {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(double value) {
        region.checkOpen();
        ScalarHandles.DOUBLE.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public double getAcquire() {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(double value) {
        region.checkOpen();
        ScalarHandles.DOUBLE.setRelease(memory, AT, value);
    }

    /** @return whether the value's bits were {@code expected}'s and it is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(double expected, double newValue) {
        region.checkOpen();
        return ScalarHandles.DOUBLE.compareAndSet(memory, AT, expected, newValue);
    }

    /** @return the value before the step; it was replaced iff its bits equal {@code expected}'s */
    public double compareAndExchange(double expected, double newValue) {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.compareAndExchange(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public double getAndSet(double newValue) {
        region.checkOpen();
        return (double) ScalarHandles.DOUBLE.getAndSet(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} */
    public double getAndAdd(double delta) {
        return getAndUpdate(v -> v + delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public double addAndGet(double delta) {
        return updateAndGet(v -> v + delta);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it, retrying when another
     * process changed it meanwhile, so {@code update} must be free of side effects.
     *
     * @return the previous value
     */
    public double getAndUpdate(DoubleUnaryOperator update) {
        double previous = get();
        for (;;) {
            double witness = compareAndExchange(previous, update.applyAsDouble(previous));
            if (Double.doubleToRawLongBits(witness) == Double.doubleToRawLongBits(previous)) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public double updateAndGet(DoubleUnaryOperator update) {
        double previous = get();
        for (;;) {
            double next = update.applyAsDouble(previous);
            double witness = compareAndExchange(previous, next);
            if (Double.doubleToRawLongBits(witness) == Double.doubleToRawLongBits(previous)) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsDouble(value, x)}. */
    public double accumulateAndGet(double x, DoubleBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsDouble(v, x));
    }

    /** @return the value as {@link Double#toString(double)} writes it */
    @Override
    public String toString() {
        return Double.toString(get());
    }
}

package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * A 32-bit integer in shared memory, updated atomically from any process: Python's
 * {@code Value({@code 'i'} or {@code 'I'})}, with the API of {@link java.util.concurrent.atomic.AtomicInteger}.
 *
 * <p>{@link #get()} and {@link #set} are volatile; the {@code Plain}, {@code Opaque}, {@code Acquire}
 * and {@code Release} forms are those of {@link java.lang.invoke.VarHandle}'s access modes, across
 * processes as across threads. Unsigned typecodes keep the same bits: read them with
 * {@link #getUnsigned()}; {@link #toString()} prints them unsigned.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedInt v = SharedInt.create(ns, "count", 'i', (int) 7)) {
 *     v.incrementAndGet();                    // 8, atomically, whoever else is adding
 * }
 * }</pre>
 */
public final class SharedInt extends SharedObject {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT32, TypeCode.UINT32);
    private static final long AT = 0L;

    private final MemorySegment memory;
    private final TypeCode typeCode;

    private SharedInt(Region region) {
        super(region);
        this.memory = region.payload();
        this.typeCode = TypeCode.forValueType(region.type());
    }

    /** Creates {@code name} as a signed value ({@code 'i'}) holding {@code initialValue}. */
    public static SharedInt create(Namespace ns, String name, int initialValue) {
        return create(ns, name, 'i', initialValue);
    }

    /** Creates {@code name} holding {@code initialValue}, with Python typecode {@code 'i'} or {@code 'I'}. */
    public static SharedInt create(Namespace ns, String name, char typecode, int initialValue) {
        TypeCode code = TypeCode.require(typecode, "SharedInt", CODES);
        return new SharedInt(ns.create(name, code.valueType(), TypeCode.VALUE_PAYLOAD_BYTES, p -> ScalarHandles.INT.set(p, AT, initialValue)));
    }

    /** Attaches the existing value {@code name}, of any of the typecodes this class holds. */
    public static SharedInt attach(Namespace ns, String name) {
        return new SharedInt(ns.attach(name, TypeCode.valueTypes(CODES)));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.INT;
    }

    /** Attaches {@code name} if it exists, else creates it as a signed value holding {@code initialValue}. */
    public static SharedInt open(Namespace ns, String name, int initialValue) {
        return new SharedInt(ns.open(name, TypeCode.of('i').valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.INT.set(p, AT, initialValue)));
    }

    /** @return the Python typecode the value was created with */
    public char typecode() {
        return typeCode.code();
    }

    /** @return the value, with volatile semantics */
    public int get() {
        region.checkOpen();
        return (int) ScalarHandles.INT.getVolatile(memory, AT);
    }

    /** @return the value read as unsigned, for typecode {@code 'I'} */
    public long getUnsigned() {
        return Integer.toUnsignedLong(get());
    }

    /** @param value the new value, written with volatile semantics */
    public void set(int value) {
        region.checkOpen();
        ScalarHandles.INT.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees */
    public int getPlain() {
        region.checkOpen();
        return (int) ScalarHandles.INT.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(int value) {
        region.checkOpen();
        ScalarHandles.INT.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public int getOpaque() {
        region.checkOpen();
        return (int) ScalarHandles.INT.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(int value) {
        region.checkOpen();
        ScalarHandles.INT.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public int getAcquire() {
        region.checkOpen();
        return (int) ScalarHandles.INT.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(int value) {
        region.checkOpen();
        ScalarHandles.INT.setRelease(memory, AT, value);
    }

    /** @return whether the value was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int expected, int newValue) {
        return compareAndExchange(expected, newValue) == expected;
    }

    /** @return the value before the step; it was replaced by {@code newValue} iff it equals {@code expected} */
    public int compareAndExchange(int expected, int newValue) {
        region.checkOpen();
        return (int) ScalarHandles.INT.compareAndExchange(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public int getAndSet(int newValue) {
        region.checkOpen();
        return (int) ScalarHandles.INT.getAndSet(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} (wrapping on overflow) */
    public int getAndAdd(int delta) {
        region.checkOpen();
        return (int) ScalarHandles.INT.getAndAdd(memory, AT, delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public int addAndGet(int delta) {
        return getAndAdd(delta) + delta;
    }

    /** @return the value after atomically adding one */
    public int incrementAndGet() {
        return getAndAdd(1) + 1;
    }

    /** @return the value after atomically subtracting one */
    public int decrementAndGet() {
        return getAndAdd(-1) - 1;
    }

    /** @return the value before atomically adding one */
    public int getAndIncrement() {
        return getAndAdd(1);
    }

    /** @return the value before atomically subtracting one */
    public int getAndDecrement() {
        return getAndAdd(-1);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it (its result narrowed to
     * {@code int}), retrying when another process changed it meanwhile, so {@code update} must be
     * free of side effects.
     *
     * @return the previous value
     */
    public int getAndUpdate(IntUnaryOperator update) {
        int previous = get();
        for (;;) {
            int witness = compareAndExchange(previous, update.applyAsInt(previous));
            if (witness == previous) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public int updateAndGet(IntUnaryOperator update) {
        int previous = get();
        for (;;) {
            int next = update.applyAsInt(previous);
            int witness = compareAndExchange(previous, next);
            if (witness == previous) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsInt(value, x)}. */
    public int accumulateAndGet(int x, IntBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsInt(v, x));
    }

    /** @return the value in decimal; unsigned for typecode{@code s} {@code 'I'} */
    @Override
    public String toString() {
        int v = get();
        return typeCode.signed() ? Integer.toString(v) : Integer.toUnsignedString(v);
    }
}

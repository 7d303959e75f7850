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
 * A 16-bit integer in shared memory, updated atomically from any process: Python's
 * {@code Value({@code 'h'} or {@code 'H'})}, with the API of {@link java.util.concurrent.atomic.AtomicInteger}.
 * Atomic updates go through the aligned 4-byte word that holds the value (FFM has no 16-bit
 * compare-and-set), which costs nothing extra when uncontended.
 *
 * <p>{@link #get()} and {@link #set} are volatile; the {@code Plain}, {@code Opaque}, {@code Acquire}
 * and {@code Release} forms are those of {@link java.lang.invoke.VarHandle}'s access modes, across
 * processes as across threads. Unsigned typecodes keep the same bits: read them with
 * {@link #getUnsigned()}; {@link #toString()} prints them unsigned.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedShort v = SharedShort.create(ns, "level", 'h', (short) 7)) {
 *     v.incrementAndGet();                    // 8, atomically, whoever else is adding
 * }
 * }</pre>
 */
public final class SharedShort extends SharedObject {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT16, TypeCode.UINT16);
    private static final long AT = 0L;

    private final MemorySegment memory;
    private final TypeCode typeCode;

    private SharedShort(Region region) {
        super(region);
        this.memory = region.payload();
        this.typeCode = TypeCode.forValueType(region.type());
    }

    /** Creates {@code name} as a signed value ({@code 'h'}) holding {@code initialValue}. */
    public static SharedShort create(Namespace ns, String name, short initialValue) {
        return create(ns, name, 'h', initialValue);
    }

    /** Creates {@code name} holding {@code initialValue}, with Python typecode {@code 'h'} or {@code 'H'}. */
    public static SharedShort create(Namespace ns, String name, char typecode, short initialValue) {
        TypeCode code = TypeCode.require(typecode, "SharedShort", CODES);
        return new SharedShort(ns.create(name, code.valueType(), TypeCode.VALUE_PAYLOAD_BYTES, p -> ScalarHandles.SHORT.set(p, AT, initialValue)));
    }

    /** Attaches the existing value {@code name}, of any of the typecodes this class holds. */
    public static SharedShort attach(Namespace ns, String name) {
        return new SharedShort(ns.attach(name, TypeCode.valueTypes(CODES)));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.SHORT;
    }

    /** Attaches {@code name} if it exists, else creates it as a signed value holding {@code initialValue}. */
    public static SharedShort open(Namespace ns, String name, short initialValue) {
        return new SharedShort(ns.open(name, TypeCode.of('h').valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.SHORT.set(p, AT, initialValue)));
    }

    /** @return the Python typecode the value was created with */
    public char typecode() {
        return typeCode.code();
    }

    /** @return the value, with volatile semantics */
    public short get() {
        region.checkOpen();
        return (short) ScalarHandles.SHORT.getVolatile(memory, AT);
    }

    /** @return the value read as unsigned, for typecode {@code 'H'} */
    public int getUnsigned() {
        return Short.toUnsignedInt(get());
    }

    /** @param value the new value, written with volatile semantics */
    public void set(short value) {
        region.checkOpen();
        ScalarHandles.SHORT.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees */
    public short getPlain() {
        region.checkOpen();
        return (short) ScalarHandles.SHORT.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(short value) {
        region.checkOpen();
        ScalarHandles.SHORT.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public short getOpaque() {
        region.checkOpen();
        return (short) ScalarHandles.SHORT.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(short value) {
        region.checkOpen();
        ScalarHandles.SHORT.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public short getAcquire() {
        region.checkOpen();
        return (short) ScalarHandles.SHORT.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(short value) {
        region.checkOpen();
        ScalarHandles.SHORT.setRelease(memory, AT, value);
    }

    /** @return whether the value was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(short expected, short newValue) {
        return compareAndExchange(expected, newValue) == expected;
    }

    /** @return the value before the step; it was replaced by {@code newValue} iff it equals {@code expected} */
    public short compareAndExchange(short expected, short newValue) {
        region.checkOpen();
        return SubWordAtomics.compareAndExchangeShort(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public short getAndSet(short newValue) {
        region.checkOpen();
        return SubWordAtomics.getAndSetShort(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} (wrapping on overflow) */
    public short getAndAdd(short delta) {
        region.checkOpen();
        return SubWordAtomics.getAndAddShort(memory, AT, delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public short addAndGet(short delta) {
        return (short) (getAndAdd(delta) + delta);
    }

    /** @return the value after atomically adding one */
    public short incrementAndGet() {
        return (short) (getAndAdd((short) 1) + 1);
    }

    /** @return the value after atomically subtracting one */
    public short decrementAndGet() {
        return (short) (getAndAdd((short) -1) - 1);
    }

    /** @return the value before atomically adding one */
    public short getAndIncrement() {
        return getAndAdd((short) 1);
    }

    /** @return the value before atomically subtracting one */
    public short getAndDecrement() {
        return getAndAdd((short) -1);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it (its result narrowed to
     * {@code short}), retrying when another process changed it meanwhile, so {@code update} must be
     * free of side effects.
     *
     * @return the previous value
     */
    public short getAndUpdate(IntUnaryOperator update) {
        short previous = get();
        for (;;) {
            short witness = compareAndExchange(previous, (short) update.applyAsInt(previous));
            if (witness == previous) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public short updateAndGet(IntUnaryOperator update) {
        short previous = get();
        for (;;) {
            short next = (short) update.applyAsInt(previous);
            short witness = compareAndExchange(previous, next);
            if (witness == previous) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsInt(value, x)}. */
    public short accumulateAndGet(short x, IntBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsInt(v, x));
    }

    /** @return the value in decimal; unsigned for typecode{@code s} {@code 'H'} */
    @Override
    public String toString() {
        short v = get();
        return typeCode.signed() ? Short.toString(v) : Integer.toString(Short.toUnsignedInt(v));
    }
}

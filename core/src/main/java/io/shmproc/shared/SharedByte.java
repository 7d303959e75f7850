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
 * A 8-bit integer in shared memory, updated atomically from any process: Python's
 * {@code Value({@code 'b'}, {@code 'B'} or {@code 'c'})}, with the API of {@link java.util.concurrent.atomic.AtomicInteger}.
 * Typecode {@code 'c'} is one byte of a byte string ({@code Value('c', b'x')}); it prints as
 * the character. Atomic updates go through the aligned 4-byte word that holds the value (FFM has no
 * 8-bit compare-and-set).
 *
 * <p>{@link #get()} and {@link #set} are volatile; the {@code Plain}, {@code Opaque}, {@code Acquire}
 * and {@code Release} forms are those of {@link java.lang.invoke.VarHandle}'s access modes, across
 * processes as across threads. Unsigned typecodes keep the same bits: read them with
 * {@link #getUnsigned()}; {@link #toString()} prints them unsigned.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedByte v = SharedByte.create(ns, "flags", 'b', (byte) 7)) {
 *     v.incrementAndGet();                    // 8, atomically, whoever else is adding
 * }
 * }</pre>
 */
public final class SharedByte extends SharedObject {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT8, TypeCode.UINT8, TypeCode.CHAR8);
    private static final long AT = 0L;

    private final MemorySegment memory;
    private final TypeCode typeCode;

    private SharedByte(Region region) {
        super(region);
        this.memory = region.payload();
        this.typeCode = TypeCode.forValueType(region.type());
    }

    /** Creates {@code name} as a signed value ({@code 'b'}) holding {@code initialValue}. */
    public static SharedByte create(Namespace ns, String name, byte initialValue) {
        return create(ns, name, 'b', initialValue);
    }

    /** Creates {@code name} holding {@code initialValue}, with Python typecode {@code 'b'}, {@code 'B'} or {@code 'c'}. */
    public static SharedByte create(Namespace ns, String name, char typecode, byte initialValue) {
        TypeCode code = TypeCode.require(typecode, "SharedByte", CODES);
        return new SharedByte(ns.create(name, code.valueType(), TypeCode.VALUE_PAYLOAD_BYTES, p -> ScalarHandles.BYTE.set(p, AT, initialValue)));
    }

    /** Attaches the existing value {@code name}, of any of the typecodes this class holds. */
    public static SharedByte attach(Namespace ns, String name) {
        return new SharedByte(ns.attach(name, TypeCode.valueTypes(CODES)));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.BYTE;
    }

    /** Attaches {@code name} if it exists, else creates it as a signed value holding {@code initialValue}. */
    public static SharedByte open(Namespace ns, String name, byte initialValue) {
        return new SharedByte(ns.open(name, TypeCode.of('b').valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.BYTE.set(p, AT, initialValue)));
    }

    /** @return the Python typecode the value was created with */
    public char typecode() {
        return typeCode.code();
    }

    /** @return the value, with volatile semantics */
    public byte get() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getVolatile(memory, AT);
    }

    /** @return the value read as unsigned, for typecode {@code 'B'} */
    public int getUnsigned() {
        return Byte.toUnsignedInt(get());
    }

    /** @param value the new value, written with volatile semantics */
    public void set(byte value) {
        region.checkOpen();
        ScalarHandles.BYTE.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees */
    public byte getPlain() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(byte value) {
        region.checkOpen();
        ScalarHandles.BYTE.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public byte getOpaque() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(byte value) {
        region.checkOpen();
        ScalarHandles.BYTE.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public byte getAcquire() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(byte value) {
        region.checkOpen();
        ScalarHandles.BYTE.setRelease(memory, AT, value);
    }

    /** @return whether the value was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(byte expected, byte newValue) {
        return compareAndExchange(expected, newValue) == expected;
    }

    /** @return the value before the step; it was replaced by {@code newValue} iff it equals {@code expected} */
    public byte compareAndExchange(byte expected, byte newValue) {
        region.checkOpen();
        return SubWordAtomics.compareAndExchangeByte(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public byte getAndSet(byte newValue) {
        region.checkOpen();
        return SubWordAtomics.getAndSetByte(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} (wrapping on overflow) */
    public byte getAndAdd(byte delta) {
        region.checkOpen();
        return SubWordAtomics.getAndAddByte(memory, AT, delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public byte addAndGet(byte delta) {
        return (byte) (getAndAdd(delta) + delta);
    }

    /** @return the value after atomically adding one */
    public byte incrementAndGet() {
        return (byte) (getAndAdd((byte) 1) + 1);
    }

    /** @return the value after atomically subtracting one */
    public byte decrementAndGet() {
        return (byte) (getAndAdd((byte) -1) - 1);
    }

    /** @return the value before atomically adding one */
    public byte getAndIncrement() {
        return getAndAdd((byte) 1);
    }

    /** @return the value before atomically subtracting one */
    public byte getAndDecrement() {
        return getAndAdd((byte) -1);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it (its result narrowed to
     * {@code byte}), retrying when another process changed it meanwhile, so {@code update} must be
     * free of side effects.
     *
     * @return the previous value
     */
    public byte getAndUpdate(IntUnaryOperator update) {
        byte previous = get();
        for (;;) {
            byte witness = compareAndExchange(previous, (byte) update.applyAsInt(previous));
            if (witness == previous) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public byte updateAndGet(IntUnaryOperator update) {
        byte previous = get();
        for (;;) {
            byte next = (byte) update.applyAsInt(previous);
            byte witness = compareAndExchange(previous, next);
            if (witness == previous) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsInt(value, x)}. */
    public byte accumulateAndGet(byte x, IntBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsInt(v, x));
    }

    /** @return the value in decimal; unsigned for typecode{@code s} {@code 'B'} (and {@code 'c'}, which prints the character) */
    @Override
    public String toString() {
        byte v = get();
        return typeCode.signed() ? Byte.toString(v) : typeCode == TypeCode.CHAR8 ? Character.toString((char) Byte.toUnsignedInt(v)) : Integer.toString(Byte.toUnsignedInt(v));
    }
}

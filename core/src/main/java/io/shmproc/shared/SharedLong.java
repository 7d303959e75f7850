package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A 64-bit integer in shared memory, updated atomically from any process: the shared counterpart of
 * {@link java.util.concurrent.atomic.AtomicLong}, and Python's {@code Value('q')} / {@code Value('l')}
 * (unsigned: {@code 'Q'}, {@code 'L'}) without the lost updates of {@code v.value += 1}.
 *
 * <p>Memory effects are those of {@code AtomicLong}: {@link #get()} and {@link #set(long)} are volatile,
 * and the {@code Plain}, {@code Opaque}, {@code Acquire} and {@code Release} forms are those of
 * {@link VarHandle}'s access modes, across processes as across threads.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedLong hits = SharedLong.open(ns, "hits", 0)) {
 *     long n = hits.incrementAndGet();        // atomic across every process attached to "hits"
 * }
 * }</pre>
 */
public final class SharedLong extends SharedObject {
    private static final VarHandle VALUE = ValueLayout.JAVA_LONG.varHandle();
    private static final long AT = 0L;
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.INT64, TypeCode.UINT64, TypeCode.LONG, TypeCode.ULONG);

    private final MemorySegment memory;
    private final TypeCode typeCode;

    private SharedLong(Region region) {
        super(region);
        this.memory = region.payload();
        this.typeCode = TypeCode.forValueType(region.type());
    }

    /** Creates {@code name} as a signed 64-bit value ({@code 'q'}) holding {@code initialValue}. */
    public static SharedLong create(Namespace ns, String name, long initialValue) {
        return create(ns, name, 'q', initialValue);
    }

    /**
     * Creates {@code name} holding {@code initialValue}, with Python typecode {@code 'q'}, {@code 'l'}
     * (signed) or {@code 'Q'}, {@code 'L'} (unsigned, which only changes how {@link #toString()} reads it).
     */
    public static SharedLong create(Namespace ns, String name, char typecode, long initialValue) {
        TypeCode code = TypeCode.require(typecode, "SharedLong", CODES);
        return new SharedLong(ns.create(name, code.valueType(), Long.BYTES, p -> p.set(ValueLayout.JAVA_LONG, AT, initialValue)));
    }

    /** Attaches the existing 64-bit value {@code name}, signed or unsigned. */
    public static SharedLong attach(Namespace ns, String name) {
        return new SharedLong(ns.attach(name, TypeCode.valueTypes(CODES)));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.LONG;
    }

    /** Attaches {@code name} if it exists, else creates it as a signed value holding {@code initialValue}. */
    public static SharedLong open(Namespace ns, String name, long initialValue) {
        return new SharedLong(ns.open(name, TypeCode.INT64.valueType(), Long.BYTES,
                p -> p.set(ValueLayout.JAVA_LONG, AT, initialValue)));
    }

    /** @return the Python typecode the value was created with */
    public char typecode() {
        return typeCode.code();
    }

    /** @return the value, with volatile semantics */
    public long get() {
        region.checkOpen();
        return (long) VALUE.getVolatile(memory, AT);
    }

    /** @param value the new value, written with volatile semantics */
    public void set(long value) {
        region.checkOpen();
        VALUE.setVolatile(memory, AT, value);
    }

    /** @return the value, read with no ordering guarantees (fastest; for single-writer or polling use) */
    public long getPlain() {
        region.checkOpen();
        return (long) VALUE.get(memory, AT);
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(long value) {
        region.checkOpen();
        VALUE.set(memory, AT, value);
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public long getOpaque() {
        region.checkOpen();
        return (long) VALUE.getOpaque(memory, AT);
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(long value) {
        region.checkOpen();
        VALUE.setOpaque(memory, AT, value);
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public long getAcquire() {
        region.checkOpen();
        return (long) VALUE.getAcquire(memory, AT);
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(long value) {
        region.checkOpen();
        VALUE.setRelease(memory, AT, value);
    }

    /** @return whether the value was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(long expected, long newValue) {
        region.checkOpen();
        return VALUE.compareAndSet(memory, AT, expected, newValue);
    }

    /** @return the value before the step; it was replaced by {@code newValue} iff it equals {@code expected} */
    public long compareAndExchange(long expected, long newValue) {
        region.checkOpen();
        return (long) VALUE.compareAndExchange(memory, AT, expected, newValue);
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public long getAndSet(long newValue) {
        region.checkOpen();
        return (long) VALUE.getAndSet(memory, AT, newValue);
    }

    /** @return the previous value, atomically increased by {@code delta} */
    public long getAndAdd(long delta) {
        region.checkOpen();
        return (long) VALUE.getAndAdd(memory, AT, delta);
    }

    /** @return the value after atomically adding {@code delta} */
    public long addAndGet(long delta) {
        return getAndAdd(delta) + delta;
    }

    /** @return the value after atomically adding one */
    public long incrementAndGet() {
        return getAndAdd(1L) + 1L;
    }

    /** @return the value after atomically subtracting one */
    public long decrementAndGet() {
        return getAndAdd(-1L) - 1L;
    }

    /** @return the value before atomically adding one */
    public long getAndIncrement() {
        return getAndAdd(1L);
    }

    /** @return the value before atomically subtracting one */
    public long getAndDecrement() {
        return getAndAdd(-1L);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it, retrying when another process
     * changed it meanwhile (so {@code update} must be free of side effects).
     *
     * @return the previous value
     */
    public long getAndUpdate(LongUnaryOperator update) {
        long previous = get();
        for (;;) {
            long witness = compareAndExchange(previous, update.applyAsLong(previous));
            if (witness == previous) {
                return previous;
            }
            previous = witness;
        }
    }

    /** As {@link #getAndUpdate}, returning the new value. */
    public long updateAndGet(LongUnaryOperator update) {
        long previous = get();
        for (;;) {
            long next = update.applyAsLong(previous);
            long witness = compareAndExchange(previous, next);
            if (witness == previous) {
                return next;
            }
            previous = witness;
        }
    }

    /** As {@link #updateAndGet} with {@code accumulator.applyAsLong(value, x)}. */
    public long accumulateAndGet(long x, LongBinaryOperator accumulator) {
        return updateAndGet(v -> accumulator.applyAsLong(v, x));
    }

    /** @return the value in decimal; unsigned for typecodes {@code 'Q'} and {@code 'L'} */
    @Override
    public String toString() {
        long v = get();
        return typeCode.signed() ? Long.toString(v) : Long.toUnsignedString(v);
    }
}

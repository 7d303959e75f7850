package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;

/**
 * A boolean in shared memory (C {@code _Bool}: one byte, 0 or 1): Python's {@code Value('?')}, with
 * the API of {@link java.util.concurrent.atomic.AtomicBoolean}. Any non-zero byte written by foreign
 * code reads as {@code true}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedBoolean started = SharedBoolean.create(ns, "started", false)) {
 *     if (started.compareAndSet(false, true)) {
 *         // only one process gets here
 *     }
 * }
 * }</pre>
 */
public final class SharedBoolean extends SharedObject {
    private static final long AT = 0L;
    private static final byte FALSE = 0;
    private static final byte TRUE = 1;

    private final MemorySegment memory;

    private SharedBoolean(Region region) {
        super(region);
        this.memory = region.payload();
    }

    /** Creates {@code name} holding {@code initialValue}. */
    public static SharedBoolean create(Namespace ns, String name, boolean initialValue) {
        return new SharedBoolean(ns.create(name, TypeCode.BOOL.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.BYTE.set(p, AT, toByte(initialValue))));
    }

    /** Creates {@code name} holding {@code initialValue}; {@code typecode} must be {@code '?'}. */
    public static SharedBoolean create(Namespace ns, String name, char typecode, boolean initialValue) {
        TypeCode.require(typecode, "SharedBoolean", EnumSet.of(TypeCode.BOOL));
        return create(ns, name, initialValue);
    }

    /** Attaches the existing boolean {@code name}. */
    public static SharedBoolean attach(Namespace ns, String name) {
        return new SharedBoolean(ns.attach(name, TypeCode.BOOL.valueType()));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.BOOLEAN;
    }

    /** Attaches {@code name} if it exists, else creates it holding {@code initialValue}. */
    public static SharedBoolean open(Namespace ns, String name, boolean initialValue) {
        return new SharedBoolean(ns.open(name, TypeCode.BOOL.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.BYTE.set(p, AT, toByte(initialValue))));
    }

    /** @return {@code '?'} */
    public char typecode() {
        return '?';
    }

    /** @return the value, with volatile semantics */
    public boolean get() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getVolatile(memory, AT) != FALSE;
    }

    /** @param value the new value, written with volatile semantics */
    public void set(boolean value) {
        region.checkOpen();
        ScalarHandles.BYTE.setVolatile(memory, AT, toByte(value));
    }

    /** @return the value, read with no ordering guarantees */
    public boolean getPlain() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.get(memory, AT) != FALSE;
    }

    /** @param value written with no ordering guarantees */
    public void setPlain(boolean value) {
        region.checkOpen();
        ScalarHandles.BYTE.set(memory, AT, toByte(value));
    }

    /** @return the value, read atomically but with no ordering with other accesses */
    public boolean getOpaque() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getOpaque(memory, AT) != FALSE;
    }

    /** @param value written atomically but with no ordering with other accesses */
    public void setOpaque(boolean value) {
        region.checkOpen();
        ScalarHandles.BYTE.setOpaque(memory, AT, toByte(value));
    }

    /** @return the value; later reads and writes are not reordered before this read */
    public boolean getAcquire() {
        region.checkOpen();
        return (byte) ScalarHandles.BYTE.getAcquire(memory, AT) != FALSE;
    }

    /** @param value written so that earlier reads and writes are not reordered after it */
    public void setRelease(boolean value) {
        region.checkOpen();
        ScalarHandles.BYTE.setRelease(memory, AT, toByte(value));
    }

    /**
     * @return whether the value was {@code expected} and is now {@code newValue} (one atomic step); a
     *         non-zero byte other than 1 counts as {@code true}
     */
    public boolean compareAndSet(boolean expected, boolean newValue) {
        region.checkOpen();
        for (;;) {
            byte current = (byte) ScalarHandles.BYTE.getVolatile(memory, AT);
            if ((current != FALSE) != expected) {
                return false;
            }
            if (SubWordAtomics.compareAndExchangeByte(memory, AT, current, toByte(newValue)) == current) {
                return true;
            }
        }
    }

    /** @return the previous value, atomically replaced by {@code newValue} */
    public boolean getAndSet(boolean newValue) {
        region.checkOpen();
        return SubWordAtomics.getAndSetByte(memory, AT, toByte(newValue)) != FALSE;
    }

    /** @return {@code "true"} or {@code "false"} */
    @Override
    public String toString() {
        return Boolean.toString(get());
    }

    private static byte toByte(boolean value) {
        return value ? TRUE : FALSE;
    }
}

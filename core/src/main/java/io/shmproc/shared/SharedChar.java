package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;

/**
 * One Unicode character in shared memory: Python's {@code Value('u')}, a {@code wchar_t} of 4 bytes
 * on Linux, holding a code point (so characters outside the Basic Multilingual Plane fit).
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedChar grade = SharedChar.create(ns, "grade", 'B')) {
 *     grade.compareAndSet('B', 'A');
 *     String shown = grade.toString();       // "A"
 * }
 * }</pre>
 */
public final class SharedChar extends SharedObject {
    private static final long AT = 0L;

    private final MemorySegment memory;

    private SharedChar(Region region) {
        super(region);
        this.memory = region.payload();
    }

    /**
     * Creates {@code name} holding the code point {@code initialCodePoint} (a {@code char} converts).
     *
     * @throws IllegalArgumentException if it is not a Unicode code point
     */
    public static SharedChar create(Namespace ns, String name, int initialCodePoint) {
        requireCodePoint(initialCodePoint);
        return new SharedChar(ns.create(name, TypeCode.WCHAR.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.INT.set(p, AT, initialCodePoint)));
    }

    /** Creates {@code name} holding {@code initialCodePoint}; {@code typecode} must be {@code 'u'}. */
    public static SharedChar create(Namespace ns, String name, char typecode, int initialCodePoint) {
        TypeCode.require(typecode, "SharedChar", EnumSet.of(TypeCode.WCHAR));
        return create(ns, name, initialCodePoint);
    }

    /** Attaches the existing character {@code name}. */
    public static SharedChar attach(Namespace ns, String name) {
        return new SharedChar(ns.attach(name, TypeCode.WCHAR.valueType()));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.CHAR;
    }

    /** Attaches {@code name} if it exists, else creates it holding {@code initialCodePoint}. */
    public static SharedChar open(Namespace ns, String name, int initialCodePoint) {
        requireCodePoint(initialCodePoint);
        return new SharedChar(ns.open(name, TypeCode.WCHAR.valueType(), TypeCode.VALUE_PAYLOAD_BYTES,
                p -> ScalarHandles.INT.set(p, AT, initialCodePoint)));
    }

    /** @return {@code 'u'} */
    public char typecode() {
        return 'u';
    }

    /** @return the code point, with volatile semantics */
    public int get() {
        region.checkOpen();
        return (int) ScalarHandles.INT.getVolatile(memory, AT);
    }

    /**
     * @param codePoint the new code point, written with volatile semantics
     * @throws IllegalArgumentException if it is not a Unicode code point
     */
    public void set(int codePoint) {
        requireCodePoint(codePoint);
        region.checkOpen();
        ScalarHandles.INT.setVolatile(memory, AT, codePoint);
    }

    /** @return the code point, read with no ordering guarantees */
    public int getPlain() {
        region.checkOpen();
        return (int) ScalarHandles.INT.get(memory, AT);
    }

    /** @return the code point; later reads and writes are not reordered before this read */
    public int getAcquire() {
        region.checkOpen();
        return (int) ScalarHandles.INT.getAcquire(memory, AT);
    }

    /** @param codePoint written so that earlier reads and writes are not reordered after it */
    public void setRelease(int codePoint) {
        requireCodePoint(codePoint);
        region.checkOpen();
        ScalarHandles.INT.setRelease(memory, AT, codePoint);
    }

    /** @return whether the value was {@code expected} and is now {@code newCodePoint} (one atomic step) */
    public boolean compareAndSet(int expected, int newCodePoint) {
        requireCodePoint(newCodePoint);
        region.checkOpen();
        return ScalarHandles.INT.compareAndSet(memory, AT, expected, newCodePoint);
    }

    /** @return the previous code point, atomically replaced by {@code newCodePoint} */
    public int getAndSet(int newCodePoint) {
        requireCodePoint(newCodePoint);
        region.checkOpen();
        return (int) ScalarHandles.INT.getAndSet(memory, AT, newCodePoint);
    }

    /** @return the character as a string of one code point (one or two {@code char}s) */
    @Override
    public String toString() {
        int codePoint = get();
        return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint)
                : "\\x" + Integer.toHexString(codePoint); // written by foreign code
    }

    static void requireCodePoint(int codePoint) {
        if (!Character.isValidCodePoint(codePoint)) {
            throw new IllegalArgumentException(codePoint + " (0x" + Integer.toHexString(codePoint)
                    + ") is not a Unicode code point: use 0 to 0x10FFFF");
        }
    }
}

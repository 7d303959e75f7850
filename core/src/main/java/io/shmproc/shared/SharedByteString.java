package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fixed-length byte string in shared memory: Python's {@code Array('c', ...)}, a C {@code char[n]}.
 * As in Python, {@link #value()} is the bytes up to the first NUL and {@link #raw()} is all of them;
 * setting a shorter value writes a NUL after it and leaves the rest alone.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedByteString s = SharedByteString.create(ns, "s", "hello world".getBytes(US_ASCII))) {
 *     s.setValue("HELLO".getBytes(US_ASCII));
 *     s.valueAsString(US_ASCII);             // "HELLO"           (.value)
 *     s.raw();                                // "HELLO\0world"    (.raw)
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedByteString extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.CHAR8);

    private SharedByteString(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} NUL bytes. */
    public static SharedByteString create(Namespace ns, String name, int length) {
        return new SharedByteString(SharedArray.create(ns, name, TypeCode.CHAR8, length, p -> { }));
    }

    /** Creates {@code name} holding exactly {@code bytes} (no NUL is added), like {@code Array('c', b'...')}. */
    public static SharedByteString create(Namespace ns, String name, byte[] bytes) {
        return new SharedByteString(SharedArray.create(ns, name, TypeCode.CHAR8, bytes.length,
                p -> MemorySegment.copy(bytes, 0, p, ValueLayout.JAVA_BYTE, 0, bytes.length)));
    }

    /** Attaches the existing byte string {@code name}. */
    public static SharedByteString attach(Namespace ns, String name) {
        return new SharedByteString(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.BYTE_STRING;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} NULs. */
    public static SharedByteString open(Namespace ns, String name, int length) {
        return new SharedByteString(SharedArray.open(ns, name, TypeCode.CHAR8, length));
    }

    /** @return byte {@code index}, read with volatile semantics */
    public byte get(int index) {
        return (byte) ScalarHandles.BYTE.getVolatile(memory, offset(index));
    }

    /** Sets byte {@code index} with volatile semantics. */
    public void set(int index, byte value) {
        ScalarHandles.BYTE.setVolatile(memory, offset(index), value);
    }

    /** @return Python's {@code .value}: the bytes before the first NUL (all of them if there is none) */
    public byte[] value() {
        long start = rangeOffset(0, length());
        int n = 0;
        while (n < length() && memory.get(ValueLayout.JAVA_BYTE, start + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, start, bytes, 0, n);
        return bytes;
    }

    /** @return {@link #value()} decoded with {@code charset} */
    public String valueAsString(Charset charset) {
        return new String(value(), charset);
    }

    /**
     * Python's {@code .value = bytes}: writes {@code bytes}, then a NUL if there is room; the bytes
     * after that NUL are left as they were.
     *
     * @throws IllegalArgumentException naming both lengths if {@code bytes} is longer than the array
     */
    public void setValue(byte[] bytes) {
        long start = requireFits(bytes, "value");
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, start, bytes.length);
        if (bytes.length < length()) {
            memory.set(ValueLayout.JAVA_BYTE, start + bytes.length, (byte) 0);
        }
    }

    /** @return Python's {@code .raw}: every byte, NULs included */
    public byte[] raw() {
        byte[] bytes = new byte[length()];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, rangeOffset(0, length()), bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * Python's {@code .raw = bytes}: writes {@code bytes} at the start, with no terminator.
     *
     * @throws IllegalArgumentException naming both lengths if {@code bytes} is longer than the array
     */
    public void setRaw(byte[] bytes) {
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, requireFits(bytes, "raw"), bytes.length);
    }

    /** @return the value as Python's {@code repr} of bytes would show it, e.g. {@code b'hi\x00'} */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("b'");
        for (byte b : value()) {
            int c = b & 0xFF;
            if (c == '\\' || c == '\'') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.append('\'').toString();
    }

    private long requireFits(byte[] bytes, String what) {
        if (bytes.length > length()) {
            throw new IllegalArgumentException("byte string '" + name() + "' holds " + length() + " bytes, but the new "
                    + what + " is " + bytes.length + " bytes: shorten it, or create the string longer");
        }
        return rangeOffset(0, length());
    }
}

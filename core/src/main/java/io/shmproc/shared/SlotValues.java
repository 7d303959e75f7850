package io.shmproc.shared;

import static io.shmproc.shared.ShareableListLayout.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** The values a {@link ShareableList} slot holds, and how each is written into, and read from, a copy. */
final class SlotValues {
    static final String ALLOWED = "Integer, Long, Double, Boolean, String, byte[] or null";

    private SlotValues() {
    }

    /** A value in the form a copy holds: its type, its length, and its bits or its bytes. */
    record Encoded(int type, int length, long bits, byte[] bytes) {
    }

    /**
     * @throws IllegalArgumentException if {@code value} is of a type a slot cannot hold, or a String
     *     that UTF-8 cannot represent (an unpaired surrogate)
     */
    static Encoded encode(Object value) {
        return switch (value) {
            case null -> new Encoded(TYPE_NULL, 0, 0, null);
            case Integer i -> new Encoded(TYPE_INT, Integer.BYTES, i, null);
            case Long l -> new Encoded(TYPE_LONG, Long.BYTES, l, null);
            case Double d -> new Encoded(TYPE_DOUBLE, Long.BYTES, Double.doubleToRawLongBits(d), null);
            case Boolean b -> new Encoded(TYPE_BOOLEAN, 1, b ? 1 : 0, null);
            case String s -> {
                byte[] utf8 = utf8(s);
                yield new Encoded(TYPE_STRING, utf8.length, 0, utf8);
            }
            case byte[] bytes -> new Encoded(TYPE_BYTES, bytes.length, 0, bytes.clone());
            default -> throw new IllegalArgumentException("a shareable list holds " + ALLOWED + ", not "
                    + value.getClass().getName() + ": convert the value to one of those first");
        };
    }

    /** Writes {@code value} into the copy at {@code at}: value bytes first, then type and length. */
    static void write(MemorySegment memory, long at, Encoded value) {
        switch (value.type()) {
            case TYPE_INT -> memory.set(ValueLayout.JAVA_INT, at + VALUE_OFFSET, (int) value.bits());
            case TYPE_LONG, TYPE_DOUBLE -> memory.set(ValueLayout.JAVA_LONG, at + VALUE_OFFSET, value.bits());
            case TYPE_BOOLEAN -> memory.set(ValueLayout.JAVA_BYTE, at + VALUE_OFFSET, (byte) value.bits());
            case TYPE_STRING, TYPE_BYTES ->
                    MemorySegment.copy(value.bytes(), 0, memory, ValueLayout.JAVA_BYTE, at + VALUE_OFFSET, value.length());
            default -> { }
        }
        memory.set(ValueLayout.JAVA_INT, at + TYPE_OFFSET, value.type());
        memory.set(ValueLayout.JAVA_INT, at + LENGTH_OFFSET, value.length());
    }

    /**
     * Reads the copy at {@code at}, which a writer may be overwriting meanwhile: the caller validates
     * the read afterwards and discards it if so.
     *
     * @return the value, or {@link #TORN} if type and length are not a consistent pair (a torn read)
     */
    static Object read(MemorySegment memory, long at, int capacity) {
        int type = memory.get(ValueLayout.JAVA_INT, at + TYPE_OFFSET);
        int length = memory.get(ValueLayout.JAVA_INT, at + LENGTH_OFFSET);
        int fixed = fixedLength(type);
        if (fixed == -2 || (fixed >= 0 && length != fixed) || length < 0 || length > capacity) {
            return TORN;
        }
        return switch (type) {
            case TYPE_NULL -> null;
            case TYPE_INT -> memory.get(ValueLayout.JAVA_INT, at + VALUE_OFFSET);
            case TYPE_LONG -> memory.get(ValueLayout.JAVA_LONG, at + VALUE_OFFSET);
            case TYPE_DOUBLE -> Double.longBitsToDouble(memory.get(ValueLayout.JAVA_LONG, at + VALUE_OFFSET));
            case TYPE_BOOLEAN -> memory.get(ValueLayout.JAVA_BYTE, at + VALUE_OFFSET) != 0;
            default -> {
                byte[] bytes = new byte[length];
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, at + VALUE_OFFSET, bytes, 0, length);
                yield type == TYPE_STRING ? new Utf8Bytes(bytes) : bytes;
            }
        };
    }

    /** @return {@code read}'s result as the caller sees it, once validated: decodes a String */
    static Object finish(Object read) {
        return read instanceof Utf8Bytes(byte[] utf8) ? new String(utf8, StandardCharsets.UTF_8) : read;
    }

    /** @return whether two values are equal as a list compares them: byte arrays by content */
    static boolean same(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }

    /** @return the value's type as a message names it */
    static String describe(Encoded value) {
        return switch (value.type()) {
            case TYPE_STRING -> "a String, as UTF-8";
            case TYPE_BYTES -> "a byte[]";
            default -> "a number";
        };
    }

    /** What {@link #read} returns for a copy it caught being rewritten. */
    static final Object TORN = new Object();

    /** A String's bytes, decoded only once the read proved consistent. */
    private record Utf8Bytes(byte[] utf8) {
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the String holds an unpaired surrogate, which UTF-8 cannot hold, so it"
                    + " would not read back as stored: remove it or pair it");
        }
    }
}

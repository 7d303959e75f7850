package io.shmproc.shared;

import io.shmproc.memory.IncompatibleObjectException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Read-only decoding of shared values and arrays, for tools: given an object's header descriptor and
 * payload (from {@link io.shmproc.memory.NamespaceView}), a value's contents and an array's length and
 * first elements, as text. Nothing is written and no process slot is needed. Elements are read one
 * volatile access each, so a array being written may show a mix of old and new elements.
 *
 * <pre>{@code
 * ObjectInfo o = view.object("counter");
 * String text = SharedInspection.value(o.descriptor(), view.payload(o));      // "42"
 * SharedInspection.ArrayState xs = SharedInspection.array(a.descriptor(), view.payload(a), 8);
 * }</pre>
 */
public final class SharedInspection {
    /** Kind of shared values ({@link SharedInt}, {@link SharedDouble}, ...). */
    public static final String VALUE_KIND = TypeCode.VALUE_KIND;
    /** Kind of shared primitive arrays and byte strings; a byte string's element type is "char8". */
    public static final String ARRAY_KIND = ArrayLayout.KIND;
    /** Kind of {@link SharedStructArray}s. */
    public static final String STRUCT_ARRAY_KIND = SharedStructArray.KIND;
    /** The element type of {@link SharedByteString}s, as their descriptor names it. */
    public static final String BYTE_STRING_ELEMENT = TypeCode.CHAR8.cName();

    private SharedInspection() {
    }

    /**
     * A primitive array's state.
     *
     * @param elementType the element's storage type ("int32", "float64", "char8", ...)
     * @param length      the number of elements
     * @param first       the first elements as text, at most as many as asked for
     * @param text        for a byte string, its bytes up to the first zero as ISO-8859-1 text (Python's
     *                    {@code .value}); null for other arrays
     */
    public record ArrayState(String elementType, int length, List<String> first, String text) {
    }

    /**
     * @param descriptor the value's header descriptor (its storage type, e.g. "int64")
     * @return the value as text: a number, "true"/"false" for bool, the character for char8 and wchar32
     * @throws IncompatibleObjectException if the descriptor names no value type or the payload is too small
     */
    public static String value(String descriptor, MemorySegment payload) {
        TypeCode code = typeCode(descriptor, "value");
        if (payload.byteSize() < code.byteSize()) {
            throw new IncompatibleObjectException("value payload of " + payload.byteSize() + " bytes cannot hold a "
                    + descriptor + ": the object is damaged");
        }
        return format(code, payload, 0);
    }

    /**
     * @param descriptor the array's header descriptor (its element's storage type)
     * @param most       how many leading elements to return
     * @throws IncompatibleObjectException if the descriptor names no element type or the length does not fit
     */
    public static ArrayState array(String descriptor, MemorySegment payload, int most) {
        TypeCode code = typeCode(descriptor, "array");
        long length = payload.byteSize() < ArrayLayout.ELEMENTS_OFFSET ? -1
                : payload.get(ValueLayout.JAVA_LONG, ArrayLayout.LENGTH_OFFSET);
        if (length < 0 || ArrayLayout.payloadBytes(length, code.byteSize()) > payload.byteSize()) {
            throw new IncompatibleObjectException("array payload of " + payload.byteSize() + " bytes claims " + length
                    + " elements: the object is damaged");
        }
        List<String> first = new ArrayList<>();
        for (int i = 0; i < Math.min(length, most); i++) {
            first.add(format(code, payload, ArrayLayout.ELEMENTS_OFFSET + (long) i * code.byteSize()));
        }
        String text = null;
        if (code == TypeCode.CHAR8) {
            MemorySegment bytes = payload.asSlice(ArrayLayout.ELEMENTS_OFFSET, length);
            long end = 0;
            while (end < length && bytes.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            text = new String(bytes.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
        }
        return new ArrayState(code.cName(), (int) length, List.copyOf(first), text);
    }

    /**
     * @param descriptor a struct array's header descriptor, which ends in {@code #} and the struct's size
     * @return how many structs {@code payloadBytes} hold, or empty if the descriptor was too long for the
     *     header and its size was cut off
     */
    public static OptionalLong structCount(String descriptor, long payloadBytes) {
        int hash = descriptor.lastIndexOf('#');
        if (hash < 0) {
            return OptionalLong.empty();
        }
        try {
            long stride = Long.parseLong(descriptor.substring(hash + 1));
            return stride > 0 ? OptionalLong.of(payloadBytes / stride) : OptionalLong.empty();
        } catch (NumberFormatException cutShort) {
            return OptionalLong.empty();
        }
    }

    private static TypeCode typeCode(String descriptor, String what) {
        for (TypeCode t : TypeCode.values()) {
            if (t.cName().equals(descriptor)) {
                return t;
            }
        }
        throw new IncompatibleObjectException("'" + descriptor + "' is not the type of a shared " + what);
    }

    private static String format(TypeCode code, MemorySegment at, long offset) {
        VarHandle handle = code.layout().varHandle();
        return switch (code) {
            case INT8 -> Byte.toString((byte) handle.getVolatile(at, offset));
            case UINT8 -> Integer.toString(Byte.toUnsignedInt((byte) handle.getVolatile(at, offset)));
            case CHAR8 -> String.valueOf((char) Byte.toUnsignedInt((byte) handle.getVolatile(at, offset)));
            case BOOL -> Boolean.toString((byte) handle.getVolatile(at, offset) != 0);
            case INT16 -> Short.toString((short) handle.getVolatile(at, offset));
            case UINT16 -> Integer.toString(Short.toUnsignedInt((short) handle.getVolatile(at, offset)));
            case INT32 -> Integer.toString((int) handle.getVolatile(at, offset));
            case UINT32 -> Integer.toUnsignedString((int) handle.getVolatile(at, offset));
            case WCHAR -> {
                int cp = (int) handle.getVolatile(at, offset);
                yield Character.isValidCodePoint(cp) ? Character.toString(cp) : "U+" + Integer.toHexString(cp);
            }
            case INT64, LONG -> Long.toString((long) handle.getVolatile(at, offset));
            case UINT64, ULONG -> Long.toUnsignedString((long) handle.getVolatile(at, offset));
            case FLOAT32 -> Float.toString((float) handle.getVolatile(at, offset));
            case FLOAT64 -> Double.toString((double) handle.getVolatile(at, offset));
        };
    }
}

package io.shmproc.shared;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.ObjectType;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Python's {@code array}/{@code multiprocessing} typecodes, with the sizes they have on 64-bit Linux, so
 * that a shmproc value or array holds exactly the bytes a C or Python program would.
 *
 * <pre>{@code
 * TypeCode t = TypeCode.of('I');   // UINT32: 4 bytes, unsigned
 * SharedInt flags = SharedInt.create(ns, "flags", 'I', 0);
 * }</pre>
 */
public enum TypeCode {
    /** {@code 'b'}: signed char. */
    INT8('b', "int8", ValueLayout.JAVA_BYTE, true),
    /** {@code 'B'}: unsigned char. */
    UINT8('B', "uint8", ValueLayout.JAVA_BYTE, false),
    /** {@code 'c'}: one byte of a byte string (Python {@code bytes} of length 1). */
    CHAR8('c', "char8", ValueLayout.JAVA_BYTE, false),
    /** {@code '?'}: C {@code _Bool}, one byte holding 0 or 1. */
    BOOL('?', "bool", ValueLayout.JAVA_BYTE, false),
    /** {@code 'h'}: signed short. */
    INT16('h', "int16", ValueLayout.JAVA_SHORT, true),
    /** {@code 'H'}: unsigned short. */
    UINT16('H', "uint16", ValueLayout.JAVA_SHORT, false),
    /** {@code 'i'}: signed int. */
    INT32('i', "int32", ValueLayout.JAVA_INT, true),
    /** {@code 'I'}: unsigned int. */
    UINT32('I', "uint32", ValueLayout.JAVA_INT, false),
    /** {@code 'u'}: {@code wchar_t}, a Unicode code point in 4 bytes on Linux. */
    WCHAR('u', "wchar32", ValueLayout.JAVA_INT, false),
    /** {@code 'q'}: signed long long. */
    INT64('q', "int64", ValueLayout.JAVA_LONG, true),
    /** {@code 'Q'}: unsigned long long. */
    UINT64('Q', "uint64", ValueLayout.JAVA_LONG, false),
    /** {@code 'l'}: signed long, 8 bytes on 64-bit Linux; stored as {@link #INT64}. */
    LONG('l', "int64", ValueLayout.JAVA_LONG, true),
    /** {@code 'L'}: unsigned long, 8 bytes on 64-bit Linux; stored as {@link #UINT64}. */
    ULONG('L', "uint64", ValueLayout.JAVA_LONG, false),
    /** {@code 'f'}: float. */
    FLOAT32('f', "float32", ValueLayout.JAVA_FLOAT, true),
    /** {@code 'd'}: double. */
    FLOAT64('d', "float64", ValueLayout.JAVA_DOUBLE, true);

    /** Header kind of typed shared values. */
    static final String VALUE_KIND = "VALU";
    /**
     * Payload of every shared value: 8 bytes, so a sub-word value's containing 4-byte word, which its
     * atomic updates compare-and-set, lies inside the payload.
     */
    static final long VALUE_PAYLOAD_BYTES = 8;

    private final char code;
    private final String cName;
    private final ValueLayout layout;
    private final boolean signed;

    TypeCode(char code, String cName, ValueLayout layout, boolean signed) {
        this.code = code;
        this.cName = cName;
        this.layout = layout;
        this.signed = signed;
    }

    /**
     * @return the type of Python typecode {@code code}
     * @throws IllegalArgumentException for an unknown code, listing the valid ones
     */
    public static TypeCode of(char code) {
        for (TypeCode t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown typecode '" + code + "': use one of "
                + Arrays.stream(values()).map(t -> "'" + t.code + "' (" + t.cName + ")").collect(Collectors.joining(", ")));
    }

    /** @return the Python typecode */
    public char code() {
        return code;
    }

    /** @return the storage type's name, shared by typecodes of one representation ({@code 'l'} and {@code 'q'}) */
    public String cName() {
        return cName;
    }

    /** @return the size in bytes */
    public int byteSize() {
        return (int) layout.byteSize();
    }

    /** @return the FFM layout (native byte order, natural alignment) of one element */
    public ValueLayout layout() {
        return layout;
    }

    /** @return whether the integer is signed (floats count as signed; chars and bool do not) */
    public boolean signed() {
        return signed;
    }

    /** @return the header type of a single shared value of this typecode */
    ObjectType valueType() {
        return new ObjectType(VALUE_KIND, cName);
    }

    /** @return the type recorded for a value, which names the canonical typecode of its representation */
    static TypeCode forValueType(ObjectType type) {
        for (TypeCode t : values()) {
            if (t.cName.equals(type.descriptor())) {
                return t;
            }
        }
        throw new IncompatibleObjectException("'" + type + "' is not a shared value type");
    }

    /** @return the header types of values of any of {@code codes} */
    static ObjectType[] valueTypes(Set<TypeCode> codes) {
        return codes.stream().map(TypeCode::valueType).distinct().toArray(ObjectType[]::new);
    }

    /**
     * @return the typecode {@code code}, checked to be one that {@code className} holds
     * @throws IllegalArgumentException naming the codes the class accepts, or all codes if {@code code} is unknown
     */
    static TypeCode require(char code, String className, Set<TypeCode> accepted) {
        TypeCode t = of(code);
        if (!accepted.contains(t)) {
            throw new IllegalArgumentException("typecode '" + code + "' (" + t.cName + ") is not held by " + className
                    + ", which takes " + accepted.stream().map(a -> "'" + a.code + "'").collect(Collectors.joining(", "))
                    + ": use the shared type of that size and kind");
        }
        return t;
    }
}

package io.shmproc.channel;

/**
 * The eight primitive types as the codecs write them: one name per type, shared by the boxed codecs and
 * the components of record descriptors, and the number of bytes each takes (little-endian, booleans as
 * one byte holding 0 or 1). The names are those of {@code io.shmproc.shared.TypeCode}, so a descriptor
 * reads the same in both packages.
 */
enum Primitive {
    BOOLEAN(boolean.class, Boolean.class, "bool", 1),
    BYTE(byte.class, Byte.class, "int8", Byte.BYTES),
    SHORT(short.class, Short.class, "int16", Short.BYTES),
    CHAR(char.class, Character.class, "char16", Character.BYTES),
    INT(int.class, Integer.class, "int32", Integer.BYTES),
    LONG(long.class, Long.class, "int64", Long.BYTES),
    FLOAT(float.class, Float.class, "float32", Float.BYTES),
    DOUBLE(double.class, Double.class, "float64", Double.BYTES);

    private final Class<?> type;
    private final Class<?> boxed;
    private final String descriptor;
    private final int size;

    Primitive(Class<?> type, Class<?> boxed, String descriptor, int size) {
        this.type = type;
        this.boxed = boxed;
        this.descriptor = descriptor;
        this.size = size;
    }

    /** @return the kind of primitive {@code type}, or null if {@code type} is not a primitive (or is void) */
    static Primitive of(Class<?> type) {
        for (Primitive p : values()) {
            if (p.type == type) {
                return p;
            }
        }
        return null;
    }

    /** @return the kind whose wrapper class is {@code type}, or null if {@code type} is none */
    static Primitive ofBoxed(Class<?> type) {
        for (Primitive p : values()) {
            if (p.boxed == type) {
                return p;
            }
        }
        return null;
    }

    Class<?> type() {
        return type;
    }

    /** @return the type's name in descriptors, such as {@code int64} */
    String descriptor() {
        return descriptor;
    }

    /** @return bytes one value takes */
    int size() {
        return size;
    }
}

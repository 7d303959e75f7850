package io.shmproc.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A primitive field: one of the {@link TypeCode}s, or a Java {@code char} (a UTF-16 unit, C's
 * {@code char16_t}), which has no Python typecode.
 */
record ScalarCodec(String descriptor, ValueLayout layout, Class<?> carrier, TypeCode typeCode) implements FieldCodec {
    static final ScalarCodec UTF16 = new ScalarCodec("char16", ValueLayout.JAVA_CHAR, char.class, null);

    static ScalarCodec of(TypeCode code) {
        Class<?> carrier = code == TypeCode.BOOL ? boolean.class : code.layout().carrier();
        return new ScalarCodec(code.cName(), code.layout(), carrier, code);
    }

    /** @return the codec of a record component of primitive type {@code type}, or null if it is not one */
    static ScalarCodec forPrimitive(Class<?> type) {
        if (type == boolean.class) {
            return of(TypeCode.BOOL);
        } else if (type == byte.class) {
            return of(TypeCode.INT8);
        } else if (type == short.class) {
            return of(TypeCode.INT16);
        } else if (type == char.class) {
            return UTF16;
        } else if (type == int.class) {
            return of(TypeCode.INT32);
        } else if (type == long.class) {
            return of(TypeCode.INT64);
        } else if (type == float.class) {
            return of(TypeCode.FLOAT32);
        } else if (type == double.class) {
            return of(TypeCode.FLOAT64);
        }
        return null;
    }

    @Override
    public long byteSize() {
        return layout.byteSize();
    }

    @Override
    public long alignment() {
        return layout.byteAlignment();
    }

    @Override
    public Object read(MemorySegment memory, long offset) {
        if (carrier == boolean.class) {
            return memory.get(ValueLayout.JAVA_BYTE, offset) != 0;
        } else if (carrier == byte.class) {
            return memory.get(ValueLayout.JAVA_BYTE, offset);
        } else if (carrier == short.class) {
            return memory.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
        } else if (carrier == char.class) {
            return memory.get(ValueLayout.JAVA_CHAR_UNALIGNED, offset);
        } else if (carrier == int.class) {
            return memory.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
        } else if (carrier == long.class) {
            return memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        } else if (carrier == float.class) {
            return memory.get(ValueLayout.JAVA_FLOAT_UNALIGNED, offset);
        }
        return memory.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset);
    }

    @Override
    public void write(MemorySegment memory, long offset, Object value, String path) {
        try {
            if (carrier == boolean.class) {
                memory.set(ValueLayout.JAVA_BYTE, offset, (byte) ((Boolean) value ? 1 : 0));
            } else if (carrier == byte.class) {
                memory.set(ValueLayout.JAVA_BYTE, offset, ((Number) value).byteValue());
            } else if (carrier == short.class) {
                memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, ((Number) value).shortValue());
            } else if (carrier == char.class) {
                memory.set(ValueLayout.JAVA_CHAR_UNALIGNED, offset, (Character) value);
            } else if (carrier == int.class) {
                memory.set(ValueLayout.JAVA_INT_UNALIGNED, offset, ((Number) value).intValue());
            } else if (carrier == long.class) {
                memory.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, ((Number) value).longValue());
            } else if (carrier == float.class) {
                memory.set(ValueLayout.JAVA_FLOAT_UNALIGNED, offset, ((Number) value).floatValue());
            } else {
                memory.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, ((Number) value).doubleValue());
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("field '" + path + "' is " + descriptor + " and cannot hold "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value), e);
        }
    }
}

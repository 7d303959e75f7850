package io.shmproc.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * Values that travel as a tag byte and their bytes rather than through Java serialisation: null, strings
 * and boxed primitives. A cold JVM needs tens of milliseconds to initialise object streams and a warm one
 * still pays a microsecond or two per stream, so the values most tasks pass and return go this way.
 *
 * <pre>
 *   tag  NULL | STRING | INT | LONG | DOUBLE | FLOAT | SHORT | BYTE | CHAR | BOOLEAN
 *   then the value: a string as int byte count + UTF-8, a primitive big-endian (DataOutput)
 * </pre>
 *
 * <pre>{@code
 * if (PlainValues.isPlain(value)) PlainValues.write(out, value);
 * }</pre>
 */
final class PlainValues {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte FLOAT = 5;
    private static final byte SHORT = 6;
    private static final byte BYTE = 7;
    private static final byte CHAR = 8;
    private static final byte BOOLEAN = 9;

    private PlainValues() {
    }

    /** @return whether {@code value} travels as a plain value */
    static boolean isPlain(Object value) {
        return tag(value) >= 0;
    }

    /** @return whether every element travels as a plain value */
    static boolean arePlain(Object[] values) {
        for (Object value : values) {
            if (tag(value) < 0) {
                return false;
            }
        }
        return true;
    }

    static void write(DataOutput out, Object value) throws IOException {
        byte tag = tag(value);
        if (tag < 0) {
            throw new IllegalArgumentException("not a plain value: " + value.getClass().getName());
        }
        out.writeByte(tag);
        switch (tag) {
            case STRING -> Launch.writeString(out, (String) value);
            case INT -> out.writeInt((Integer) value);
            case LONG -> out.writeLong((Long) value);
            case DOUBLE -> out.writeDouble((Double) value);
            case FLOAT -> out.writeFloat((Float) value);
            case SHORT -> out.writeShort((Short) value);
            case BYTE -> out.writeByte((Byte) value);
            case CHAR -> out.writeChar((Character) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            default -> { } // NULL: the tag says it all
        }
    }

    static Object read(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> Launch.readString(in);
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case CHAR -> in.readChar();
            case BOOLEAN -> in.readBoolean();
            default -> throw new StreamCorruptedException("unknown value tag " + tag);
        };
    }

    private static byte tag(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return STRING;
        } else if (type == Integer.class) {
            return INT;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Character.class) {
            return CHAR;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        }
        return -1;
    }
}

package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An array of one primitive type inside a record: an int32 element count
 * ({@value MessageReader#NULL_LENGTH} for null), then the elements, little-endian.
 */
final class PrimitiveArrayValue extends ValueCodec {
    private final Primitive element;

    PrimitiveArrayValue(Primitive element) {
        this.element = element;
    }

    @Override
    String descriptor() {
        return element.descriptor() + "[]";
    }

    @Override
    int minLength() {
        return Integer.BYTES;
    }

    @Override
    long length(Object value) {
        return Integer.BYTES + (value == null ? 0 : (long) count(value) * element.size());
    }

    private int count(Object array) {
        return switch (element) {
            case BOOLEAN -> ((boolean[]) array).length;
            case BYTE -> ((byte[]) array).length;
            case SHORT -> ((short[]) array).length;
            case CHAR -> ((char[]) array).length;
            case INT -> ((int[]) array).length;
            case LONG -> ((long[]) array).length;
            case FLOAT -> ((float[]) array).length;
            case DOUBLE -> ((double[]) array).length;
        };
    }

    @Override
    int write(Object value, MutableDirectBuffer buffer, int offset) {
        if (value == null) {
            buffer.putInt(offset, MessageReader.NULL_LENGTH, LITTLE_ENDIAN);
            return offset + Integer.BYTES;
        }
        int count = count(value);
        buffer.putInt(offset, count, LITTLE_ENDIAN);
        int at = offset + Integer.BYTES;
        switch (element) {
            case BOOLEAN -> {
                boolean[] array = (boolean[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putByte(at + i, (byte) (array[i] ? 1 : 0));
                }
            }
            case BYTE -> buffer.putBytes(at, (byte[]) value);
            case SHORT -> {
                short[] array = (short[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putShort(at + i * Short.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
            case CHAR -> {
                char[] array = (char[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putChar(at + i * Character.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
            case INT -> {
                int[] array = (int[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putInt(at + i * Integer.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
            case LONG -> {
                long[] array = (long[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putLong(at + i * Long.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
            case FLOAT -> {
                float[] array = (float[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putFloat(at + i * Float.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
            case DOUBLE -> {
                double[] array = (double[]) value;
                for (int i = 0; i < count; i++) {
                    buffer.putDouble(at + i * Double.BYTES, array[i], LITTLE_ENDIAN);
                }
            }
        }
        return at + count * element.size();
    }

    @Override
    Object read(MessageReader in) {
        int count = in.readCount(element.size());
        if (count == MessageReader.NULL_LENGTH) {
            return null;
        }
        int at = in.claim((long) count * element.size());
        DirectBuffer buffer = in.buffer();
        return switch (element) {
            case BOOLEAN -> {
                boolean[] array = new boolean[count];
                for (int i = 0; i < count; i++) {
                    array[i] = in.toBoolean(buffer.getByte(at + i));
                }
                yield array;
            }
            case BYTE -> {
                byte[] array = new byte[count];
                buffer.getBytes(at, array);
                yield array;
            }
            case SHORT -> {
                short[] array = new short[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getShort(at + i * Short.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
            case CHAR -> {
                char[] array = new char[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getChar(at + i * Character.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
            case INT -> {
                int[] array = new int[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getInt(at + i * Integer.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
            case LONG -> {
                long[] array = new long[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getLong(at + i * Long.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
            case FLOAT -> {
                float[] array = new float[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getFloat(at + i * Float.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
            case DOUBLE -> {
                double[] array = new double[count];
                for (int i = 0; i < count; i++) {
                    array[i] = buffer.getDouble(at + i * Double.BYTES, LITTLE_ENDIAN);
                }
                yield array;
            }
        };
    }
}

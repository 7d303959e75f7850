package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.agrona.MutableDirectBuffer;

/**
 * An array of strings, enums, records or arrays inside a record: an int32 element count
 * ({@value MessageReader#NULL_LENGTH} for null), then each element as its own {@link ValueCodec} writes
 * it (so elements may be null too).
 */
final class ObjectArrayValue extends ValueCodec {
    private final ValueCodec element;
    /** {@code (int)Object[]}: makes an array of the declared type without reflection per message. */
    private final MethodHandle newArray;

    ObjectArrayValue(ValueCodec element, Class<?> arrayType) {
        this.element = element;
        this.newArray = MethodHandles.arrayConstructor(arrayType).asType(MethodType.methodType(Object[].class, int.class));
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
    long length(Object value) throws Throwable {
        long length = Integer.BYTES;
        if (value != null) {
            for (Object e : (Object[]) value) {
                length += element.length(e);
            }
        }
        return length;
    }

    @Override
    int write(Object value, MutableDirectBuffer buffer, int offset) throws Throwable {
        if (value == null) {
            buffer.putInt(offset, MessageReader.NULL_LENGTH, LITTLE_ENDIAN);
            return offset + Integer.BYTES;
        }
        Object[] array = (Object[]) value;
        buffer.putInt(offset, array.length, LITTLE_ENDIAN);
        int at = offset + Integer.BYTES;
        for (Object e : array) {
            at = element.write(e, buffer, at);
        }
        return at;
    }

    @Override
    Object read(MessageReader in) throws Throwable {
        int count = in.readCount(element.minLength());
        if (count == MessageReader.NULL_LENGTH) {
            return null;
        }
        Object[] array = (Object[]) newArray.invokeExact(count);
        for (int i = 0; i < count; i++) {
            array[i] = element.read(in);
        }
        return array;
    }
}

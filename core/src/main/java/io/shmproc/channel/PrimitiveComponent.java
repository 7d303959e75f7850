package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.agrona.MutableDirectBuffer;

/**
 * A primitive component, written in its {@link Primitive#size()} bytes, little-endian. The accessor is
 * typed {@code (Object)} to the exact primitive, and each branch below calls it with that exact type, so
 * no value is ever boxed.
 */
final class PrimitiveComponent implements ComponentCodec {
    private final String name;
    private final Primitive kind;
    /** {@code (Object)kind.type()}. */
    private final MethodHandle accessor;

    /** @param accessor the record's accessor of the component, of any type the exact one can be adapted to */
    PrimitiveComponent(String name, Primitive kind, MethodHandle accessor) {
        this.name = name;
        this.kind = kind;
        this.accessor = accessor.asType(MethodType.methodType(kind.type(), Object.class));
    }

    Primitive kind() {
        return kind;
    }

    @Override
    public String descriptor() {
        return name + ":" + kind.descriptor();
    }

    @Override
    public int write(Object record, MutableDirectBuffer buffer, int offset) throws Throwable {
        switch (kind) {
            case BOOLEAN -> buffer.putByte(offset, (byte) ((boolean) accessor.invokeExact(record) ? 1 : 0));
            case BYTE -> buffer.putByte(offset, (byte) accessor.invokeExact(record));
            case SHORT -> buffer.putShort(offset, (short) accessor.invokeExact(record), LITTLE_ENDIAN);
            case CHAR -> buffer.putChar(offset, (char) accessor.invokeExact(record), LITTLE_ENDIAN);
            case INT -> buffer.putInt(offset, (int) accessor.invokeExact(record), LITTLE_ENDIAN);
            case LONG -> buffer.putLong(offset, (long) accessor.invokeExact(record), LITTLE_ENDIAN);
            case FLOAT -> buffer.putFloat(offset, (float) accessor.invokeExact(record), LITTLE_ENDIAN);
            case DOUBLE -> buffer.putDouble(offset, (double) accessor.invokeExact(record), LITTLE_ENDIAN);
        }
        return offset + kind.size();
    }

    @Override
    public MethodHandle reader() {
        String read = switch (kind) {
            case BOOLEAN -> "readBoolean";
            case BYTE -> "readByte";
            case SHORT -> "readShort";
            case CHAR -> "readChar";
            case INT -> "readInt";
            case LONG -> "readLong";
            case FLOAT -> "readFloat";
            case DOUBLE -> "readDouble";
        };
        try {
            return MethodHandles.lookup().findVirtual(MessageReader.class, read, MethodType.methodType(kind.type()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MessageReader lacks " + read, e);
        }
    }
}

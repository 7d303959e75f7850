package io.shmproc.channel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.agrona.MutableDirectBuffer;

/** A component of a reference type (string, enum, record, array), written by its {@link ValueCodec}. */
final class ReferenceComponent implements ComponentCodec {
    private final String name;
    private final Class<?> type;
    private final ValueCodec value;
    /** {@code (Object)Object}. */
    private final MethodHandle accessor;

    ReferenceComponent(String name, Class<?> type, ValueCodec value, MethodHandle accessor) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.accessor = accessor.asType(MethodType.methodType(Object.class, Object.class));
    }

    @Override
    public String descriptor() {
        return name + ":" + value.descriptor();
    }

    /** @return exactly how many bytes {@link #write} writes for this component of {@code record} */
    long length(Object record) throws Throwable {
        return value.length((Object) accessor.invokeExact(record));
    }

    @Override
    public int write(Object record, MutableDirectBuffer buffer, int offset) throws Throwable {
        return value.write((Object) accessor.invokeExact(record), buffer, offset);
    }

    @Override
    public MethodHandle reader() {
        return value.reader(type);
    }
}

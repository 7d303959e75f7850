package io.shmproc.channel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.agrona.MutableDirectBuffer;

/**
 * How a value of a reference type is written inside a record message: a string, an enum, a nested
 * record, or an array. Any of them may be null, and its first bytes say whether it is.
 *
 * <p>The methods declare {@code Throwable} because writing a nested record calls its accessors through
 * method handles; {@link RecordCodec} turns whatever they throw into a {@link CodecException}.
 */
abstract class ValueCodec {
    private static final MethodHandle READ;

    static {
        try {
            READ = MethodHandles.lookup().findVirtual(ValueCodec.class, "read",
                    MethodType.methodType(Object.class, MessageReader.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return the value's type as record descriptors spell it, such as {@code string} or {@code int32[]} */
    abstract String descriptor();

    /** @return bytes of the shortest encoding (that of null): bounds how many elements a garbled count may claim */
    abstract int minLength();

    /** @return exactly how many bytes {@link #write} writes for {@code value} (which may be null) */
    abstract long length(Object value) throws Throwable;

    /**
     * Writes {@code value} (which may be null) at {@code offset}.
     *
     * @return the index just after what was written
     */
    abstract int write(Object value, MutableDirectBuffer buffer, int offset) throws Throwable;

    /** @return the next value of the message, or null */
    abstract Object read(MessageReader in) throws Throwable;

    /**
     * @param type what the value is declared as (a record component's type, say)
     * @return a handle of type {@code (MessageReader)type} reading one value, to build constructor calls with
     */
    final MethodHandle reader(Class<?> type) {
        return READ.bindTo(this).asType(MethodType.methodType(type, MessageReader.class));
    }

    @Override
    public String toString() {
        return descriptor();
    }
}

package io.shmproc.channel;

import java.lang.invoke.MethodHandle;
import org.agrona.MutableDirectBuffer;

/**
 * One component of a record: how to take it from the record and write it, and how to read it back for
 * the canonical constructor. Built once per record class by {@link RecordShapes}.
 */
sealed interface ComponentCodec permits PrimitiveComponent, ReferenceComponent {
    /** @return the component as the record's descriptor lists it, such as {@code price:float64} */
    String descriptor();

    /**
     * Writes the component of {@code record} at {@code offset}.
     *
     * @return the index just after what was written
     */
    int write(Object record, MutableDirectBuffer buffer, int offset) throws Throwable;

    /** @return a handle of type {@code (MessageReader)T}, T the component's declared type, reading it back */
    MethodHandle reader();
}

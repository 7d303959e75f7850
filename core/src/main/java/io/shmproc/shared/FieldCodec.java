package io.shmproc.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * How one struct field's Java value is laid out and moved in and out of memory. Implementations:
 * a scalar, a fixed-capacity string, a fixed-length array, and a nested struct.
 */
sealed interface FieldCodec permits ScalarCodec, TextCodec, ArrayCodec, NestedCodec {
    /** @return bytes the field occupies, a multiple of {@link #alignment()} */
    long byteSize();

    /** @return the C alignment of the field */
    long alignment();

    /** @return the field's type as the layout descriptor spells it, e.g. {@code float64} or {@code char[16]} */
    String descriptor();

    /** @return the FFM layout of the field, for users who map the struct themselves */
    MemoryLayout layout();

    /** @return the field's value read at {@code offset} */
    Object read(MemorySegment memory, long offset);

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param path the field's name, for error messages
     * @throws IllegalArgumentException if {@code value} does not fit the field
     */
    void write(MemorySegment memory, long offset, Object value, String path);
}

package io.shmproc.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/** A struct inside a struct, aligned to its most aligned field and padded to a multiple of that. */
record NestedCodec(StructType<?> type) implements FieldCodec {
    @Override
    public long byteSize() {
        return type.byteSize();
    }

    @Override
    public long alignment() {
        return type.alignment();
    }

    @Override
    public String descriptor() {
        return type.descriptor();
    }

    @Override
    public MemoryLayout layout() {
        return type.layout();
    }

    @Override
    public Object read(MemorySegment memory, long offset) {
        return type.read(memory, offset);
    }

    @Override
    public void write(MemorySegment memory, long offset, Object value, String path) {
        type.writeUnchecked(memory, offset, value, path);
    }
}

package io.shmproc.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A string in a fixed number of bytes, like C's {@code char name[n]}: UTF-8, padded with NULs, read
 * back up to the first NUL. A string of exactly {@code n} bytes fills the field with no terminator.
 */
record TextCodec(int capacity) implements FieldCodec {
    @Override
    public long byteSize() {
        return capacity;
    }

    @Override
    public long alignment() {
        return 1;
    }

    @Override
    public String descriptor() {
        return "char[" + capacity + "]";
    }

    @Override
    public MemoryLayout layout() {
        return MemoryLayout.sequenceLayout(capacity, ValueLayout.JAVA_BYTE);
    }

    @Override
    public Object read(MemorySegment memory, long offset) {
        int length = 0;
        while (length < capacity && memory.get(ValueLayout.JAVA_BYTE, offset + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void write(MemorySegment memory, long offset, Object value, String path) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("field '" + path + "' is " + descriptor() + " and cannot hold "
                    + (value == null ? "null: use \"\" for an empty string" : value.getClass().getSimpleName()));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > capacity) {
            throw new IllegalArgumentException("field '" + path + "' holds at most " + capacity
                    + " bytes of UTF-8, but the string is " + bytes.length + " bytes: shorten it or raise its @Length");
        }
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, offset, bytes.length);
        memory.asSlice(offset + bytes.length, capacity - bytes.length).fill((byte) 0);
    }
}

package io.shmproc.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;

/**
 * A fixed-length array held inline, like C's {@code double xyz[3]}: {@code length} elements of one
 * codec, back to back. Reads give a Java array of exactly {@code length}; a shorter array may be
 * written (the rest is zeroed, as ctypes does), a longer one is refused.
 */
record ArrayCodec(FieldCodec element, Class<?> javaElementType, int length) implements FieldCodec {
    @Override
    public long byteSize() {
        return element.byteSize() * length;
    }

    @Override
    public long alignment() {
        return element.alignment();
    }

    @Override
    public String descriptor() {
        return element.descriptor() + "[" + length + "]";
    }

    @Override
    public MemoryLayout layout() {
        return MemoryLayout.sequenceLayout(length, element.layout());
    }

    @Override
    public Object read(MemorySegment memory, long offset) {
        Object array = Array.newInstance(javaElementType, length);
        long stride = element.byteSize();
        for (int i = 0; i < length; i++) {
            Array.set(array, i, element.read(memory, offset + i * stride));
        }
        return array;
    }

    @Override
    public void write(MemorySegment memory, long offset, Object value, String path) {
        if (value == null || !value.getClass().isArray()) {
            throw new IllegalArgumentException("field '" + path + "' is " + descriptor() + " and cannot hold "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        int given = Array.getLength(value);
        if (given > length) {
            throw new IllegalArgumentException("field '" + path + "' holds " + length + " elements, but the array has "
                    + given + ": shorten it or raise its @Length");
        }
        long stride = element.byteSize();
        for (int i = 0; i < given; i++) {
            element.write(memory, offset + i * stride, Array.get(value, i), path + "[" + i + "]");
        }
        memory.asSlice(offset + given * stride, (length - given) * stride).fill((byte) 0);
    }
}

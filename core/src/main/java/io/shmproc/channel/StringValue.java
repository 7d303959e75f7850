package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * A string inside a record: an int32 count of UTF-8 bytes ({@value MessageReader#NULL_LENGTH} for null),
 * then the bytes.
 */
final class StringValue extends ValueCodec {
    static final StringValue INSTANCE = new StringValue();

    private StringValue() {
    }

    @Override
    String descriptor() {
        return "string";
    }

    @Override
    int minLength() {
        return Integer.BYTES;
    }

    @Override
    long length(Object value) {
        return Integer.BYTES + (value == null ? 0 : Utf8.length((String) value));
    }

    @Override
    int write(Object value, MutableDirectBuffer buffer, int offset) {
        if (value == null) {
            buffer.putInt(offset, MessageReader.NULL_LENGTH, LITTLE_ENDIAN);
            return offset + Integer.BYTES;
        }
        // The count goes in after the bytes: writing counts them, which saves a second scan of the text.
        int length = Utf8.write((String) value, buffer, offset + Integer.BYTES);
        buffer.putInt(offset, length, LITTLE_ENDIAN);
        return offset + Integer.BYTES + length;
    }

    @Override
    Object read(MessageReader in) {
        int length = in.readCount(1);
        return length == MessageReader.NULL_LENGTH ? null : in.readUtf8(length);
    }
}

package io.shmproc.channel;

import org.agrona.MutableDirectBuffer;

/** A record inside a record: a presence byte (0 for null, 1 otherwise), then its components. */
final class RecordValue extends ValueCodec {
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private final RecordShape shape;

    RecordValue(RecordShape shape) {
        this.shape = shape;
    }

    @Override
    String descriptor() {
        return shape.descriptor();
    }

    @Override
    int minLength() {
        return 1;
    }

    @Override
    long length(Object value) throws Throwable {
        return 1 + (value == null ? 0 : shape.length(value));
    }

    @Override
    int write(Object value, MutableDirectBuffer buffer, int offset) throws Throwable {
        buffer.putByte(offset, value == null ? ABSENT : PRESENT);
        return value == null ? offset + 1 : shape.write(value, buffer, offset + 1);
    }

    @Override
    Object read(MessageReader in) throws Throwable {
        return in.readPresence() ? shape.read(in) : null;
    }
}

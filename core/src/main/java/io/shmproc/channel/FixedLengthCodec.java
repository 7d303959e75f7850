package io.shmproc.channel;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A codec of one boxed primitive: always the same number of bytes, little-endian. The channel refuses
 * null messages before they reach a codec; this one still names itself when given one.
 */
final class FixedLengthCodec<E> implements Codec<E>, Serializable {
    /** Writes a value known not to be null. */
    @FunctionalInterface
    interface Writer<E> {
        void write(MutableDirectBuffer buffer, int offset, E value);
    }

    /** Reads a value from exactly the codec's number of bytes. */
    @FunctionalInterface
    interface Reader<E> {
        E read(DirectBuffer buffer, int offset);
    }

    private final Primitive kind;
    private final Writer<E> writer;
    private final Reader<E> reader;

    FixedLengthCodec(Primitive kind, Writer<E> writer, Reader<E> reader) {
        this.kind = kind;
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public int encodedLength(E message) {
        requireMessage(message);
        return kind.size();
    }

    @Override
    public int encode(E message, MutableDirectBuffer buffer, int offset) {
        requireMessage(message);
        writer.write(buffer, offset, message);
        return kind.size();
    }

    @Override
    public E decode(DirectBuffer buffer, int offset, int length) {
        if (length != kind.size()) {
            throw new CodecException("a " + kind.descriptor() + " message is " + kind.size() + " bytes, but this one is "
                    + length + ": the channel was written with another codec, or its bytes are garbled");
        }
        return reader.read(buffer, offset);
    }

    @Override
    public String descriptor() {
        return kind.descriptor();
    }

    @Override
    public String toString() {
        return "Codec[" + descriptor() + "]";
    }

    @Serial
    private Object writeReplace() {
        return CodecForm.of(descriptor());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a codec is serialised as its CodecForm");
    }

    private void requireMessage(E message) {
        if (message == null) {         // not requireNonNull with a message supplier: that lambda would be allocated per call
            throw new NullPointerException("the " + kind.descriptor() + " codec cannot encode null: send a value");
        }
    }

    /** @return the boolean {@code value} stands for, refusing anything but 0 and 1 as garbled */
    static boolean bool(byte value) {
        return switch (value) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new CodecException("a bool is written as 0 or 1, not " + value + ": the bytes are garbled");
        };
    }
}

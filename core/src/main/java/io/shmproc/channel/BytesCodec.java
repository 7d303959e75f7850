package io.shmproc.channel;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** A byte array as itself: encoding copies the array in, decoding copies the bytes into a new array. */
final class BytesCodec implements Codec<byte[]>, Serializable {
    static final BytesCodec INSTANCE = new BytesCodec();

    private BytesCodec() {
    }

    @Override
    public int encodedLength(byte[] message) {
        return requireMessage(message).length;
    }

    @Override
    public int encode(byte[] message, MutableDirectBuffer buffer, int offset) {
        buffer.putBytes(offset, requireMessage(message));
        return message.length;
    }

    @Override
    public byte[] decode(DirectBuffer buffer, int offset, int length) {
        byte[] message = new byte[length];
        buffer.getBytes(offset, message);
        return message;
    }

    @Override
    public String descriptor() {
        return "bytes";
    }

    @Override
    public String toString() {
        return "Codec[bytes]";
    }

    @Serial
    private Object writeReplace() {
        return CodecForm.of(descriptor());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a codec is serialised as its CodecForm");
    }

    private static byte[] requireMessage(byte[] message) {
        return Objects.requireNonNull(message, "the bytes codec cannot encode null: send an empty array instead");
    }
}

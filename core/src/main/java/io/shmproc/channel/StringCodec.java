package io.shmproc.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A string as its UTF-8 bytes and nothing else (the channel knows the message length). The length is
 * counted from the characters before anything is written, so encoding allocates nothing.
 */
final class StringCodec implements Codec<String>, Serializable {
    static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {
    }

    @Override
    public int encodedLength(String message) {
        return Codecs.utf8Length(requireMessage(message));
    }

    @Override
    public int encode(String message, MutableDirectBuffer buffer, int offset) {
        return Utf8.write(requireMessage(message), buffer, offset);
    }

    /** Bytes that are not UTF-8 (never written by this codec) decode to U+FFFD, as in {@code new String}. */
    @Override
    public String decode(DirectBuffer buffer, int offset, int length) {
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, UTF_8);
    }

    @Override
    public String descriptor() {
        return "string-utf8";
    }

    @Override
    public String toString() {
        return "Codec[string-utf8]";
    }

    @Serial
    private Object writeReplace() {
        return CodecForm.of(descriptor());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a codec is serialised as its CodecForm");
    }

    private static String requireMessage(String message) {
        return Objects.requireNonNull(message, "the string codec cannot encode null: send an empty string instead");
    }
}

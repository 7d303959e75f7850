package io.shmproc.channel;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A record as its components, one after another (see {@link Codecs#record} for the format). One codec
 * per record class, built on first use and kept with the class.
 */
final class RecordCodec<R extends Record> implements Codec<R>, Serializable {
    private static final ClassValue<RecordCodec<?>> CODECS = new ClassValue<>() {
        @Override
        protected RecordCodec<?> computeValue(Class<?> type) {
            return new RecordCodec<>(type, RecordShapes.derive(type));
        }
    };

    private final Class<?> type;
    private final RecordShape shape;

    private RecordCodec(Class<?> type, RecordShape shape) {
        this.type = type;
        this.shape = shape;
    }

    /** @throws IllegalArgumentException if {@code type} is not a record, or has a component the codec cannot write */
    @SuppressWarnings("unchecked")
    static <R extends Record> RecordCodec<R> of(Class<R> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record class: Codecs.record takes records only");
        }
        return (RecordCodec<R>) CODECS.get(type);
    }

    @Serial
    private Object writeReplace() {
        return CodecForm.ofRecord(descriptor(), type);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a codec is serialised as its CodecForm");
    }

    @Override
    public int encodedLength(R message) {
        requireMessage(message);
        long length;
        try {
            length = shape.length(message);
        } catch (Throwable e) {
            throw encodingFailed(e);
        }
        if (length > Integer.MAX_VALUE) {
            throw new CodecException("this " + type.getSimpleName() + " takes " + length
                    + " bytes, more than a message can hold (2^31 - 1)");
        }
        return (int) length;
    }

    /**
     * Writes exactly {@link #encodedLength} bytes, provided no array in the message changes in between:
     * the message must not be modified while it is being sent.
     */
    @Override
    public int encode(R message, MutableDirectBuffer buffer, int offset) {
        requireMessage(message);
        try {
            return shape.write(message, buffer, offset) - offset;
        } catch (IndexOutOfBoundsException e) {
            throw new CodecException("this " + type.getSimpleName() + " outgrew the space its encodedLength "
                    + "asked for: was an array in it changed while it was being sent?", e);
        } catch (Throwable e) {
            throw encodingFailed(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R decode(DirectBuffer buffer, int offset, int length) {
        MessageReader in = MessageReader.acquire().open(buffer, offset, length, shape.descriptor());
        try {
            Object record = shape.read(in);
            in.finish();
            return (R) record;
        } catch (CodecException | Error e) {
            throw e;
        } catch (Throwable e) {
            // Most likely a compact constructor refusing what the bytes say (the other end may run another version).
            throw new CodecException("cannot decode " + shape.descriptor() + ": " + e + "; either the record's constructor "
                    + "refuses the decoded components, or the bytes are garbled or were written with another codec", e);
        } finally {
            in.close();
        }
    }

    @Override
    public String descriptor() {
        return shape.descriptor();
    }

    @Override
    public String toString() {
        return "Codec[" + shape.descriptor() + "]";
    }

    private void requireMessage(R message) {
        if (message == null) {         // not requireNonNull with a message supplier: that lambda would be allocated per call
            throw new NullPointerException("the record codec of " + type.getSimpleName() + " cannot encode null: send a record");
        }
    }

    private CodecException encodingFailed(Throwable e) {
        if (e instanceof CodecException c) {
            return c;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new CodecException("cannot encode this " + type.getSimpleName() + ": reading its components threw " + e, e);
    }
}

package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static java.nio.charset.StandardCharsets.UTF_8;

import org.agrona.DirectBuffer;

/**
 * Reads one record message front to back, and refuses to read past its end: every read first checks
 * that the message still holds the bytes, so truncated or garbled bytes give a {@link CodecException}
 * rather than an index error or a read into the next message.
 *
 * <p>A thread reuses one reader for every record it decodes (so decoding allocates only the decoded
 * objects); {@link #acquire()} hands out a fresh one in the odd case that a record's constructor decodes
 * another message while its own is being read.
 */
final class MessageReader {
    /** The null of a length, count or ordinal prefix. */
    static final int NULL_LENGTH = -1;

    /** Strings up to this many bytes are decoded through the reader's scratch array rather than a new one. */
    private static final int SCRATCH_LIMIT = 4096;

    private static final ThreadLocal<MessageReader> READERS = ThreadLocal.withInitial(MessageReader::new);

    private DirectBuffer buffer;
    private int start;
    private int position;
    private int limit;
    private String descriptor;
    private boolean inUse;
    private byte[] scratch = new byte[64];

    /** @return this thread's reader, or a new one if it is already reading a message */
    static MessageReader acquire() {
        MessageReader reader = READERS.get();
        return reader.inUse ? new MessageReader() : reader;
    }

    /** Starts reading the {@code length} bytes at {@code offset}; {@code descriptor} names the codec in errors. */
    MessageReader open(DirectBuffer buffer, int offset, int length, String descriptor) {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        this.limit = offset + length;
        this.descriptor = descriptor;
        this.inUse = true;
        return this;
    }

    /** @throws CodecException unless the whole message has been read */
    void finish() {
        if (position != limit) {
            throw garbled((limit - position) + " bytes are left over after the last component");
        }
    }

    /** Lets go of the buffer, so the reader keeps no message memory alive. */
    void close() {
        buffer = null;
        inUse = false;
    }

    /**
     * Reserves the next {@code bytes} bytes of the message.
     *
     * @return the buffer index where they start
     */
    int claim(long bytes) {
        if (bytes > limit - position) {
            throw garbled("the message ends after " + (limit - start) + " bytes, but the next component needs "
                    + bytes + " more at byte " + (position - start) + " (truncated?)");
        }
        int at = position;
        position += (int) bytes;
        return at;
    }

    DirectBuffer buffer() {
        return buffer;
    }

    // PrimitiveComponent finds the typed reads below by name, to build the constructor call of a record.

    boolean readBoolean() {
        return toBoolean(buffer.getByte(claim(1)));
    }

    byte readByte() {
        return buffer.getByte(claim(Byte.BYTES));
    }

    short readShort() {
        return buffer.getShort(claim(Short.BYTES), LITTLE_ENDIAN);
    }

    char readChar() {
        return buffer.getChar(claim(Character.BYTES), LITTLE_ENDIAN);
    }

    int readInt() {
        return buffer.getInt(claim(Integer.BYTES), LITTLE_ENDIAN);
    }

    long readLong() {
        return buffer.getLong(claim(Long.BYTES), LITTLE_ENDIAN);
    }

    float readFloat() {
        return buffer.getFloat(claim(Float.BYTES), LITTLE_ENDIAN);
    }

    double readDouble() {
        return buffer.getDouble(claim(Double.BYTES), LITTLE_ENDIAN);
    }

    /**
     * Reads a count prefix and checks the message can hold that many elements of at least
     * {@code minElementBytes} each, so a garbled count never allocates a huge array.
     *
     * @return the count, or {@link #NULL_LENGTH}
     */
    int readCount(int minElementBytes) {
        int count = readInt();
        if (count < NULL_LENGTH) {
            throw garbled("a length prefix is " + count + " at byte " + (position - start - Integer.BYTES));
        }
        if ((long) count * minElementBytes > limit - position) {
            throw garbled("a length prefix says " + count + " elements at byte " + (position - start - Integer.BYTES)
                    + ", more than the " + (limit - position) + " bytes left hold (truncated?)");
        }
        return count;
    }

    /** @return the boolean that {@code value}, read from the message, stands for: only 0 and 1 are written */
    boolean toBoolean(byte value) {
        return switch (value) {
            case 0 -> false;
            case 1 -> true;
            default -> throw garbled("a bool is " + value + " near byte " + (position - start) + ", not 0 or 1");
        };
    }

    /** @return the presence byte of a record: true if one follows, false if it is null */
    boolean readPresence() {
        byte flag = buffer.getByte(claim(1));
        if (flag != 0 && flag != 1) {
            throw garbled("a record's presence byte is " + flag + " at byte " + (position - start - 1) + ", not 0 or 1");
        }
        return flag == 1;
    }

    /** @return the next {@code length} bytes decoded as UTF-8 */
    String readUtf8(int length) {
        int at = claim(length);
        if (length == 0) {
            return "";
        }
        byte[] bytes = scratchFor(length);
        buffer.getBytes(at, bytes, 0, length);
        return new String(bytes, 0, length, UTF_8);
    }

    private byte[] scratchFor(int length) {
        if (length > SCRATCH_LIMIT) {
            return new byte[length];        // rare, and not worth keeping alive for the thread's lifetime
        }
        if (length > scratch.length) {
            scratch = new byte[Math.min(SCRATCH_LIMIT, Math.max(length, 2 * scratch.length))];
        }
        return scratch;
    }

    /** @return an exception saying the message is not what this codec writes, and why */
    CodecException garbled(String why) {
        return new CodecException("cannot decode " + descriptor + ": " + why
                + "; the channel was written with another codec, or its bytes are garbled");
    }
}

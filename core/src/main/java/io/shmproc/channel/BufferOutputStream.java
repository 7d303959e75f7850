package io.shmproc.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.agrona.MutableDirectBuffer;

/**
 * Bytes written to a buffer from an offset on. An expandable buffer (the channel's scratch buffer) grows
 * as they come; a fixed one throws {@link IndexOutOfBoundsException} once full.
 */
final class BufferOutputStream extends OutputStream {
    private final MutableDirectBuffer buffer;
    private final int offset;
    private int position;

    BufferOutputStream(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.position = offset;
    }

    @Override
    public void write(int b) throws IOException {
        room(1);
        buffer.putByte(position++, (byte) b);
    }

    @Override
    public void write(byte[] bytes, int from, int length) throws IOException {
        Objects.checkFromIndexSize(from, length, bytes.length);
        room(length);
        buffer.putBytes(position, bytes, from, length);
        position += length;
    }

    /** @return the number of bytes written so far */
    int written() {
        return position - offset;
    }

    private void room(int length) throws IOException {
        if (position > Integer.MAX_VALUE - length) {
            throw new IOException("the message grew past 2^31 - 1 bytes, the most a buffer can index");
        }
    }
}

package io.shmproc.channel;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A test message that proves its own integrity: who sent it, its sequence number, and a payload of
 * {@code padding} bytes whose every byte is derived from both, so a torn, shifted or mixed-up record
 * fails to decode instead of passing unnoticed.
 */
record Stamp(int producer, int seq, int padding) {
    static final int HEADER = 12;

    /** Lengths spread from 0 to {@code most} bytes, the same for the same seq in every JVM. */
    static Stamp of(int producer, int seq, int most) {
        return new Stamp(producer, seq, (int) (((seq * 2_654_435_761L) >>> 7) % (most + 1)));
    }

    static byte pattern(int producer, int seq, int i) {
        return (byte) (producer * 131 + seq * 31 + i);
    }

    /** Encodes with a length known up front, so puts write straight into the ring. */
    static final Codec<Stamp> CODEC = new Codec<>() {
        @Override
        public int encodedLength(Stamp s) {
            return HEADER + s.padding;
        }

        @Override
        public int encode(Stamp s, MutableDirectBuffer buffer, int offset) {
            buffer.putInt(offset, s.producer);
            buffer.putInt(offset + 4, s.seq);
            buffer.putInt(offset + 8, s.padding);
            for (int i = 0; i < s.padding; i++) {
                buffer.putByte(offset + HEADER + i, pattern(s.producer, s.seq, i));
            }
            return HEADER + s.padding;
        }

        @Override
        public Stamp decode(DirectBuffer buffer, int offset, int length) {
            int producer = buffer.getInt(offset);
            int seq = buffer.getInt(offset + 4);
            int padding = buffer.getInt(offset + 8);
            if (length != HEADER + padding) {
                throw new CodecException("stamp " + producer + "/" + seq + " says " + padding + " bytes of padding in a record of " + length);
            }
            for (int i = 0; i < padding; i++) {
                if (buffer.getByte(offset + HEADER + i) != pattern(producer, seq, i)) {
                    throw new CodecException("stamp " + producer + "/" + seq + " is corrupt at byte " + i);
                }
            }
            return new Stamp(producer, seq, padding);
        }

        @Override
        public String descriptor() {
            return "test-stamp";
        }
    };

    /** The same stamps through a codec that learns the length only by encoding (the scratch-buffer path). */
    static final Codec<Stamp> UNKNOWN_LENGTH_CODEC = new Codec<>() {
        @Override
        public int encodedLength(Stamp s) {
            return UNKNOWN_LENGTH;
        }

        @Override
        public int encode(Stamp s, MutableDirectBuffer buffer, int offset) {
            return CODEC.encode(s, buffer, offset);
        }

        @Override
        public Stamp decode(DirectBuffer buffer, int offset, int length) {
            return CODEC.decode(buffer, offset, length);
        }

        @Override
        public String descriptor() {
            return "test-stamp";
        }
    };
}

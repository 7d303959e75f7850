package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shmproc.memory.SegmentBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.agrona.MutableDirectBuffer;

/**
 * Runs messages through codecs the way a channel does: ask the length, write at an offset that is not 0
 * (and not aligned) into exactly that much room, read back from there.
 */
final class CodecTesting {
    /** Where messages are written: odd, so nothing may rely on alignment or on starting at 0. */
    static final int OFFSET = 13;
    private static final byte GUARD = (byte) 0xA5;
    private static final int GUARD_BYTES = 16;

    private CodecTesting() {
    }

    /**
     * Encodes {@code message} into native memory that ends exactly where its encoded length says (with
     * guard bytes around it, checked untouched), checks the length is what was written, and decodes it.
     * A codec of unknown length is run through an expandable buffer that starts too small instead.
     *
     * @return the decoded message
     */
    static <E> E roundTrip(Codec<E> codec, E message) {
        byte[] encoded = encode(codec, message);
        return decode(codec, encoded);
    }

    /** @return the bytes {@code codec} writes for {@code message}, checked as {@link #roundTrip} says */
    static <E> byte[] encode(Codec<E> codec, E message) {
        int length = codec.encodedLength(message);
        if (length == Codec.UNKNOWN_LENGTH) {
            MutableDirectBuffer scratch = GrowingBuffer.of(8);
            scratch.setMemory(0, OFFSET, GUARD);
            int written = codec.encode(message, scratch, OFFSET);
            assertTrue(written > 0, "wrote " + written);
            for (int i = 0; i < OFFSET; i++) {
                assertEquals(GUARD, scratch.getByte(i), "byte " + i + " before the message was overwritten");
            }
            byte[] bytes = new byte[written];
            scratch.getBytes(OFFSET, bytes);
            return bytes;
        }
        assertTrue(length >= 0, "encodedLength " + length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(OFFSET + length + GUARD_BYTES);
            memory.fill(GUARD);
            // The codec sees only up to the message's end, so writing one byte more fails.
            SegmentBuffer buffer = new SegmentBuffer(memory.asSlice(0, OFFSET + length));
            int written = codec.encode(message, buffer, OFFSET);
            assertEquals(length, written, "encodedLength and encode disagree for " + codec.descriptor());
            for (long i = 0; i < memory.byteSize(); i++) {
                if (i < OFFSET || i >= OFFSET + length) {
                    assertEquals(GUARD, memory.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " outside the message was written");
                }
            }
            return memory.asSlice(OFFSET, length).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** @return {@code bytes} decoded as a channel would hand them over: at an offset, in native memory */
    static <E> E decode(Codec<E> codec, byte[] bytes) {
        return decode(codec, bytes, bytes.length);
    }

    /** Decodes the first {@code length} bytes of {@code bytes}; those after it are in the buffer too. */
    static <E> E decode(Codec<E> codec, byte[] bytes, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(OFFSET + bytes.length + GUARD_BYTES);
            memory.fill(GUARD);
            MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, OFFSET, bytes.length);
            return codec.decode(new SegmentBuffer(memory), OFFSET, length);
        }
    }

    /** Decoding {@code bytes} must fail with a CodecException (and nothing else); @return it */
    static CodecException assertGarbled(Codec<?> codec, byte[] bytes) {
        return assertThrows(CodecException.class, () -> decode(codec, bytes), () -> Arrays.toString(bytes));
    }

    /** Decoding {@code bytes} may give a message or a CodecException, never any other exception. */
    static void assertDecodesOrRefuses(Codec<?> codec, byte[] bytes) {
        try {
            decode(codec, bytes);
        } catch (CodecException expected) {
            // refused, as it may be
        } catch (Throwable e) {
            fail(codec.descriptor() + " threw " + e + " on " + Arrays.toString(bytes), e);
        }
    }

    static void assertContainsAll(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "'" + part + "' is not in: " + text);
        }
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        assertArrayEquals(expected, actual, () -> Arrays.toString(expected) + " != " + Arrays.toString(actual));
    }
}

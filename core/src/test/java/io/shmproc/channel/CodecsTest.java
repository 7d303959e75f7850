package io.shmproc.channel;

import static io.shmproc.channel.CodecTesting.OFFSET;
import static io.shmproc.channel.CodecTesting.assertBytes;
import static io.shmproc.channel.CodecTesting.assertContainsAll;
import static io.shmproc.channel.CodecTesting.assertGarbled;
import static io.shmproc.channel.CodecTesting.decode;
import static io.shmproc.channel.CodecTesting.encode;
import static io.shmproc.channel.CodecTesting.roundTrip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shmproc.memory.SegmentBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

/** The byte-array, string and boxed-primitive codecs, and the user codecs of the javadoc. */
class CodecsTest {
    // ---------------------------------------------------------------- bytes

    @Test
    void bytesAreCopiedInAndOutAsTheyAre() {
        byte[] message = {0, 1, -1, 127, -128, 42};
        assertBytes(message, encode(Codecs.bytes(), message));
        byte[] decoded = roundTrip(Codecs.bytes(), message);
        assertArrayEquals(message, decoded);
        assertNotSame(message, decoded);
        assertArrayEquals(new byte[0], roundTrip(Codecs.bytes(), new byte[0]));
        assertEquals("bytes", Codecs.bytes().descriptor());
    }

    @Test
    void decodedBytesDoNotChangeWithTheBuffer() {
        SegmentBuffer buffer = SegmentBuffer.allocate(32);
        int length = Codecs.bytes().encode(new byte[] {1, 2, 3}, buffer, OFFSET);
        byte[] decoded = Codecs.bytes().decode(buffer, OFFSET, length);
        buffer.setMemory(0, buffer.capacity(), (byte) 9);
        assertArrayEquals(new byte[] {1, 2, 3}, decoded);
    }

    // ---------------------------------------------------------------- strings

    /** Each class of UTF-8 sequence, and every way a surrogate can be unpaired. */
    private static final List<String> TEXTS = List.of(
            "", "plain ASCII, with punctuation!~\u007F", "\u0000nul inside",
            "é ß ñ \u0080 \u07FF",                         // 2 bytes each
            "€ ह 中文 \u0800 \uFFFF \uE000",                  // 3 bytes each
            "𝄞 😀 \uD800\uDC00 \uDBFF\uDFFF",                // 4 bytes each (surrogate pairs)
            "a\uD800b", "\uDC00", "x\uD83D", "\uD83D",      // unpaired high, lone low, high at the end
            "\uDE00\uD83D", "\uD83D\uD83D\uDE00",             // low then high; high, then a pair
            "mixed: a é € 😀 \uD800 end");

    @Test
    void stringsAreWrittenExactlyAsGetBytesWritesThem() {
        for (String text : TEXTS) {
            byte[] expected = text.getBytes(UTF_8);
            assertEquals(expected.length, Codecs.string().encodedLength(text), text);
            assertEquals(expected.length, Codecs.utf8Length(text), text);
            assertBytes(expected, encode(Codecs.string(), text));
            assertEquals(new String(expected, UTF_8), roundTrip(Codecs.string(), text));
        }
        assertEquals("string-utf8", Codecs.string().descriptor());
    }

    @Test
    void validTextComesBackUnchanged() {
        for (String text : List.of("", "abc", "é€😀", "中文 and 𝄞")) {
            assertEquals(text, roundTrip(Codecs.string(), text));
        }
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarks() {
        assertEquals("a?b", roundTrip(Codecs.string(), "a\uD800b"));
        assertEquals("??", roundTrip(Codecs.string(), "\uDE00\uD83D"));
        assertEquals("?😀", roundTrip(Codecs.string(), "\uD83D\uD83D\uDE00"));
    }

    @Test
    void randomTextMatchesGetBytes() {
        Random random = new Random(20240521);
        char[] interesting = {'a', '\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uD800', '\uDBFF', '\uDC00',
            '\uDFFF', '\uE000', '\uFFFF'};
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (char) random.nextInt(0x10000);
            }
            String text = new String(chars);
            byte[] expected = text.getBytes(UTF_8);
            assertEquals(expected.length, Codecs.utf8Length(text), text);
            assertBytes(expected, encode(Codecs.string(), text));
        }
    }

    @Test
    void writeUtf8GrowsAnExpandableBuffer() {
        MutableDirectBuffer buffer = GrowingBuffer.of(4);
        String text = "a long enough text é € 😀 to outgrow four bytes";
        int written = Codecs.writeUtf8(text, buffer, OFFSET);
        assertEquals(Codecs.utf8Length(text), written);
        assertEquals(text, buffer.getStringWithoutLengthUtf8(OFFSET, written));
    }

    @Test
    void bytesThatAreNotUtf8DecodeToReplacementCharacters() {
        assertEquals("a\uFFFDb", decode(Codecs.string(), new byte[] {'a', (byte) 0xFF, 'b'}));
    }

    // ---------------------------------------------------------------- boxed primitives

    @Test
    void boxedPrimitivesRoundTripTheirExtremes() {
        for (long v : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ofLong(), v));
        }
        for (int v : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ofInt(), v));
        }
        for (short v : new short[] {0, -1, Short.MIN_VALUE, Short.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ofShort(), v));
        }
        for (byte v : new byte[] {0, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ofByte(), v));
        }
        for (char v : new char[] {0, 'a', 'é', '\uD800', Character.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ofCharacter(), v));
        }
        assertEquals(true, roundTrip(Codecs.ofBoolean(), true));
        assertEquals(false, roundTrip(Codecs.ofBoolean(), false));
        for (double v : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NEGATIVE_INFINITY}) {
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(roundTrip(Codecs.ofDouble(), v)));
        }
        for (float v : new float[] {0.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(roundTrip(Codecs.ofFloat(), v)));
        }
    }

    @Test
    void nanPayloadsSurvive() {
        double quietNan = Double.longBitsToDouble(0x7FF8_0000_0000_0123L);
        float signallingNan = Float.intBitsToFloat(0x7F80_0042);
        assertEquals(0x7FF8_0000_0000_0123L, Double.doubleToRawLongBits(roundTrip(Codecs.ofDouble(), quietNan)));
        assertEquals(0x7F80_0042, Float.floatToRawIntBits(roundTrip(Codecs.ofFloat(), signallingNan)));
    }

    @Test
    void boxedPrimitivesAreLittleEndianWhateverTheMachine() {
        assertBytes(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, encode(Codecs.ofLong(), 0x0102_0304_0506_0708L));
        assertBytes(new byte[] {4, 3, 2, 1}, encode(Codecs.ofInt(), 0x0102_0304));
        assertBytes(new byte[] {2, 1}, encode(Codecs.ofShort(), (short) 0x0102));
        assertBytes(new byte[] {(byte) 0xAC, 0x20}, encode(Codecs.ofCharacter(), '€'));
        assertBytes(new byte[] {-7}, encode(Codecs.ofByte(), (byte) -7));
        assertBytes(new byte[] {1}, encode(Codecs.ofBoolean(), true));
        assertBytes(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F}, encode(Codecs.ofDouble(), 1.0));
        assertBytes(new byte[] {0, 0, (byte) 0x80, 0x3F}, encode(Codecs.ofFloat(), 1.0f));
    }

    @Test
    void boxedPrimitivesHaveFixedLengthsAndTheirTypeNames() {
        Map<Codec<?>, List<Object>> expected = Map.of(
                Codecs.ofLong(), List.of("int64", 8), Codecs.ofInt(), List.of("int32", 4),
                Codecs.ofShort(), List.of("int16", 2), Codecs.ofByte(), List.of("int8", 1),
                Codecs.ofDouble(), List.of("float64", 8), Codecs.ofFloat(), List.of("float32", 4),
                Codecs.ofBoolean(), List.of("bool", 1), Codecs.ofCharacter(), List.of("char16", 2));
        expected.forEach((codec, nameAndSize) -> {
            assertEquals(nameAndSize.get(0), codec.descriptor());
            CodecException e = assertThrows(CodecException.class, () -> codec.decode(SegmentBuffer.allocate(16), 0, 3));
            assertContainsAll(e.getMessage(), codec.descriptor(), nameAndSize.get(1) + " bytes", "3");
        });
        assertEquals(8, Codecs.ofLong().encodedLength(5L));
        assertSame(Codecs.ofLong(), Codecs.ofLong());
    }

    @Test
    void aBooleanIsZeroOrOne() {
        CodecException e = assertGarbled(Codecs.ofBoolean(), new byte[] {2});
        assertContainsAll(e.getMessage(), "0 or 1", "2");
    }

    @Test
    void nullIsRefusedWithAMessage() {
        List<Codec<?>> codecs = List.of(Codecs.bytes(), Codecs.string(), Codecs.ofLong(), Codecs.ofInt(), Codecs.ofShort(),
                Codecs.ofByte(), Codecs.ofDouble(), Codecs.ofFloat(), Codecs.ofBoolean(), Codecs.ofCharacter());
        for (Codec<?> codec : codecs) {
            @SuppressWarnings("unchecked")
            Codec<Object> any = (Codec<Object>) codec;
            NullPointerException e = assertThrows(NullPointerException.class, () -> any.encodedLength(null));
            assertContainsAll(e.getMessage(), "null");
            assertThrows(NullPointerException.class, () -> any.encode(null, SegmentBuffer.allocate(16), 0));
        }
    }

    // ---------------------------------------------------------------- codecs of one's own, as documented

    record Point(int x, int y) {}

    /** The example of Codec's javadoc. */
    static final class PointCodec implements Codec<Point> {
        @Override
        public int encodedLength(Point p) {
            return 2 * Integer.BYTES;
        }

        @Override
        public int encode(Point p, MutableDirectBuffer buffer, int offset) {
            buffer.putInt(offset, p.x(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(offset + Integer.BYTES, p.y(), ByteOrder.LITTLE_ENDIAN);
            return 2 * Integer.BYTES;
        }

        @Override
        public Point decode(DirectBuffer buffer, int offset, int length) {
            if (length != 2 * Integer.BYTES) {
                throw new CodecException("a Point is 8 bytes, not " + length);
            }
            return new Point(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN),
                    buffer.getInt(offset + Integer.BYTES, ByteOrder.LITTLE_ENDIAN));
        }

        @Override
        public String descriptor() {
            return "point:x:int32,y:int32";
        }
    }

    record LabelledPoint(int x, int y, String label) {}

    /** The example of Codecs' javadoc. */
    static final class LabelledPointCodec implements Codec<LabelledPoint> {
        private static final int FIXED = 2 * Integer.BYTES;

        @Override
        public int encodedLength(LabelledPoint p) {
            return FIXED + Codecs.utf8Length(p.label());
        }

        @Override
        public int encode(LabelledPoint p, MutableDirectBuffer buffer, int offset) {
            buffer.putInt(offset, p.x(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(offset + Integer.BYTES, p.y(), ByteOrder.LITTLE_ENDIAN);
            return FIXED + Codecs.writeUtf8(p.label(), buffer, offset + FIXED);
        }

        @Override
        public LabelledPoint decode(DirectBuffer buffer, int offset, int length) {
            if (length < FIXED) {
                throw new CodecException("a LabelledPoint takes at least " + FIXED + " bytes, not " + length);
            }
            return new LabelledPoint(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN),
                    buffer.getInt(offset + Integer.BYTES, ByteOrder.LITTLE_ENDIAN),
                    buffer.getStringWithoutLengthUtf8(offset + FIXED, length - FIXED));
        }

        @Override
        public String descriptor() {
            return "labelled-point:x:int32,y:int32,label:utf8";
        }
    }

    @Test
    void theDocumentedUserCodecsWorkAndMatchTheRecordCodecWhereTheyShould() {
        Point p = new Point(-3, 70_000);
        assertEquals(p, roundTrip(new PointCodec(), p));
        assertBytes(encode(Codecs.record(Point.class), p), encode(new PointCodec(), p));
        assertEquals("record:Point{x:int32,y:int32}", Codecs.record(Point.class).descriptor());
        assertGarbled(new PointCodec(), new byte[5]);

        LabelledPoint labelled = new LabelledPoint(1, 2, "zürich 😀");
        assertEquals(labelled, roundTrip(new LabelledPointCodec(), labelled));
    }
}

package io.shmproc.channel;

import static io.shmproc.channel.CodecTesting.assertBytes;
import static io.shmproc.channel.CodecTesting.assertContainsAll;
import static io.shmproc.channel.CodecTesting.assertDecodesOrRefuses;
import static io.shmproc.channel.CodecTesting.assertGarbled;
import static io.shmproc.channel.CodecTesting.decode;
import static io.shmproc.channel.CodecTesting.encode;
import static io.shmproc.channel.CodecTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shmproc.memory.SegmentBuffer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    record Tick(long time, double price, String name) {}

    record Everything(boolean b, byte i8, short i16, char c16, int i32, long i64, float f32, double f64) {}

    enum Side { BUY, SELL }

    record Point(double x, double y) {}

    record Line(String sku, int quantity) {}

    record Order(long id, Side side, Point at, String note, Line[] lines, int[] sizes, String[] tags, Side[] history,
            int[][] grid, byte[] blob) {}

    record Arrays8(boolean[] b, byte[] i8, short[] i16, char[] c16, int[] i32, long[] i64, float[] f32, double[] f64) {}

    record Empty() {}

    record Labelled(String label, Empty nothing, Point point) {}

    // ---------------------------------------------------------------- round trips

    @Test
    void theDocumentedTickRoundTripsWithItsDescriptor() {
        Codec<Tick> codec = Codecs.record(Tick.class);
        assertEquals("record:Tick{time:int64,price:float64,name:string}", codec.descriptor());
        Tick tick = new Tick(123_456_789L, 101.5, "ACME é€😀");
        assertEquals(tick, roundTrip(codec, tick));
        assertEquals(8 + 8 + 4 + "ACME é€😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, codec.encodedLength(tick));
    }

    @Test
    void everyPrimitiveRoundTripsAtItsExtremes() {
        Codec<Everything> codec = Codecs.record(Everything.class);
        Everything[] values = {
            new Everything(true, Byte.MIN_VALUE, Short.MIN_VALUE, '\u0000', Integer.MIN_VALUE, Long.MIN_VALUE, Float.MIN_VALUE, -0.0),
            new Everything(false, Byte.MAX_VALUE, Short.MAX_VALUE, '\uFFFF', Integer.MAX_VALUE, Long.MAX_VALUE,
                    Float.NEGATIVE_INFINITY, Double.MAX_VALUE),
            new Everything(true, (byte) 0, (short) 0, '€', 0, 0, Float.NaN, Double.NaN),
        };
        for (Everything value : values) {
            assertEquals(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8, codec.encodedLength(value));
            assertEquals(value, roundTrip(codec, value));
        }
        assertEquals("record:Everything{b:bool,i8:int8,i16:int16,c16:char16,i32:int32,i64:int64,f32:float32,f64:float64}",
                codec.descriptor());
    }

    @Test
    void componentsAreWrittenInOrderLittleEndianWithoutPadding() {
        record Layout(byte b, int i, String s, short[] xs) {}
        byte[] bytes = encode(Codecs.record(Layout.class), new Layout((byte) 7, 0x01020304, "é", new short[] {0x0506}));
        ByteBuffer expected = ByteBuffer.allocate(1 + 4 + 4 + 2 + 4 + 2).order(ByteOrder.LITTLE_ENDIAN);
        expected.put((byte) 7).putInt(0x01020304).putInt(2).put((byte) 0xC3).put((byte) 0xA9).putInt(1).putShort((short) 0x0506);
        assertBytes(expected.array(), bytes);
    }

    @Test
    void nestedRecordsStringsEnumsAndArraysRoundTrip() {
        Codec<Order> codec = Codecs.record(Order.class);
        Order order = new Order(42, Side.SELL, new Point(1.5, -2.25), "rush 😀",
                new Line[] {new Line("sku-1", 3), null, new Line("", 0)},
                new int[] {1, -2, Integer.MAX_VALUE}, new String[] {"a", null, "", "€"},
                new Side[] {Side.BUY, null, Side.SELL}, new int[][] {{1, 2}, {}, null, {3}}, new byte[] {-1, 0, 1});
        Order decoded = roundTrip(codec, order);
        assertEquals(order.id(), decoded.id());
        assertSame(Side.SELL, decoded.side());
        assertEquals(order.at(), decoded.at());
        assertEquals(order.note(), decoded.note());
        assertArrayEquals(order.lines(), decoded.lines());
        assertEquals(Line[].class, decoded.lines().getClass());
        assertArrayEquals(order.sizes(), decoded.sizes());
        assertArrayEquals(order.tags(), decoded.tags());
        assertArrayEquals(order.history(), decoded.history());
        assertArrayEquals(order.grid(), decoded.grid());
        assertArrayEquals(order.blob(), decoded.blob());
    }

    @Test
    void everyReferenceComponentMayBeNull() {
        Order allNull = new Order(1, null, null, null, null, null, null, null, null, null);
        Codec<Order> codec = Codecs.record(Order.class);
        // 8 for the id, 1 presence byte for the point, an int32 -1 for each of the other eight
        assertEquals(8 + 1 + 8 * 4, codec.encodedLength(allNull));
        Order decoded = roundTrip(codec, allNull);
        assertEquals(1, decoded.id());
        assertNull(decoded.side());
        assertNull(decoded.at());
        assertNull(decoded.note());
        assertNull(decoded.lines());
        assertNull(decoded.sizes());
        assertNull(decoded.tags());
        assertNull(decoded.history());
        assertNull(decoded.grid());
        assertNull(decoded.blob());
    }

    @Test
    void emptyStringsArraysAndRecordsAreNotNull() {
        Labelled labelled = new Labelled("", new Empty(), new Point(0, 0));
        assertEquals(labelled, roundTrip(Codecs.record(Labelled.class), labelled));
        assertEquals(0, Codecs.record(Empty.class).encodedLength(new Empty()));
        assertEquals(new Empty(), roundTrip(Codecs.record(Empty.class), new Empty()));

        Arrays8 empty = new Arrays8(new boolean[0], new byte[0], new short[0], new char[0], new int[0], new long[0],
                new float[0], new double[0]);
        Arrays8 decoded = roundTrip(Codecs.record(Arrays8.class), empty);
        assertEquals(0, decoded.i64().length);
        assertEquals(0, decoded.b().length);
    }

    @Test
    void arraysOfEveryPrimitiveRoundTrip() {
        Arrays8 arrays = new Arrays8(new boolean[] {true, false, true}, new byte[] {Byte.MIN_VALUE, 0, Byte.MAX_VALUE},
                new short[] {Short.MIN_VALUE, -1, Short.MAX_VALUE}, new char[] {'a', '\uD800', '\uFFFF'},
                new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE},
                new float[] {Float.NaN, -0.0f, Float.MAX_VALUE}, new double[] {Double.NaN, Double.MIN_VALUE, -1e300});
        Codec<Arrays8> codec = Codecs.record(Arrays8.class);
        assertEquals(8 * 4 + 3 * (1 + 1 + 2 + 2 + 4 + 8 + 4 + 8), codec.encodedLength(arrays));
        Arrays8 decoded = roundTrip(codec, arrays);
        assertArrayEquals(arrays.b(), decoded.b());
        assertArrayEquals(arrays.i8(), decoded.i8());
        assertArrayEquals(arrays.i16(), decoded.i16());
        assertArrayEquals(arrays.c16(), decoded.c16());
        assertArrayEquals(arrays.i32(), decoded.i32());
        assertArrayEquals(arrays.i64(), decoded.i64());
        assertArrayEquals(arrays.f32(), decoded.f32());
        assertArrayEquals(arrays.f64(), decoded.f64());
        assertEquals("record:Arrays8{b:bool[],i8:int8[],i16:int16[],c16:char16[],i32:int32[],i64:int64[],f32:float32[],f64:float64[]}",
                codec.descriptor());
    }

    @Test
    void stringComponentsAreSizedExactlyForEveryKindOfUtf8() {
        record Text(String text) {}
        Codec<Text> codec = Codecs.record(Text.class);
        for (String text : List.of("", "ascii", "é", "€", "😀", "a\uD800b", "\uDC00", "x\uD83D", "\uD83D\uD83D\uDE00")) {
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(4 + utf8.length, codec.encodedLength(new Text(text)), text);
            assertEquals(new String(utf8, java.nio.charset.StandardCharsets.UTF_8), roundTrip(codec, new Text(text)).text());
        }
        String longText = "€".repeat(5_000);                       // past the reader's reusable scratch array
        assertEquals(longText, roundTrip(codec, new Text(longText)).text());
    }

    // ---------------------------------------------------------------- descriptors

    static final class Version1 {
        enum Side { BUY, SELL }

        record Order(long id, Side side) {}
    }

    static final class Version1Copy {
        enum Side { BUY, SELL }

        record Order(long id, Side side) {}
    }

    static final class Version2 {
        enum Side { SELL, BUY }

        record Order(long id, Side side) {}
    }

    record TickRenamed(long time, double price, String label) {}

    record TickReordered(double price, long time, String name) {}

    record TickNarrower(long time, float price, String name) {}

    @Test
    void descriptorsAreDeterministicAndSpellOutNestedShapes() {
        Codec<Order> codec = Codecs.record(Order.class);
        assertSame(codec, Codecs.record(Order.class));
        assertEquals(codec.descriptor(), RecordShapes.derive(Order.class).descriptor());
        assertEquals("record:Order{id:int64,side:enum:Side[BUY,SELL],at:record:Point{x:float64,y:float64},note:string,"
                + "lines:record:Line{sku:string,quantity:int32}[],sizes:int32[],tags:string[],history:enum:Side[BUY,SELL][],"
                + "grid:int32[][],blob:int8[]}", codec.descriptor());
    }

    @Test
    void recordsOfTheSameShapeShareADescriptorAndAnyDifferenceChangesIt() {
        assertEquals(Codecs.record(Version1.Order.class).descriptor(), Codecs.record(Version1Copy.Order.class).descriptor());
        assertNotEquals(Codecs.record(Version1.Order.class).descriptor(), Codecs.record(Version2.Order.class).descriptor());
        List<String> descriptors = List.of(Codecs.record(Tick.class).descriptor(), Codecs.record(TickRenamed.class).descriptor(),
                Codecs.record(TickReordered.class).descriptor(), Codecs.record(TickNarrower.class).descriptor(),
                Codecs.record(Point.class).descriptor(), Codecs.record(Line.class).descriptor());
        assertEquals(descriptors.size(), descriptors.stream().distinct().count(), descriptors.toString());

        // Same shape, same names: one end's bytes are the other's message.
        Version1.Order sent = new Version1.Order(7, Version1.Side.SELL);
        Version1Copy.Order received = decode(Codecs.record(Version1Copy.Order.class), encode(Codecs.record(Version1.Order.class), sent));
        assertEquals(new Version1Copy.Order(7, Version1Copy.Side.SELL), received);
    }

    // ---------------------------------------------------------------- what is refused when the codec is built

    record WithObject(int id, Object thing) {}

    record WithBoxed(Integer count) {}

    record WithBoxedArray(Long[] values) {}

    record WithList(List<String> items) {}

    record WithInstant(Instant at) {}

    record Deep(int id, WithInstant inner) {}

    record Recursive(int value, Recursive next) {}

    record Ping(Pong pong) {}

    record Pong(Ping[] pings) {}

    @Test
    void unsupportedComponentsAreRefusedNamingRecordComponentAndType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(WithObject.class));
        assertContainsAll(e.getMessage(), WithObject.class.getName(), "'thing'", "java.lang.Object", "String, enums, records",
                "Codecs.serializable");

        e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(WithList.class));
        assertContainsAll(e.getMessage(), "WithList", "'items'", "java.util.List", "arrays of any of them");

        e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(Deep.class));
        assertContainsAll(e.getMessage(), "WithInstant", "'at'", "java.time.Instant");
    }

    @Test
    void boxedComponentsAreRefusedWithTheirPrimitive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(WithBoxed.class));
        assertContainsAll(e.getMessage(), "WithBoxed", "'count'", "java.lang.Integer", "use int instead of Integer");
        e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(WithBoxedArray.class));
        assertContainsAll(e.getMessage(), "'values'", "an array of java.lang.Long", "use long");
    }

    @Test
    void recordsThatContainThemselvesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(Recursive.class));
        assertContainsAll(e.getMessage(), "Recursive", "contains itself");
        e = assertThrows(IllegalArgumentException.class, () -> Codecs.record(Ping.class));
        assertContainsAll(e.getMessage(), "Ping", "contains itself", "Pong");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void onlyRecordClassesAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.record((Class) String.class));
        assertContainsAll(e.getMessage(), "java.lang.String", "not a record");
    }

    // ---------------------------------------------------------------- bytes that are not a message

    @Test
    void everyTruncationIsACodecException() {
        Codec<Order> codec = Codecs.record(Order.class);
        Order order = new Order(42, Side.BUY, new Point(1, 2), "note", new Line[] {new Line("x", 1)}, new int[] {1},
                new String[] {"t"}, new Side[] {Side.SELL}, new int[][] {{1}}, new byte[] {1});
        byte[] bytes = encode(codec, order);
        for (int length = 0; length < bytes.length; length++) {
            int cut = length;
            CodecException e = assertThrows(CodecException.class, () -> decode(codec, bytes, cut), "length " + cut);
            assertContainsAll(e.getMessage(), codec.descriptor());
        }
    }

    @Test
    void bytesLeftOverAreACodecException() {
        Codec<Point> codec = Codecs.record(Point.class);
        byte[] bytes = Arrays.copyOf(encode(codec, new Point(1, 2)), 17);
        CodecException e = assertThrows(CodecException.class, () -> decode(codec, bytes, 17));
        assertContainsAll(e.getMessage(), "1 bytes are left over", "record:Point");
    }

    @Test
    void impossiblePrefixesAreCodecExceptions() {
        record Text(String text) {}
        record Numbers(long[] values) {}
        record Holder(Point point) {}
        record Flag(boolean on) {}
        record Sided(Side side) {}

        CodecException e = assertGarbled(Codecs.record(Text.class), le(-5));
        assertContainsAll(e.getMessage(), "length prefix is -5");
        e = assertGarbled(Codecs.record(Text.class), le(5, 'a'));
        assertContainsAll(e.getMessage(), "truncated");
        // A count claiming two billion longs must be refused before anything is allocated.
        e = assertGarbled(Codecs.record(Numbers.class), le(Integer.MAX_VALUE, 0, 0, 0, 0));
        assertContainsAll(e.getMessage(), String.valueOf(Integer.MAX_VALUE), "elements");
        e = assertGarbled(Codecs.record(Holder.class), new byte[] {2});
        assertContainsAll(e.getMessage(), "presence byte is 2");
        e = assertGarbled(Codecs.record(Flag.class), new byte[] {3});
        assertContainsAll(e.getMessage(), "bool is 3");
        e = assertGarbled(Codecs.record(Sided.class), le(2));
        assertContainsAll(e.getMessage(), "ordinal 2", "enum:Side[BUY,SELL]");
        assertGarbled(Codecs.record(Sided.class), le(-2));
    }

    /** @return an int32 little-endian, followed by {@code bytes} */
    private static byte[] le(int value, int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return buffer.array();
    }

    @Test
    void randomAndCorruptedBytesGiveAMessageOrACodecExceptionNeverAnythingElse() {
        Codec<Order> codec = Codecs.record(Order.class);
        byte[] valid = encode(codec, new Order(42, Side.BUY, new Point(1, 2), "note", new Line[] {new Line("x", 1), null},
                new int[] {1, 2}, new String[] {"t", null}, new Side[] {Side.SELL}, new int[][] {{1}, null}, new byte[] {1}));
        Random random = new Random(7);
        for (int round = 0; round < 3_000; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[random.nextInt(80)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            assertDecodesOrRefuses(codec, bytes);
        }
    }

    record Positive(int n) {
        Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive, not " + n);
            }
        }
    }

    record AnyInt(int n) {}

    @Test
    void aConstructorRefusingTheDecodedComponentsIsACodecException() {
        byte[] bytes = encode(Codecs.record(AnyInt.class), new AnyInt(-1));
        CodecException e = assertGarbled(Codecs.record(Positive.class), bytes);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertContainsAll(e.getMessage(), "record:Positive", "n must be positive, not -1");
    }

    record Grumpy(int n, String text) {
        @Override
        public String text() {
            throw new IllegalStateException("not today");
        }
    }

    @Test
    void anAccessorThatThrowsFailsTheEncodingWithACodecException() {
        CodecException e = assertThrows(CodecException.class, () -> Codecs.record(Grumpy.class).encodedLength(new Grumpy(1, "x")));
        assertContainsAll(e.getMessage(), "Grumpy", "not today");
        e = assertThrows(CodecException.class, () -> Codecs.record(Grumpy.class).encode(new Grumpy(1, "x"), SegmentBuffer.allocate(64), 0));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void nullMessagesAreRefusedNamingTheRecord() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Codecs.record(Tick.class).encodedLength(null));
        assertContainsAll(e.getMessage(), "Tick", "null");
    }

    // ---------------------------------------------------------------- allocation

    record Hot(boolean b, byte i8, short i16, char c16, int i32, long i64, float f32, double f64, String text, int[] xs,
            Point point, Side side) {}

    record Pair(long a, double b) {}

    @Test
    void encodingBoxesNothingAndAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = threads();
        Codec<Hot> codec = Codecs.record(Hot.class);
        Hot hot = new Hot(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6.0, "text é €", new int[] {1, 2, 3}, new Point(7, 8), Side.SELL);
        SegmentBuffer buffer = SegmentBuffer.allocate(256);
        long sum = 0;
        for (int i = 0; i < 50_000; i++) {                         // let the JIT settle
            sum += codec.encode(hot, buffer, 3) + codec.encodedLength(hot);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += codec.encode(hot, buffer, 3) + codec.encodedLength(hot);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Boxing a single component per message would be 160 000 bytes; the allowance is for the measuring.
        assertEquals(true, allocated < 4_096, allocated + " bytes allocated by 10 000 encodings");
        assertEquals(60_000L * 2 * codec.encodedLength(hot), sum);
    }

    @Test
    void decodingAllocatesTheRecordAndNoBoxesOrArgumentArrays() {
        com.sun.management.ThreadMXBean threads = threads();
        Codec<Pair> codec = Codecs.record(Pair.class);
        SegmentBuffer buffer = SegmentBuffer.allocate(64);
        int length = codec.encode(new Pair(1, 2.5), buffer, 5);
        double sum = 0;
        for (int i = 0; i < 50_000; i++) {
            sum += codec.decode(buffer, 5, length).b();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += codec.decode(buffer, 5, length).b();
        }
        long perMessage = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
        // A Pair is at most 32 bytes; boxing its two components and spreading them from an array would add 56.
        assertEquals(true, perMessage <= 40, perMessage + " bytes allocated per decoded message");
        assertEquals(60_000 * 2.5, sum);
    }

    private static com.sun.management.ThreadMXBean threads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }
}

package io.shmproc.memory;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.lang.invoke.WrongMethodTypeException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.agrona.AsciiNumberFormatException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every accessor family of {@link SegmentBuffer}, checked against {@link ByteBuffer} views of the same bytes
 * and against hand-computed expectations. Runs without any JVM flag, as users will.
 */
class SegmentBufferTest {
    private static final int CAPACITY = 128;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Aligned and unaligned indexes, including the last one a long fits at. */
    private static final int[] INDEXES = {0, 1, 3, 6, 13, CAPACITY - 8};

    private final SegmentBuffer buffer = SegmentBuffer.allocate(CAPACITY);

    /** The buffer's bytes, read and written through java.nio instead. */
    private ByteBuffer nio(ByteOrder order) {
        return buffer.segment().asByteBuffer().order(order);
    }

    static Stream<ByteOrder> orders() {
        return Stream.of(BIG_ENDIAN, LITTLE_ENDIAN);
    }

    // ---------------------------------------------------------------- plain accessors

    @ParameterizedTest
    @MethodSource("orders")
    void explicitOrderAccessorsAgreeWithByteBuffer(ByteOrder order) {
        ByteBuffer nio = nio(order);
        float nanWithPayload = Float.intBitsToFloat(0x7FC0_1234);
        double doubleNanWithPayload = Double.longBitsToDouble(0x7FF8_0000_0000_1234L);
        for (int i : INDEXES) {
            buffer.putLong(i, 0x0102_0304_0506_0708L, order);
            assertEquals(0x0102_0304_0506_0708L, nio.getLong(i));
            nio.putLong(i, -0x1122_3344_5566_7788L);
            assertEquals(-0x1122_3344_5566_7788L, buffer.getLong(i, order));

            buffer.putInt(i, 0x0A0B_0C0D, order);
            assertEquals(0x0A0B_0C0D, nio.getInt(i));
            nio.putInt(i, -123_456_789);
            assertEquals(-123_456_789, buffer.getInt(i, order));

            buffer.putShort(i, (short) 0x1234, order);
            assertEquals((short) 0x1234, nio.getShort(i));
            nio.putShort(i, (short) -2);
            assertEquals((short) -2, buffer.getShort(i, order));

            buffer.putChar(i, '\u20AC', order);
            assertEquals('\u20AC', nio.getChar(i));
            nio.putChar(i, '\uFFFE');
            assertEquals('\uFFFE', buffer.getChar(i, order));

            buffer.putFloat(i, nanWithPayload, order);
            assertEquals(0x7FC0_1234, nio.getInt(i), "float bits are written unchanged");
            nio.putFloat(i, -3.25f);
            assertEquals(-3.25f, buffer.getFloat(i, order));

            buffer.putDouble(i, doubleNanWithPayload, order);
            assertEquals(0x7FF8_0000_0000_1234L, nio.getLong(i), "double bits are written unchanged");
            nio.putDouble(i, Math.PI);
            assertEquals(Math.PI, buffer.getDouble(i, order));
        }
    }

    @Test
    void bigEndianPutsTheMostSignificantByteFirst() {
        buffer.putInt(5, 0x0102_0304, BIG_ENDIAN);
        buffer.putShort(9, (short) 0x0506, BIG_ENDIAN);
        buffer.putLong(11, 0x1112_1314_1516_1718L, LITTLE_ENDIAN);
        byte[] bytes = new byte[14];
        buffer.getBytes(5, bytes);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11}, bytes);
    }

    @Test
    void nativeOrderAccessorsAgreeWithByteBufferInNativeOrder() {
        ByteBuffer nio = nio(NATIVE);
        for (int i : INDEXES) {
            buffer.putLong(i, Long.MIN_VALUE + 77);
            assertEquals(Long.MIN_VALUE + 77, nio.getLong(i));
            assertEquals(Long.MIN_VALUE + 77, buffer.getLong(i, NATIVE));
            nio.putInt(i, 0xCAFE_BABE);
            assertEquals(0xCAFE_BABE, buffer.getInt(i));
            buffer.putShort(i, Short.MIN_VALUE);
            assertEquals(Short.MIN_VALUE, nio.getShort(i));
            nio.putChar(i, 'x');
            assertEquals('x', buffer.getChar(i));
            buffer.putFloat(i, Float.MAX_VALUE);
            assertEquals(Float.MAX_VALUE, nio.getFloat(i));
            nio.putDouble(i, -0.0);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(buffer.getDouble(i)));
            buffer.putByte(i, (byte) -128);
            assertEquals((byte) -128, nio.get(i));
            nio.put(i, (byte) 127);
            assertEquals((byte) 127, buffer.getByte(i));
        }
    }

    // ---------------------------------------------------------------- atomic and ordered accessors

    @Test
    void orderedIntAccessorsReadAndWriteTheSameFourBytes() {
        ByteBuffer nio = nio(NATIVE);
        buffer.putIntVolatile(8, 11);
        assertEquals(11, nio.getInt(8));
        assertEquals(11, buffer.getIntVolatile(8));
        buffer.putIntRelease(8, 12);
        assertEquals(12, buffer.getIntAcquire(8));
        buffer.putIntOrdered(8, 13);
        assertEquals(13, buffer.getIntOpaque(8));
        buffer.putIntOpaque(8, 14);
        assertEquals(14, nio.getInt(8));
        nio.putInt(124, -5);
        assertEquals(-5, buffer.getIntVolatile(124), "the last int of the buffer");
    }

    @Test
    void orderedLongAccessorsReadAndWriteTheSameEightBytes() {
        ByteBuffer nio = nio(NATIVE);
        buffer.putLongVolatile(16, 1L << 40);
        assertEquals(1L << 40, nio.getLong(16));
        assertEquals(1L << 40, buffer.getLongVolatile(16));
        buffer.putLongRelease(16, -2);
        assertEquals(-2, buffer.getLongAcquire(16));
        buffer.putLongOrdered(16, 3);
        assertEquals(3, buffer.getLongOpaque(16));
        buffer.putLongOpaque(16, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, nio.getLong(16));
        nio.putLong(120, 99);
        assertEquals(99, buffer.getLongVolatile(120), "the last long of the buffer");
    }

    @Test
    void volatileShortCharAndByteAccessors() {
        ByteBuffer nio = nio(NATIVE);
        buffer.putShortVolatile(2, (short) -300);
        assertEquals((short) -300, nio.getShort(2));
        assertEquals((short) -300, buffer.getShortVolatile(2));
        buffer.putCharVolatile(4, '\u00E9');
        assertEquals('\u00E9', nio.getChar(4));
        assertEquals('\u00E9', buffer.getCharVolatile(4));
        buffer.putByteVolatile(7, (byte) 0x80);
        assertEquals((byte) 0x80, nio.get(7));
        assertEquals((byte) 0x80, buffer.getByteVolatile(7));
    }

    @Test
    void intReadModifyWriteOperations() {
        buffer.putInt(32, 10);
        assertFalse(buffer.compareAndSetInt(32, 9, 20));
        assertEquals(10, buffer.getInt(32));
        assertTrue(buffer.compareAndSetInt(32, 10, 20));
        assertEquals(20, buffer.compareAndExchangeInt(32, 0, 30), "a failed exchange returns the witness");
        assertEquals(20, buffer.compareAndExchangeInt(32, 20, 30));
        assertEquals(30, buffer.getAndAddInt(32, 5));
        assertEquals(35, buffer.getAndSetInt(32, -1));
        assertEquals(-1, buffer.addIntRelease(32, 2));
        assertEquals(1, buffer.addIntOrdered(32, 2));
        assertEquals(3, buffer.addIntOpaque(32, Integer.MAX_VALUE));
        assertEquals(3 + Integer.MAX_VALUE, buffer.getInt(32), "wraps like int arithmetic");
    }

    @Test
    void longReadModifyWriteOperations() {
        buffer.putLong(40, 10);
        assertFalse(buffer.compareAndSetLong(40, 9, 20));
        assertEquals(10, buffer.getLong(40));
        assertTrue(buffer.compareAndSetLong(40, 10, 20));
        assertEquals(20, buffer.compareAndExchangeLong(40, 0, 30));
        assertEquals(20, buffer.compareAndExchangeLong(40, 20, 30));
        assertEquals(30, buffer.getAndAddLong(40, 1L << 33));
        assertEquals(30 + (1L << 33), buffer.getAndSetLong(40, -1));
        assertEquals(-1, buffer.addLongRelease(40, 2));
        assertEquals(1, buffer.addLongOrdered(40, 2));
        assertEquals(3, buffer.addLongOpaque(40, Long.MAX_VALUE));
        assertEquals(3 + Long.MAX_VALUE, buffer.getLong(40));
    }

    @Test
    void atomicAddsAndCompareAndSetLoseNoUpdateUnderContention() {
        int perThread = 50_000;
        Runnable work = () -> {
            for (int i = 0; i < perThread; i++) {
                buffer.getAndAddInt(0, 1);
                buffer.getAndAddLong(8, 3);
                buffer.addIntRelease(16, 1);
                buffer.addLongRelease(24, 1);
                int seen;
                do {
                    seen = buffer.getIntVolatile(32);
                } while (!buffer.compareAndSetInt(32, seen, seen + 1));
                long seenLong;
                do {
                    seenLong = buffer.getLongVolatile(40);
                } while (buffer.compareAndExchangeLong(40, seenLong, seenLong + 1) != seenLong);
                buffer.getAndSetInt(48, i);
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Thread other = new Thread(work);
            other.start();
            work.run();
            other.join();
        });
        int total = 2 * perThread;
        assertEquals(total, buffer.getInt(0));
        assertEquals(3L * total, buffer.getLong(8));
        assertEquals(total, buffer.getInt(16));
        assertEquals(total, buffer.getLong(24));
        assertEquals(total, buffer.getInt(32));
        assertEquals(total, buffer.getLong(40));
        assertEquals(perThread - 1, buffer.getInt(48));
    }

    @Test
    void releasedWritesAreVisibleAfterAnAcquiringRead() {
        int rounds = 10_000;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Thread writer = new Thread(() -> {
                for (int round = 1; round <= rounds; round++) {
                    while (buffer.getIntAcquire(0) != round - 1) {
                        Thread.yield(); // two cores, shared with other builds: do not starve the reader
                    }
                    buffer.putLong(8, round * 7L); // plain payload, published by the release below
                    buffer.putIntRelease(4, round);
                }
            });
            writer.start();
            for (int round = 1; round <= rounds; round++) {
                while (buffer.getIntAcquire(4) != round) {
                    Thread.yield();
                }
                assertEquals(round * 7L, buffer.getLong(8));
                buffer.putIntRelease(0, round);
            }
            writer.join();
        });
    }

    @Test
    void atomicAccessNeedsNaturalAlignment() {
        assertThrows(IllegalArgumentException.class, () -> buffer.getIntVolatile(2));
        assertThrows(IllegalArgumentException.class, () -> buffer.compareAndSetInt(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> buffer.getLongVolatile(4));
        assertThrows(IllegalArgumentException.class, () -> buffer.getAndAddLong(12, 1));
        assertThrows(IllegalArgumentException.class, () -> buffer.putShortVolatile(3, (short) 1));
        assertThrows(IllegalArgumentException.class, () -> buffer.getCharVolatile(5));
        buffer.putByteVolatile(5, (byte) 1);
        assertEquals(1, buffer.getIntVolatile(4) >> (NATIVE == LITTLE_ENDIAN ? 8 : 16) & 0xFF, "bytes need none");
        buffer.putLong(3, 1);
        assertEquals(1, buffer.getLong(3), "plain access needs none");
    }

    @Test
    void heapMemoryOverByteArrayIsPlainOnly() {
        SegmentBuffer heap = new SegmentBuffer();
        heap.wrap(new byte[64]);
        heap.putLong(3, 42);
        assertEquals(42, heap.getLong(3));
        assertThrows(IllegalArgumentException.class, () -> heap.getIntVolatile(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, heap::verifyAlignment);
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
    }

    @Test
    void heapMemoryOverLongArraySupportsAtomics() {
        SegmentBuffer heap = new SegmentBuffer(MemorySegment.ofArray(new long[4]));
        heap.verifyAlignment();
        assertTrue(heap.compareAndSetLong(8, 0, 5));
        assertEquals(5, heap.getAndAddLong(8, 1));
        assertEquals(0, heap.getIntVolatile(4));
    }

    @Test
    void verifyAlignmentPassesOnlyForEightByteAlignedMemory() {
        buffer.verifyAlignment();
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(buffer, 8, 64);
        view.verifyAlignment();
        view.wrap(buffer, 4, 64);
        IllegalStateException e = assertThrows(IllegalStateException.class, view::verifyAlignment);
        assertTrue(e.getMessage().contains("capacity=64"), e.getMessage());
        view.wrap(buffer.segment(), 12, 16);
        assertThrows(IllegalStateException.class, view::verifyAlignment);
    }

    // ---------------------------------------------------------------- bounds

    private record Access(String name, int width, IntConsumer at) {
    }

    private List<Access> accesses() {
        return List.of(
                new Access("getByte", 1, buffer::getByte),
                new Access("putByte", 1, i -> buffer.putByte(i, (byte) 1)),
                new Access("getByteVolatile", 1, buffer::getByteVolatile),
                new Access("getShort", 2, buffer::getShort),
                new Access("putShort BE", 2, i -> buffer.putShort(i, (short) 1, BIG_ENDIAN)),
                new Access("putShortVolatile", 2, i -> buffer.putShortVolatile(i, (short) 1)),
                new Access("getChar LE", 2, i -> buffer.getChar(i, LITTLE_ENDIAN)),
                new Access("getCharVolatile", 2, buffer::getCharVolatile),
                new Access("getInt", 4, buffer::getInt),
                new Access("putInt BE", 4, i -> buffer.putInt(i, 1, BIG_ENDIAN)),
                new Access("getFloat", 4, buffer::getFloat),
                new Access("putFloat LE", 4, i -> buffer.putFloat(i, 1, LITTLE_ENDIAN)),
                new Access("getIntVolatile", 4, buffer::getIntVolatile),
                new Access("putIntRelease", 4, i -> buffer.putIntRelease(i, 1)),
                new Access("compareAndSetInt", 4, i -> buffer.compareAndSetInt(i, 0, 0)),
                new Access("getAndAddInt", 4, i -> buffer.getAndAddInt(i, 0)),
                new Access("addIntOpaque", 4, i -> buffer.addIntOpaque(i, 0)),
                new Access("getLong", 8, buffer::getLong),
                new Access("putLong BE", 8, i -> buffer.putLong(i, 1, BIG_ENDIAN)),
                new Access("getDouble", 8, buffer::getDouble),
                new Access("putDouble LE", 8, i -> buffer.putDouble(i, 1, LITTLE_ENDIAN)),
                new Access("getLongAcquire", 8, buffer::getLongAcquire),
                new Access("putLongOpaque", 8, i -> buffer.putLongOpaque(i, 1)),
                new Access("getAndSetLong", 8, i -> buffer.getAndSetLong(i, 0)),
                new Access("compareAndExchangeLong", 8, i -> buffer.compareAndExchangeLong(i, 0, 0)),
                new Access("addLongRelease", 8, i -> buffer.addLongRelease(i, 0)),
                new Access("getBytes", 3, i -> buffer.getBytes(i, new byte[3])),
                new Access("setMemory", 5, i -> buffer.setMemory(i, 5, (byte) 1)),
                new Access("boundsCheck", 6, i -> buffer.boundsCheck(i, 6)));
    }

    @Test
    void outOfRangeAccessThrowsNamingIndexLengthAndCapacity() {
        for (Access access : accesses()) {
            int lastFit = CAPACITY - access.width();
            for (int index : new int[] {-1, lastFit + 1, CAPACITY, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                        () -> access.at().accept(index), access.name() + " at " + index);
                assertTrue(e.getMessage().contains("index=" + index) && e.getMessage().contains("length=" + access.width())
                        && e.getMessage().contains("capacity=" + CAPACITY), access.name() + ": " + e.getMessage());
            }
            // CAPACITY is a multiple of 8, so the last fit is aligned for the atomic accesses too.
            assertDoesNotThrow(() -> access.at().accept(lastFit), access.name());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getInt(CAPACITY - 3));
        assertDoesNotThrow(() -> buffer.getInt(CAPACITY - 4));
    }

    @Test
    void negativeLengthsAreOutOfRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.boundsCheck(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.setMemory(4, -1, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getStringWithoutLengthAscii(4, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, new byte[4], 0, -1));
    }

    @Test
    void aViewOfPartOfASegmentCannotReachBeyondThatPart() {
        SegmentBuffer part = new SegmentBuffer();
        part.wrap(buffer, 16, 32);
        part.putLong(24, -1);
        assertEquals(-1, buffer.getLong(40));
        assertThrows(IndexOutOfBoundsException.class, () -> part.putLong(25, 1), "the segment has room, the view not");
        assertThrows(IndexOutOfBoundsException.class, () -> part.getByte(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> part.setMemory(30, 3, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> part.getBytes(0, new byte[33]));
        assertEquals(0, buffer.getLong(48));
        assertEquals(0, buffer.getLong(8));
    }

    @Test
    void checkLimitAcceptsUpToCapacity() {
        buffer.checkLimit(CAPACITY);
        buffer.checkLimit(0);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> buffer.checkLimit(CAPACITY + 1));
        assertTrue(e.getMessage().contains("capacity=" + CAPACITY), e.getMessage());
    }

    // ---------------------------------------------------------------- strings

    @Test
    void asciiStringsWithALengthPrefix() {
        assertEquals(9, buffer.putStringAscii(4, "hello"));
        assertEquals(5, nio(NATIVE).getInt(4));
        assertEquals("hello", new String(bytes(8, 5), US_ASCII));
        assertEquals("hello", buffer.getStringAscii(4));
        StringBuilder appended = new StringBuilder(">");
        assertEquals(5, buffer.getStringAscii(4, appended));
        assertEquals(">hello", appended.toString());
        assertEquals("hel", buffer.getStringAscii(4, 3), "the given length, not the prefix");
        StringBuilder three = new StringBuilder();
        assertEquals(3, buffer.getStringAscii(4, 3, three));
        assertEquals("hel", three.toString());

        assertEquals(7, buffer.putStringAscii(20, new StringBuilder("abc"), BIG_ENDIAN));
        assertEquals(3, nio(BIG_ENDIAN).getInt(20));
        assertEquals("abc", buffer.getStringAscii(20, BIG_ENDIAN));
        StringBuilder big = new StringBuilder();
        assertEquals(3, buffer.getStringAscii(20, big, BIG_ENDIAN));
        assertEquals("abc", big.toString());
        assertEquals(6, buffer.putStringAscii(30, "xy", LITTLE_ENDIAN));
        assertEquals(2, nio(LITTLE_ENDIAN).getInt(30));
        assertEquals(8, buffer.putStringAscii(40, (CharSequence) new StringBuilder("1234")));
        assertEquals("1234", buffer.getStringAscii(40));
    }

    @Test
    void asciiReplacesWhatIsNotAscii() {
        buffer.putStringAscii(0, "h\u00E9\u20AC!");
        assertEquals("h??!", buffer.getStringAscii(0));
        buffer.putByte(10, (byte) 0xE9);
        buffer.putByte(11, (byte) 'x');
        assertEquals("\uFFFDx", buffer.getStringWithoutLengthAscii(10, 2), "decoded as US-ASCII decodes");
        StringBuilder appended = new StringBuilder();
        buffer.getStringWithoutLengthAscii(10, 2, appended);
        assertEquals("?x", appended.toString());
    }

    @Test
    void nullAndEmptyStrings() {
        buffer.setMemory(0, 16, (byte) 9);
        assertEquals(4, buffer.putStringAscii(0, (String) null));
        assertEquals(0, buffer.getInt(0));
        assertEquals("", buffer.getStringAscii(0));
        assertEquals(0, buffer.getStringAscii(0, new StringBuilder()));
        assertEquals(8, buffer.putStringUtf8(20, null), "Agrona's UTF-8 writes null as \"null\"");
        assertEquals("null", buffer.getStringUtf8(20));
        assertEquals(4, buffer.putStringWithoutLengthUtf8(30, null));
        assertEquals("null", buffer.getStringWithoutLengthAscii(30, 4));
        assertEquals(4, buffer.putStringAscii(8, "", BIG_ENDIAN));
        assertEquals("", buffer.getStringAscii(8, BIG_ENDIAN));
        assertEquals(0, buffer.putStringWithoutLengthAscii(12, (String) null));
        assertEquals(0, buffer.putStringWithoutLengthAscii(12, (CharSequence) null, 0, 5));
        assertEquals("", buffer.getStringWithoutLengthAscii(12, 0));
        assertEquals((byte) 9, buffer.getByte(12), "nothing written");
    }

    @Test
    void asciiStringsWithoutLength() {
        assertEquals(3, buffer.putStringWithoutLengthAscii(60, "xyz"));
        assertEquals("xyz", buffer.getStringWithoutLengthAscii(60, 3));
        assertEquals(4, buffer.putStringWithoutLengthAscii(70, "abcdef", 2, 10), "stops where the value ends");
        assertEquals("cdef", buffer.getStringWithoutLengthAscii(70, 4));
        assertEquals(2, buffer.putStringWithoutLengthAscii(80, new StringBuilder("abcdef"), 1, 2));
        assertEquals("bc", buffer.getStringWithoutLengthAscii(80, 2));
        assertEquals(3, buffer.putStringWithoutLengthAscii(90, new StringBuilder("pqr")));
        StringBuilder appended = new StringBuilder();
        assertEquals(3, buffer.getStringWithoutLengthAscii(90, 3, appended));
        assertEquals("pqr", appended.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringWithoutLengthAscii(0, "abc", 4, 1));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void utf8StringsWithALengthPrefix(ByteOrder order) {
        String text = "h\u00E9llo \u20AC \uD83D\uDE00";
        int encoded = text.getBytes(UTF_8).length;
        assertEquals(4 + encoded, buffer.putStringUtf8(8, text, order));
        assertEquals(encoded, nio(order).getInt(8));
        assertArrayEquals(text.getBytes(UTF_8), bytes(12, encoded));
        assertEquals(text, buffer.getStringUtf8(8, order));
        assertEquals(4 + encoded, buffer.putStringUtf8(8, text, order, encoded));
        assertEquals("h\u00E9", buffer.getStringUtf8(8, 3));
    }

    @Test
    void utf8StringsInNativeOrderAndWithoutLength() {
        assertEquals(4 + 3, buffer.putStringUtf8(0, "\u20AC"));
        assertEquals("\u20AC", buffer.getStringUtf8(0));
        assertEquals(4 + 2, buffer.putStringUtf8(10, "\u00E9", 2));
        assertEquals("\u00E9", buffer.getStringUtf8(10));
        assertEquals(5, buffer.putStringWithoutLengthUtf8(20, "a\u00E9\u00E9"));
        assertEquals("a\u00E9\u00E9", buffer.getStringWithoutLengthUtf8(20, 5));
        assertEquals("", buffer.getStringWithoutLengthUtf8(20, 0));
    }

    @Test
    void utf8LongerThanTheMaximumIsRefusedBeforeWriting() {
        buffer.putInt(0, 77);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buffer.putStringUtf8(0, "\u20AC\u20AC", 5));
        assertTrue(e.getMessage().contains("maxEncodedLength=5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> buffer.putStringUtf8(0, "abc", BIG_ENDIAN, 2));
        assertEquals(77, buffer.getInt(0));
    }

    @Test
    void stringsThatDoNotFitAreRefusedBeforeWriting() {
        buffer.setMemory(0, CAPACITY, (byte) 1);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringAscii(CAPACITY - 8, "hello"));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringUtf8(CAPACITY - 8, "h\u00E9llo"));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringWithoutLengthAscii(CAPACITY - 2, "abc"));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringWithoutLengthUtf8(CAPACITY - 2, "abc"));
        byte[] ones = new byte[CAPACITY];
        Arrays.fill(ones, (byte) 1);
        assertArrayEquals(ones, bytes(0, CAPACITY));
        buffer.putInt(0, 1000);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getStringAscii(0), "a prefix beyond the end");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getStringUtf8(0));
        buffer.putInt(0, -3);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getStringAscii(0), "a negative prefix");
    }

    @Test
    void appendableFailuresAreRethrownUnchecked() {
        buffer.putStringAscii(0, "abc");
        Appendable broken = new Appendable() {
            @Override
            public Appendable append(CharSequence csq) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(CharSequence csq, int start, int end) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(char c) throws IOException {
                throw new IOException("disk full");
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> buffer.getStringAscii(0, broken));
        assertEquals("disk full", e.getCause().getMessage());
    }

    // ---------------------------------------------------------------- ASCII numbers

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 99, 100, 1234, 12_345, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
            -1, -9, -10, -12_345, -1_000_000_000, Integer.MIN_VALUE + 1, Integer.MIN_VALUE})
    void intsAreWrittenInDecimalAndParsedBack(int value) {
        String text = Integer.toString(value);
        buffer.setMemory(0, CAPACITY, (byte) '#');
        assertEquals(text.length(), buffer.putIntAscii(3, value));
        assertEquals(text, buffer.getStringWithoutLengthAscii(3, text.length()));
        assertEquals('#', buffer.getByte(3 + text.length()), "nothing written after the digits");
        assertEquals(value, buffer.parseIntAscii(3, text.length()));
        assertEquals(value, buffer.parseLongAscii(3, text.length()));
        if (value >= 0) {
            assertEquals(text.length(), buffer.putNaturalIntAscii(40, value));
            assertEquals(text, buffer.getStringWithoutLengthAscii(40, text.length()));
            assertEquals(value, buffer.parseNaturalIntAscii(40, text.length()));
            assertEquals(value, buffer.parseNaturalLongAscii(40, text.length()));
            assertEquals(80 - text.length(), buffer.putNaturalIntAsciiFromEnd(value, 80));
            assertEquals(text, buffer.getStringWithoutLengthAscii(80 - text.length(), text.length()));
        } else {
            assertThrows(AsciiNumberFormatException.class, () -> buffer.parseNaturalIntAscii(3, text.length()));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 10, 12_345_678, 99_999_999, 100_000_000, 1234_5678_9012L, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -100_000_000, -1_000_000_000_000_000_000L,
            Long.MIN_VALUE + 1, Long.MIN_VALUE, Integer.MIN_VALUE - 1L})
    void longsAreWrittenInDecimalAndParsedBack(long value) {
        String text = Long.toString(value);
        buffer.setMemory(0, CAPACITY, (byte) '#');
        assertEquals(text.length(), buffer.putLongAscii(5, value));
        assertEquals(text, buffer.getStringWithoutLengthAscii(5, text.length()));
        assertEquals('#', buffer.getByte(5 + text.length()));
        assertEquals(value, buffer.parseLongAscii(5, text.length()));
        if (value >= 0) {
            assertEquals(text.length(), buffer.putNaturalLongAscii(50, value));
            assertEquals(text, buffer.getStringWithoutLengthAscii(50, text.length()));
            assertEquals(value, buffer.parseNaturalLongAscii(50, text.length()));
        }
        if (value != (int) value) {
            assertThrows(AsciiNumberFormatException.class, () -> buffer.parseIntAscii(5, text.length()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "+1", "1a", "a1", " 1", "1 ", "--1", "1-", "0x10", "١", "12345678901234567890x"})
    void malformedNumbersAreRefused(String text) {
        int length = buffer.putStringWithoutLengthAscii(0, text);
        for (IntConsumer parse : List.<IntConsumer>of(
                n -> buffer.parseIntAscii(0, n), n -> buffer.parseLongAscii(0, n),
                n -> buffer.parseNaturalIntAscii(0, n), n -> buffer.parseNaturalLongAscii(0, n))) {
            AsciiNumberFormatException e = assertThrows(AsciiNumberFormatException.class, () -> parse.accept(length));
            assertTrue(e.getMessage().contains("error parsing"), e.getMessage());
        }
    }

    @Test
    void emptyNumbersAreRefused() {
        for (IntConsumer parse : List.<IntConsumer>of(
                n -> buffer.parseIntAscii(4, n), n -> buffer.parseLongAscii(4, n),
                n -> buffer.parseNaturalIntAscii(4, n), n -> buffer.parseNaturalLongAscii(4, n))) {
            AsciiNumberFormatException e = assertThrows(AsciiNumberFormatException.class, () -> parse.accept(0));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> parse.accept(-1));
        }
    }

    @Test
    void numbersOutOfRangeAreOverflow() {
        for (String text : List.of("2147483648", "-2147483649", "99999999999", "4294967296")) {
            assertOverflow(text, n -> buffer.parseIntAscii(0, n));
        }
        assertOverflow("2147483648", n -> buffer.parseNaturalIntAscii(0, n));
        for (String text : List.of("9223372036854775808", "-9223372036854775809", "18446744073709551616",
                "99999999999999999999", "123456789012345678901234567890")) {
            assertOverflow(text, n -> buffer.parseLongAscii(0, n));
        }
        assertOverflow("9223372036854775808", n -> buffer.parseNaturalLongAscii(0, n));
    }

    private void assertOverflow(String text, IntConsumer parse) {
        int length = buffer.putStringWithoutLengthAscii(0, text);
        AsciiNumberFormatException e = assertThrows(AsciiNumberFormatException.class, () -> parse.accept(length), text);
        assertTrue(e.getMessage().contains("overflow") && e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void leadingZerosAreAllowed() {
        assertEquals(1, parsed("00000000001", false, false));
        assertEquals(-42, parsed("-0000000000000042", false, false));
        assertEquals(Integer.MIN_VALUE, parsed("-0000002147483648", false, false));
        assertEquals(Integer.MAX_VALUE, parsed("0002147483647", false, true));
        assertEquals(Long.MIN_VALUE, parsed("-00009223372036854775808", true, false));
        assertEquals(42, parsed("0000000000000000000000042", true, true));
        assertEquals(0, parsed("-0", false, false));
    }

    private long parsed(String text, boolean isLong, boolean natural) {
        int length = buffer.putStringWithoutLengthAscii(0, text);
        if (isLong) {
            return natural ? buffer.parseNaturalLongAscii(0, length) : buffer.parseLongAscii(0, length);
        }
        return natural ? buffer.parseNaturalIntAscii(0, length) : buffer.parseIntAscii(0, length);
    }

    @Test
    void paddedNaturalNumbers() {
        buffer.putNaturalPaddedIntAscii(2, 6, 42);
        assertEquals("000042", buffer.getStringWithoutLengthAscii(2, 6));
        assertEquals(42, buffer.parseNaturalIntAscii(2, 6));
        buffer.putNaturalPaddedIntAscii(2, 3, 999);
        assertEquals("999", buffer.getStringWithoutLengthAscii(2, 3));
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> buffer.putNaturalPaddedIntAscii(2, 2, 123));
        assertTrue(e.getMessage().contains("123"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putNaturalPaddedIntAscii(CAPACITY - 2, 3, 1));
        buffer.putNaturalPaddedIntAscii(20, 12, 12345);
        assertEquals(12345, buffer.parseNaturalIntAscii(20, 12), "what the padded writer writes, the parser reads");
    }

    @Test
    void naturalNumbersFromTheEnd() {
        buffer.setMemory(0, 16, (byte) '#');
        assertEquals(6, buffer.putNaturalIntAsciiFromEnd(1234, 10));
        assertEquals("##1234##", buffer.getStringWithoutLengthAscii(4, 8));
        assertEquals(11, buffer.putNaturalIntAsciiFromEnd(0, 12), "zero is one digit");
        assertEquals("0", buffer.getStringWithoutLengthAscii(11, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putNaturalIntAsciiFromEnd(12_345, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putNaturalIntAsciiFromEnd(1, CAPACITY + 1));
    }

    @Test
    void asciiNumbersThatDoNotFitAreRefusedBeforeWriting() {
        buffer.setMemory(0, CAPACITY, (byte) '#');
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putIntAscii(CAPACITY - 2, -10));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putLongAscii(CAPACITY - 19, Long.MIN_VALUE));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putNaturalLongAscii(CAPACITY - 1, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putNaturalIntAscii(CAPACITY, 0));
        assertEquals(CAPACITY, buffer.getStringWithoutLengthAscii(0, CAPACITY).chars().filter(c -> c == '#').count());
        assertEquals(20, buffer.putLongAscii(CAPACITY - 20, Long.MIN_VALUE));
    }

    // ---------------------------------------------------------------- bytes

    @Test
    void bytesToAndFromArrays() {
        byte[] source = sequence(20);
        buffer.putBytes(5, source);
        assertArrayEquals(source, bytes(5, 20));
        buffer.putBytes(100, source, 4, 10);
        assertArrayEquals(Arrays.copyOfRange(source, 4, 14), bytes(100, 10));
        byte[] whole = new byte[20];
        buffer.getBytes(5, whole);
        assertArrayEquals(source, whole);
        byte[] part = new byte[8];
        buffer.getBytes(7, part, 3, 5);
        assertArrayEquals(new byte[] {0, 0, 0, source[2], source[3], source[4], source[5], source[6]}, part);

        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, source, 15, 6), "beyond the array");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(0, part, 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(CAPACITY - 19, source));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(CAPACITY - 7, part));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bytesToAndFromByteBuffersUseAbsoluteIndexesUpToCapacity(boolean direct) {
        ByteBuffer other = direct ? ByteBuffer.allocateDirect(32) : ByteBuffer.wrap(new byte[40], 4, 32).slice();
        other.put(0, sequence(32)).position(3).limit(10);
        buffer.putBytes(8, other, 20, 12);
        assertArrayEquals(Arrays.copyOfRange(sequence(32), 20, 32), bytes(8, 12), "past the limit, up to capacity");
        assertEquals(3, other.position());
        buffer.putBytes(40, other, 4);
        assertArrayEquals(Arrays.copyOfRange(sequence(32), 3, 7), bytes(40, 4));
        assertEquals(7, other.position(), "the relative form advances the position");

        buffer.setMemory(60, 10, (byte) 0x55);
        buffer.getBytes(60, other, 25, 7);
        assertEquals(0x55, absolute(other, 25));
        assertEquals(0x55, absolute(other, 31));
        assertEquals(sequence(32)[24], absolute(other, 24));
        buffer.getBytes(60, other, 2);
        assertEquals(9, other.position());
        assertEquals(0x55, absolute(other, 7));
        assertEquals(0x55, absolute(other, 8));

        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(0, other, 30, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, other, 30, 3));
        assertThrows(ReadOnlyBufferException.class, () -> buffer.getBytes(0, other.asReadOnlyBuffer(), 0, 1));
        buffer.putBytes(0, other.asReadOnlyBuffer(), 0, 2);
        assertArrayEquals(new byte[] {0, 1}, bytes(0, 2), "a read-only source is fine");
    }

    @Test
    void bytesBetweenSegmentBuffers() {
        SegmentBuffer other = SegmentBuffer.allocate(32);
        other.putBytes(0, sequence(32));
        buffer.putBytes(10, other, 5, 20);
        assertArrayEquals(Arrays.copyOfRange(sequence(32), 5, 25), bytes(10, 20));
        SegmentBuffer copy = new SegmentBuffer(MemorySegment.ofArray(new byte[16]));
        buffer.getBytes(10, copy, 2, 14);
        assertArrayEquals(Arrays.copyOfRange(sequence(32), 5, 19), Arrays.copyOfRange(bytesOf(copy), 2, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, other, 20, 13), "beyond the source");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(0, copy, 10, 7), "beyond the destination");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(CAPACITY - 4, other, 0, 5));
    }

    @Test
    void overlappingCopiesWithinOneBufferMoveTheBytes() {
        buffer.putBytes(0, sequence(20));
        buffer.putBytes(4, buffer, 0, 20);
        assertArrayEquals(sequence(20), bytes(4, 20));
        buffer.putBytes(0, sequence(20));
        buffer.getBytes(4, buffer, 0, 16);
        assertArrayEquals(Arrays.copyOfRange(sequence(20), 4, 20), bytes(0, 16));
    }

    @ParameterizedTest
    @EnumSource(Backing.class)
    void bytesToAndFromOtherDirectBufferImplementations(Backing backing) {
        ForeignBuffer foreign = new ForeignBuffer(backing, 48, 8, false);
        foreign.fill(sequence(40));
        buffer.putBytes(3, foreign.buffer, 1, 37);
        assertArrayEquals(Arrays.copyOfRange(sequence(40), 1, 38), bytes(3, 37), "from the foreign buffer's index 1");

        buffer.putBytes(64, sequence(40));
        buffer.getBytes(64, foreign.buffer, 2, 21);
        assertArrayEquals(Arrays.copyOfRange(sequence(40), 0, 21), Arrays.copyOfRange(foreign.contents(), 2, 23));
        assertArrayEquals(new byte[] {0, 1}, Arrays.copyOfRange(foreign.contents(), 0, 2), "before dstIndex untouched");

        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, foreign.buffer, 40, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(0, foreign.buffer, 40, 9));
    }

    @ParameterizedTest
    @EnumSource(Backing.class)
    void anExpandableDestinationGrowsFirst(Backing backing) {
        ForeignBuffer foreign = new ForeignBuffer(backing, 8, 0, true);
        buffer.putBytes(0, sequence(30));
        buffer.getBytes(0, foreign.buffer, 4, 30);
        assertTrue(foreign.buffer.capacity() >= 34, "capacity " + foreign.buffer.capacity());
        assertArrayEquals(sequence(30), Arrays.copyOfRange(foreign.contents(), 4, 34));
    }

    @Test
    void setMemoryFillsExactlyTheRange() {
        buffer.setMemory(0, CAPACITY, (byte) 1);
        buffer.setMemory(3, 13, (byte) 0xAB);
        byte[] expected = new byte[CAPACITY];
        Arrays.fill(expected, (byte) 1);
        Arrays.fill(expected, 3, 16, (byte) 0xAB);
        assertArrayEquals(expected, bytes(0, CAPACITY));
        buffer.setMemory(CAPACITY, 0, (byte) 2);
        SegmentBuffer large = SegmentBuffer.allocate(1024);
        large.setMemory(1, 1000, (byte) -1);
        assertEquals(0, large.getByte(0));
        assertEquals(-1, large.getByte(1));
        assertEquals(-1, large.getByte(1000));
        assertEquals(0, large.getByte(1001));
    }

    // ---------------------------------------------------------------- wrapping

    @Test
    void wrapsAByteArray() {
        byte[] array = new byte[16];
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(array);
        assertEquals(16, view.capacity());
        view.putInt(0, 7);
        assertEquals(7, ByteBuffer.wrap(array).order(NATIVE).getInt(0));
        view.wrap(array, 4, 8);
        assertEquals(8, view.capacity());
        assertEquals(4, view.wrapAdjustment());
        view.putByte(7, (byte) 9);
        assertEquals(9, array[11]);
        assertThrows(IndexOutOfBoundsException.class, () -> view.putByte(8, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> view.wrap(array, 10, 8));
        assertNull(view.byteArray(), "documented: never exposes the array");
        assertNull(view.byteBuffer());
        assertThrows(UnsupportedOperationException.class, view::addressOffset);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void wrapsAByteBufferFromIndexZeroToCapacityWhateverItsPosition(boolean direct) {
        ByteBuffer memory = direct ? ByteBuffer.allocateDirect(32) : ByteBuffer.allocate(32);
        memory.position(5).limit(10);
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(memory);
        assertEquals(32, view.capacity());
        view.putByte(31, (byte) 9);
        assertEquals(9, absolute(memory, 31));
        view.wrap(memory, 8, 4);
        assertEquals(4, view.capacity());
        assertEquals(8, view.wrapAdjustment());
        view.putByte(0, (byte) 3);
        assertEquals(3, absolute(memory, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> view.wrap(memory, 30, 4));
        assertNull(view.byteBuffer(), "documented: never exposes the ByteBuffer");
        view.wrap(memory.asReadOnlyBuffer());
        assertEquals(9, view.getByte(31));
        assertThrows(IllegalArgumentException.class, () -> view.putByte(0, (byte) 1), "read-only memory");
    }

    @Test
    void wrapsAnotherSegmentBufferSharingItsMemory() {
        SegmentBuffer view = new SegmentBuffer();
        view.wrap((DirectBuffer) buffer);
        assertEquals(CAPACITY, view.capacity());
        assertEquals(buffer.addressOffset(), view.addressOffset());
        view.wrap(buffer, 16, 32);
        assertEquals(buffer.addressOffset() + 16, view.addressOffset());
        assertEquals(16, view.wrapAdjustment());
        SegmentBuffer inner = new SegmentBuffer();
        inner.wrap(view, 8, 8);
        assertEquals(24, inner.wrapAdjustment());
        inner.putLong(0, 5);
        assertEquals(5, buffer.getLong(24));
        assertThrows(IndexOutOfBoundsException.class, () -> inner.wrap(view, 30, 4));
        assertEquals(buffer.segment().address() + 24, inner.segment().address());
        assertEquals(8, inner.segment().byteSize());
    }

    @ParameterizedTest
    @EnumSource(value = Backing.class, names = {"ARRAY", "BYTE_BUFFER"})
    void wrapsOtherDirectBufferImplementationsThroughTheirMemory(Backing backing) {
        ForeignBuffer foreign = new ForeignBuffer(backing, 40, 8, false);
        foreign.fill(sequence(32));
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(foreign.buffer, 4, 16);
        assertEquals(16, view.capacity());
        assertEquals(12, view.wrapAdjustment());
        assertEquals(4, view.getByte(0));
        view.putByte(15, (byte) -7);
        assertEquals(-7, foreign.contents()[19]);
        view.wrap((DirectBuffer) foreign.buffer);
        assertEquals(40, view.capacity());
        assertEquals(31, view.getByte(31));
    }

    @Test
    void wrapsARangeOfASegmentWithoutSlicing() {
        MemorySegment memory = Arena.ofAuto().allocate(64, 8);
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(memory, 8, 16);
        view.putLong(8, 3);
        assertEquals(3, memory.get(java.lang.foreign.ValueLayout.JAVA_LONG, 16));
        assertEquals(16, view.capacity());
        assertThrows(IndexOutOfBoundsException.class, () -> view.wrap(memory, 56, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> view.wrap(memory, -1, 16));
        view.wrap(memory);
        assertEquals(64, view.capacity());
        assertEquals(memory.address(), view.addressOffset());
    }

    @Test
    void wrapsANativeAddress() {
        MemorySegment memory = Arena.ofAuto().allocate(32, 8);
        SegmentBuffer view = new SegmentBuffer();
        view.wrap(memory.address() + 8, 16);
        view.putInt(0, 0x1234);
        assertEquals(0x1234, memory.get(java.lang.foreign.ValueLayout.JAVA_INT, 8));
        assertEquals(memory.address() + 8, view.addressOffset());
        assertThrows(IllegalArgumentException.class, () -> view.wrap(memory.address(), -1));
    }

    @Test
    void theEmptyBufferHasNoRoom() {
        SegmentBuffer empty = new SegmentBuffer();
        assertEquals(0, empty.capacity());
        assertThrows(IndexOutOfBoundsException.class, () -> empty.getByte(0));
        empty.boundsCheck(0, 0);
        assertFalse(empty.isExpandable());
    }

    @Test
    void allocateGivesZeroedCacheLineAlignedMemory() {
        SegmentBuffer fresh = SegmentBuffer.allocate(200);
        assertEquals(200, fresh.capacity());
        assertEquals(0, fresh.addressOffset() % 64);
        assertArrayEquals(new byte[200], bytesOf(fresh));
        assertThrows(IllegalArgumentException.class, () -> SegmentBuffer.allocate(-1));
    }

    // ---------------------------------------------------------------- identity

    @Test
    void equalityAndHashFollowContents() {
        SegmentBuffer a = SegmentBuffer.allocate(21);
        SegmentBuffer b = new SegmentBuffer(MemorySegment.ofArray(new byte[21]));
        a.putBytes(0, sequence(21));
        b.putBytes(0, sequence(21));
        assertEquals(a, b);
        assertEquals(b, a);
        assertEquals(a.hashCode(), b.hashCode());
        b.putByte(20, (byte) 99);
        assertNotEquals(a, b);
        b.putByte(20, (byte) 20);
        SegmentBuffer shorter = new SegmentBuffer();
        shorter.wrap(a, 0, 20);
        assertNotEquals(a, shorter);
        assertNotEquals(a, null);
        assertNotEquals(a, new ForeignBuffer(Backing.ARRAY, 21, 0, false).buffer, "like Agrona, only its own class");
        assertNotEquals(a, "not a buffer");
    }

    @Test
    void hashCodeIsAgronasFunctionOfTheBytes() {
        SegmentBuffer a = SegmentBuffer.allocate(13);
        a.putBytes(0, sequence(13));
        ByteBuffer bytes = ByteBuffer.wrap(sequence(13)).order(NATIVE);
        int expected = 19;
        expected = 31 * expected + Long.hashCode(bytes.getLong(0));
        for (int i = 8; i < 13; i++) {
            expected = 31 * expected + bytes.get(i);
        }
        assertEquals(expected, a.hashCode());
    }

    @Test
    void compareToUsesAgronasOrder() {
        SegmentBuffer a = SegmentBuffer.allocate(12);
        SegmentBuffer b = SegmentBuffer.allocate(12);
        ForeignBuffer foreignB = new ForeignBuffer(Backing.NEITHER, 12, 0, false);
        assertEquals(0, a.compareTo(a));
        assertEquals(0, a.compareTo(b));

        a.putByte(0, (byte) 1); // first word differs in its lowest-addressed byte
        b.putByte(7, (byte) 1); // ... and the other in its highest-addressed one
        foreignB.buffer.putByte(7, (byte) 1);
        int expected = Long.signum(Long.compare(a.getLong(0), b.getLong(0)));
        assertEquals(expected, Integer.signum(a.compareTo(b)), "words compare as native-order longs");
        assertEquals(-expected, Integer.signum(b.compareTo(a)));
        assertEquals(expected, Integer.signum(a.compareTo(foreignB.buffer)));

        b.putLong(0, a.getLong(0));
        foreignB.buffer.putLong(0, a.getLong(0));
        a.putByte(10, (byte) 0x7F);
        b.putByte(10, (byte) 0x80);
        foreignB.buffer.putByte(10, (byte) 0x80);
        assertTrue(a.compareTo(b) > 0, "tail bytes compare signed");
        assertTrue(a.compareTo(foreignB.buffer) > 0);

        b.putByte(10, (byte) 0x7F);
        SegmentBuffer prefix = new SegmentBuffer();
        prefix.wrap(b, 0, 11);
        assertTrue(prefix.compareTo(a) < 0, "a prefix sorts first");
        assertTrue(a.compareTo(prefix) > 0);
    }

    @Test
    void toStringNamesCapacityAndMemory() {
        String text = buffer.toString();
        assertTrue(text.startsWith("SegmentBuffer{") && text.contains("capacity=" + CAPACITY), text);
    }

    // ---------------------------------------------------------------- memory failures come from FFM

    @Test
    void closedMemoryFailsWithIllegalStateException() {
        Arena arena = Arena.ofConfined();
        SegmentBuffer closed = new SegmentBuffer(arena.allocate(16, 8));
        arena.close();
        assertThrows(IllegalStateException.class, () -> closed.getInt(0));
        assertThrows(IllegalStateException.class, () -> closed.putLongVolatile(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> closed.getInt(13), "bounds come first");
    }

    @Test
    void confinedMemoryFailsFromAnotherThread() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            SegmentBuffer confined = new SegmentBuffer(arena.allocate(16, 8));
            CompletableFuture<Integer> elsewhere = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    elsewhere.complete(confined.getInt(0));
                } catch (Throwable t) {
                    elsewhere.completeExceptionally(t);
                }
            });
            thread.start();
            thread.join(30_000);
            assertTrue(elsewhere.isCompletedExceptionally());
            assertInstanceOf(WrongThreadException.class, elsewhere.exceptionNow());
        }
    }

    @Test
    void readOnlyMemoryRefusesWrites() {
        buffer.putInt(0, 5);
        SegmentBuffer readOnly = new SegmentBuffer(buffer.segment().asReadOnly());
        assertEquals(5, readOnly.getIntVolatile(0));
        assertThrows(IllegalArgumentException.class, () -> readOnly.putInt(0, 1));
        assertThrows(IllegalArgumentException.class, () -> readOnly.compareAndSetInt(0, 5, 6));
        assertEquals(5, buffer.getInt(0));
    }

    // ---------------------------------------------------------------- allocation

    @Test
    void hotPathsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SegmentBuffer other = SegmentBuffer.allocate(CAPACITY);
        SegmentBuffer view = new SegmentBuffer();
        long sink = 0;
        int rounds = 20_000;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up, the second is measured
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                int at = (i & 7) * 8;
                buffer.putLong(at, i);
                sink += buffer.getLong(at) + buffer.getInt(at + 1, BIG_ENDIAN) + buffer.getShort(at + 3);
                buffer.putIntRelease(at, i);
                sink += buffer.getIntVolatile(at) + buffer.getLongAcquire(at);
                buffer.compareAndSetLong(at, i, i + 1);
                sink += buffer.getAndAddLong(at, 1) + buffer.getAndAddInt(at, 1);
                buffer.putLongRelease(at, sink);
                other.putBytes(at, buffer, 64, 60);
                buffer.setMemory(64, 64, (byte) i);
                buffer.putNaturalPaddedIntAscii(100, 6, i);
                sink += buffer.parseIntAscii(100, 6) + buffer.putLongAscii(110, -i);
                view.wrap(buffer, at, 16);
                sink += view.getInt(4);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (pass == 1) {
                assertTrue(allocated < rounds, allocated + " bytes allocated in " + rounds + " rounds (sink " + sink + ")");
            }
        }
    }

    @Test
    void everyVarHandleCallInTheseTestsIsExact() {
        assertTrue(Boolean.getBoolean("io.shmproc.memory.exactVarHandles"),
                "Surefire sets this, so that SegmentBuffer's handles throw on any call that is not exact");
        VarHandle exact = java.lang.foreign.ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
        MemorySegment memory = buffer.segment();
        assertThrows(WrongMethodTypeException.class, () -> {
            int intOffset = 0;
            int ignored = (int) exact.get(memory, intOffset); // the trap: an int offset, adapted and 5-10x slower
        });
        assertEquals(buffer.getInt(0), (int) exact.get(memory, 0L));
    }

    // ---------------------------------------------------------------- helpers

    private byte[] bytes(int index, int length) {
        byte[] out = new byte[length];
        buffer.getBytes(index, out);
        return out;
    }

    /** A byte of {@code b} at any index below its capacity, whatever its limit. */
    private static byte absolute(ByteBuffer b, int index) {
        return b.duplicate().clear().get(index);
    }

    private static byte[] bytesOf(DirectBuffer b) {
        byte[] out = new byte[b.capacity()];
        b.getBytes(0, out);
        return out;
    }

    private static byte[] sequence(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }

    /** How a {@link ForeignBuffer} exposes its memory. */
    enum Backing {
        /** {@code byteArray()} returns the array. */
        ARRAY,
        /** {@code byteBuffer()} returns a direct buffer. */
        BYTE_BUFFER,
        /** Neither: only the accessors reach the memory. */
        NEITHER
    }

    /**
     * A {@link MutableDirectBuffer} that is not a SegmentBuffer (Agrona's own need a JVM flag): a proxy over a
     * {@link ByteBuffer} answering only the methods a SegmentBuffer may call on a foreign buffer, so a call to
     * any other fails the test.
     */
    static final class ForeignBuffer implements InvocationHandler {
        final MutableDirectBuffer buffer;
        private final Backing backing;
        private final int adjustment;
        private final boolean expandable;
        private ByteBuffer memory;

        ForeignBuffer(Backing backing, int capacity, int adjustment, boolean expandable) {
            this.backing = backing;
            this.adjustment = adjustment;
            this.expandable = expandable;
            this.memory = allocate(capacity + adjustment);
            this.buffer = (MutableDirectBuffer) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {MutableDirectBuffer.class}, this);
        }

        private ByteBuffer allocate(int size) {
            ByteBuffer b = backing == Backing.BYTE_BUFFER ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
            return b.order(NATIVE);
        }

        void fill(byte[] bytes) {
            memory.put(adjustment, bytes);
        }

        byte[] contents() {
            byte[] out = new byte[memory.capacity() - adjustment];
            memory.get(adjustment, out);
            return out;
        }

        private int capacity() {
            return memory.capacity() - adjustment;
        }

        private void ensure(int index, int length) {
            if (expandable && index >= 0 && index + length > capacity()) {
                ByteBuffer grown = allocate(2 * (index + length + adjustment));
                grown.put(0, memory, 0, memory.capacity());
                memory = grown;
            }
            Objects.checkFromIndexSize(index, length, capacity());
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "capacity" -> capacity();
                case "isExpandable" -> expandable;
                case "wrapAdjustment" -> adjustment;
                case "byteArray" -> backing == Backing.ARRAY ? memory.array() : null;
                case "byteBuffer" -> backing == Backing.BYTE_BUFFER ? memory : null;
                case "checkLimit" -> {
                    ensure((int) args[0], 0);
                    yield null;
                }
                case "boundsCheck" -> {
                    Objects.checkFromIndexSize((int) args[0], (int) args[1], capacity());
                    yield null;
                }
                case "getByte" -> {
                    Objects.checkFromIndexSize((int) args[0], 1, capacity());
                    yield memory.get(adjustment + (int) args[0]);
                }
                case "getLong" -> {
                    Objects.checkFromIndexSize((int) args[0], 8, capacity());
                    yield memory.getLong(adjustment + (int) args[0]);
                }
                case "putByte" -> {
                    ensure((int) args[0], 1);
                    memory.put(adjustment + (int) args[0], (byte) args[1]);
                    yield null;
                }
                case "putLong" -> {
                    if (args.length != 2) {
                        throw new UnsupportedOperationException("putLong with a byte order");
                    }
                    ensure((int) args[0], 8);
                    memory.putLong(adjustment + (int) args[0], (long) args[1]);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "ForeignBuffer{" + backing + "}";
                default -> throw new UnsupportedOperationException("SegmentBuffer called " + method);
            };
        }
    }
}

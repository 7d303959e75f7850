package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.shmproc.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.AsciiNumberFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every accessor family of the segment-backed {@code AtomicBuffer}. A {@link ByteBuffer} over the same
 * memory is the oracle for byte layouts: what one writes, the other must read.
 */
class SegmentBufferTest {
    private static final int CAPACITY = 256;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory = arena.allocate(CAPACITY, 64);
    private final SegmentBuffer buffer = new SegmentBuffer(memory);

    @AfterEach
    void free() {
        arena.close();
    }

    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    private ByteBuffer oracle(ByteOrder order) {
        return memory.asByteBuffer().order(order);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void explicitByteOrdersMatchByteBuffer(ByteOrder order) {
        ByteBuffer view = oracle(order);
        buffer.putLong(1, 0x0102030405060708L, order);
        assertEquals(0x0102030405060708L, view.getLong(1));
        buffer.putInt(11, 0xCAFEBABE, order);
        assertEquals(0xCAFEBABE, view.getInt(11));
        buffer.putShort(17, (short) 0xBEEF, order);
        assertEquals((short) 0xBEEF, view.getShort(17));
        buffer.putChar(21, 'Ж', order);
        assertEquals('Ж', view.getChar(21));
        buffer.putFloat(25, -1.25f, order);
        assertEquals(-1.25f, view.getFloat(25));
        buffer.putDouble(33, Math.E, order);
        assertEquals(Math.E, view.getDouble(33));

        view.putLong(41, -2L).putInt(49, 77).putShort(53, (short) -9).putChar(55, 'q').putFloat(57, 0.5f).putDouble(61, -3.5);
        assertEquals(-2L, buffer.getLong(41, order));
        assertEquals(77, buffer.getInt(49, order));
        assertEquals(-9, buffer.getShort(53, order));
        assertEquals('q', buffer.getChar(55, order));
        assertEquals(0.5f, buffer.getFloat(57, order));
        assertEquals(-3.5, buffer.getDouble(61, order));
    }

    @Test
    void plainAccessorsUseNativeOrderAtAnyIndex() {
        ByteBuffer view = oracle(ByteOrder.nativeOrder());
        buffer.putLong(3, Long.MIN_VALUE);
        buffer.putInt(13, -5);
        buffer.putShort(19, Short.MAX_VALUE);
        buffer.putChar(23, '\uFFFF');
        buffer.putFloat(27, Float.NaN);
        buffer.putDouble(35, Double.MAX_VALUE);
        buffer.putByte(45, (byte) -1);
        assertEquals(Long.MIN_VALUE, view.getLong(3));
        assertEquals(-5, view.getInt(13));
        assertEquals(Short.MAX_VALUE, view.getShort(19));
        assertEquals('\uFFFF', view.getChar(23));
        assertTrue(Float.isNaN(view.getFloat(27)));
        assertEquals(Double.MAX_VALUE, view.getDouble(35));
        assertEquals(-1, view.get(45));
        assertEquals(Long.MIN_VALUE, buffer.getLong(3));
        assertEquals(-5, buffer.getInt(13));
        assertEquals(Short.MAX_VALUE, buffer.getShort(19));
        assertEquals('\uFFFF', buffer.getChar(23));
        assertTrue(Float.isNaN(buffer.getFloat(27)));
        assertEquals(Double.MAX_VALUE, buffer.getDouble(35));
        assertEquals(-1, buffer.getByte(45));
    }

    @Test
    void orderedAccessFamiliesOnLongs() {
        buffer.putLongVolatile(8, 1);
        assertEquals(1, buffer.getLongVolatile(8));
        buffer.putLongRelease(8, 2);
        assertEquals(2, buffer.getLongAcquire(8));
        buffer.putLongOrdered(8, 3);
        assertEquals(3, buffer.getLongOpaque(8));
        buffer.putLongOpaque(8, 4);
        assertEquals(4, buffer.getLong(8));
        assertEquals(4, buffer.addLongOrdered(8, 10));
        assertEquals(14, buffer.addLongRelease(8, 1));
        assertEquals(15, buffer.addLongOpaque(8, 1));
        assertTrue(buffer.compareAndSetLong(8, 16, 20));
        assertFalse(buffer.compareAndSetLong(8, 16, 21));
        assertEquals(20, buffer.compareAndExchangeLong(8, 0, 1));
        assertEquals(20, buffer.compareAndExchangeLong(8, 20, 30));
        assertEquals(30, buffer.getAndSetLong(8, 40));
        assertEquals(40, buffer.getAndAddLong(8, -41));
        assertEquals(-1, buffer.getLongVolatile(8));
    }

    @Test
    void orderedAccessFamiliesOnIntsShortsCharsAndBytes() {
        buffer.putIntVolatile(4, 1);
        assertEquals(1, buffer.getIntVolatile(4));
        buffer.putIntRelease(4, 2);
        assertEquals(2, buffer.getIntAcquire(4));
        buffer.putIntOrdered(4, 3);
        assertEquals(3, buffer.getIntOpaque(4));
        buffer.putIntOpaque(4, 4);
        assertEquals(4, buffer.addIntOrdered(4, 10));
        assertEquals(14, buffer.addIntRelease(4, 1));
        assertEquals(15, buffer.addIntOpaque(4, 1));
        assertTrue(buffer.compareAndSetInt(4, 16, 20));
        assertFalse(buffer.compareAndSetInt(4, 16, 21));
        assertEquals(20, buffer.compareAndExchangeInt(4, 20, 30));
        assertEquals(30, buffer.getAndSetInt(4, 40));
        assertEquals(40, buffer.getAndAddInt(4, 2));
        assertEquals(42, buffer.getInt(4));

        buffer.putShortVolatile(10, (short) -3);
        assertEquals(-3, buffer.getShortVolatile(10));
        buffer.putCharVolatile(12, 'x');
        assertEquals('x', buffer.getCharVolatile(12));
        buffer.putByteVolatile(14, (byte) 9);
        assertEquals(9, buffer.getByteVolatile(14));
    }

    @Test
    void atomicAccessNeedsNaturalAlignment() {
        assertThrows(IllegalArgumentException.class, () -> buffer.getLongVolatile(4));
        assertThrows(IllegalArgumentException.class, () -> buffer.compareAndSetInt(2, 0, 1));
        assertDoesNotThrow(() -> buffer.getLong(4), "plain access may be unaligned");
    }

    @Test
    void getAndAddFromManyThreadsLosesNothing() throws Exception {
        Concurrently.run(4, 100_000, () -> {
            buffer.getAndAddLong(0, 1);
            buffer.getAndAddInt(8, 1);
        });
        assertEquals(400_000, buffer.getLongVolatile(0));
        assertEquals(400_000, buffer.getIntVolatile(8));
    }

    @Test
    void asciiStringsAreLengthPrefixedLittleEndianUnlessAnOrderIsGiven() {
        assertEquals(9, buffer.putStringAscii(0, "hello"));
        assertEquals(5, oracle(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals("hello", new String(bytesAt(4, 5), StandardCharsets.US_ASCII));
        assertEquals("hello", buffer.getStringAscii(0));
        assertEquals("hel", buffer.getStringAscii(0, 3), "a prefix of the string after the length");

        assertEquals(7, buffer.putStringAscii(20, "abc", ByteOrder.BIG_ENDIAN));
        assertEquals(3, oracle(ByteOrder.BIG_ENDIAN).getInt(20));
        assertEquals("abc", buffer.getStringAscii(20, ByteOrder.BIG_ENDIAN));
        StringBuilder out = new StringBuilder();
        assertEquals(3, buffer.getStringAscii(20, out, ByteOrder.BIG_ENDIAN));
        assertEquals("abc", out.toString());

        assertEquals(7, buffer.putStringAscii(40, (CharSequence) new StringBuilder("xyz")));
        out.setLength(0);
        assertEquals(3, buffer.getStringAscii(40, out));
        assertEquals("xyz", out.toString());
        out.setLength(0);
        assertEquals(2, buffer.getStringAscii(40, 2, out));
        assertEquals("xy", out.toString());

        assertEquals(6, buffer.putStringAscii(60, "né"), "non-ASCII characters become '?'");
        assertEquals("n?", buffer.getStringAscii(60));
        assertEquals(4, buffer.putStringAscii(70, (String) null));
        assertEquals("", buffer.getStringAscii(70));
    }

    @Test
    void asciiStringsWithoutLength() {
        assertEquals(5, buffer.putStringWithoutLengthAscii(0, "hello"));
        assertEquals("hello", buffer.getStringWithoutLengthAscii(0, 5));
        assertEquals(3, buffer.putStringWithoutLengthAscii(10, "abcdef", 2, 3));
        assertEquals("cde", buffer.getStringWithoutLengthAscii(10, 3));
        assertEquals(2, buffer.putStringWithoutLengthAscii(20, (CharSequence) "xyz", 1, 5), "stops at the end of the value");
        StringBuilder out = new StringBuilder();
        assertEquals(2, buffer.getStringWithoutLengthAscii(20, 2, out));
        assertEquals("yz", out.toString());
        assertEquals(2, buffer.putStringWithoutLengthAscii(30, (CharSequence) "ab"));
        assertEquals("ab", buffer.getStringWithoutLengthAscii(30, 2));
    }

    @Test
    void utf8Strings() {
        String text = "Zoë 🙂";
        int encoded = text.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(4 + encoded, buffer.putStringUtf8(0, text));
        assertEquals(encoded, oracle(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals(text, buffer.getStringUtf8(0));
        assertEquals("Zo", buffer.getStringUtf8(0, 2));
        assertEquals(4 + encoded, buffer.putStringUtf8(50, text, ByteOrder.BIG_ENDIAN));
        assertEquals(text, buffer.getStringUtf8(50, ByteOrder.BIG_ENDIAN));
        assertEquals(4 + encoded, buffer.putStringUtf8(100, text, encoded));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.putStringUtf8(100, text, encoded - 1));
        assertTrue(e.getMessage().contains(Integer.toString(encoded)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> buffer.putStringUtf8(100, text, ByteOrder.BIG_ENDIAN, 1));
        assertEquals(encoded, buffer.putStringWithoutLengthUtf8(150, text));
        assertEquals(text, buffer.getStringWithoutLengthUtf8(150, encoded));
    }

    @Test
    void asciiNumbers() {
        assertEquals(1, buffer.putIntAscii(0, 0));
        assertEquals("0", ascii(0, 1));
        assertEquals(11, buffer.putIntAscii(0, Integer.MIN_VALUE));
        assertEquals("-2147483648", ascii(0, 11));
        assertEquals(Integer.MIN_VALUE, buffer.parseIntAscii(0, 11));
        assertEquals(3, buffer.putIntAscii(20, -42));
        assertEquals(-42, buffer.parseIntAscii(20, 3));
        assertEquals(10, buffer.putNaturalIntAscii(30, Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, buffer.parseNaturalIntAscii(30, 10));
        assertEquals(20, buffer.putLongAscii(50, Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, buffer.parseLongAscii(50, 20));
        assertEquals(19, buffer.putNaturalLongAscii(80, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, buffer.parseNaturalLongAscii(80, 19));
        assertEquals(4, buffer.putLongAscii(100, -123));
        assertEquals("-123", ascii(100, 4));

        buffer.putNaturalPaddedIntAscii(110, 6, 42);
        assertEquals("000042", ascii(110, 6));
        assertThrows(NumberFormatException.class, () -> buffer.putNaturalPaddedIntAscii(110, 2, 420));
        assertEquals("000042", ascii(110, 6), "nothing written when it does not fit");
        assertEquals(125, buffer.putNaturalIntAsciiFromEnd(12345, 130));
        assertEquals("12345", ascii(125, 5));

        buffer.putStringWithoutLengthAscii(140, "12x4");
        assertThrows(AsciiNumberFormatException.class, () -> buffer.parseIntAscii(140, 4));
        buffer.putStringWithoutLengthAscii(150, "-5");
        assertThrows(AsciiNumberFormatException.class, () -> buffer.parseNaturalIntAscii(150, 2));
        assertEquals(-5, buffer.parseLongAscii(150, 2));
    }

    @Test
    void bytesToAndFromArraysBuffersAndOtherBuffers() {
        byte[] src = {1, 2, 3, 4, 5, 6};
        buffer.putBytes(0, src);
        buffer.putBytes(10, src, 2, 3);
        byte[] dst = new byte[6];
        buffer.getBytes(0, dst);
        assertArrayEquals(src, dst);
        byte[] part = new byte[5];
        buffer.getBytes(10, part, 1, 3);
        assertArrayEquals(new byte[] {0, 3, 4, 5, 0}, part);

        ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        heap.position(1);
        buffer.putBytes(20, heap, 2);
        assertEquals(3, heap.position(), "the relative form advances the source position");
        assertArrayEquals(new byte[] {8, 7}, bytesAt(20, 2));
        buffer.putBytes(30, heap, 0, 4);
        assertEquals(3, heap.position(), "the absolute form leaves it");
        assertArrayEquals(new byte[] {9, 8, 7, 6}, bytesAt(30, 4));

        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        buffer.getBytes(30, direct, 4);
        assertEquals(4, direct.position());
        buffer.getBytes(0, direct, 4, 4);
        assertEquals(4, direct.position());
        assertEquals(9, direct.get(0));
        assertEquals(1, direct.get(4));

        SegmentBuffer other = new SegmentBuffer(new byte[16]);
        buffer.getBytes(0, other, 2, 6);
        assertEquals(6, other.getByte(7));
        buffer.putBytes(40, other, 2, 6);
        assertArrayEquals(src, bytesAt(40, 6));
    }

    @Test
    void setMemoryFillsExactlyTheRange() {
        buffer.setMemory(5, 10, (byte) 0x7A);
        assertEquals(0, buffer.getByte(4));
        assertEquals(0x7A, buffer.getByte(5));
        assertEquals(0x7A, buffer.getByte(14));
        assertEquals(0, buffer.getByte(15));
    }

    @Test
    void outOfRangeIndexesThrowIndexOutOfBounds() {
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getByte(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getByte(CAPACITY));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getInt(CAPACITY - 3));
        assertDoesNotThrow(() -> buffer.getInt(CAPACITY - 4));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putLong(CAPACITY - 7, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getLongVolatile(CAPACITY));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(CAPACITY - 2, new byte[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.setMemory(CAPACITY - 1, 2, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putStringAscii(CAPACITY - 4, "x"));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> buffer.boundsCheck(250, 10));
        assertTrue(e.getMessage().contains("index=250") && e.getMessage().contains("length=10")
                && e.getMessage().contains("capacity=256"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.boundsCheck(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.checkLimit(CAPACITY + 1));
        assertDoesNotThrow(() -> buffer.checkLimit(CAPACITY));
    }

    @Test
    void alignmentIsVerifiedForAtomicUse() {
        assertDoesNotThrow(buffer::verifyAlignment);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SegmentBuffer(memory.asSlice(4)).verifyAlignment());
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new SegmentBuffer(new byte[64]).verifyAlignment());
    }

    @Test
    void wrappingSharesTheWrappedMemory() {
        byte[] bytes = new byte[32];
        SegmentBuffer onArray = new SegmentBuffer(new byte[1]);
        onArray.wrap(bytes, 8, 16);
        assertSame(bytes, onArray.byteArray());
        assertEquals(8, onArray.wrapAdjustment());
        assertEquals(16, onArray.capacity());
        onArray.putByte(0, (byte) 5);
        assertEquals(5, bytes[8]);
        assertNull(onArray.byteBuffer());

        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        SegmentBuffer onBuffer = new SegmentBuffer(new byte[1]);
        onBuffer.wrap(direct, 4, 8);
        assertSame(direct, onBuffer.byteBuffer());
        assertNull(onBuffer.byteArray());
        onBuffer.putInt(0, 7);
        assertEquals(7, direct.order(ByteOrder.nativeOrder()).getInt(4));

        SegmentBuffer slice = new SegmentBuffer(new byte[1]);
        slice.wrap(buffer, 16, 32);
        slice.putLong(0, 99);
        assertEquals(99, buffer.getLong(16));
        assertEquals(buffer.addressOffset() + 16, slice.addressOffset());
        assertThrows(IndexOutOfBoundsException.class, () -> slice.wrap(buffer, 250, 10));

        SegmentBuffer byAddress = new SegmentBuffer(new byte[1]);
        byAddress.wrap(buffer.addressOffset(), 8);
        assertEquals(8, byAddress.capacity());
        byAddress.wrap((org.agrona.DirectBuffer) slice);
        assertEquals(99, byAddress.getLong(0));
        assertFalse(byAddress.isExpandable());
    }

    @Test
    void equalityAndOrderAreByContent() {
        SegmentBuffer a = new SegmentBuffer(new byte[] {1, 2, 3});
        SegmentBuffer b = new SegmentBuffer(new byte[] {1, 2, 3});
        SegmentBuffer c = new SegmentBuffer(new byte[] {1, 2, 4});
        SegmentBuffer shorter = new SegmentBuffer(new byte[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals(0, a.compareTo(b));
        assertTrue(a.compareTo(c) < 0);
        assertTrue(c.compareTo(a) > 0);
        assertTrue(shorter.compareTo(a) < 0);
        assertTrue(new SegmentBuffer(new byte[] {-1}).compareTo(new SegmentBuffer(new byte[] {1})) < 0, "bytes compare signed");
    }

    private byte[] bytesAt(int index, int length) {
        byte[] out = new byte[length];
        buffer.getBytes(index, out);
        return out;
    }

    private String ascii(int index, int length) {
        return new String(bytesAt(index, length), StandardCharsets.US_ASCII);
    }
}

package io.shmproc.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.AsciiEncoding;
import org.agrona.AsciiNumberFormatException;
import org.agrona.AsciiSequenceView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Agrona's {@link AtomicBuffer} over a {@link MemorySegment}: every access goes through a
 * bounds-checked {@link VarHandle}, so Agrona's ring buffers, counters and codecs run on a mapped file
 * with no {@code sun.misc.Unsafe} and no JVM flags.
 *
 * <pre>{@code
 * MemorySegment mapped = channel.map(READ_WRITE, 0, (1 << 20) + RingBufferDescriptor.TRAILER_LENGTH, arena);
 * ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new SegmentBuffer(mapped));
 * ring.write(1, message, 0, message.capacity());       // another process: ring.read(handler)
 * }</pre>
 *
 * <p>Semantics follow {@code UnsafeBuffer}: plain accessors use native byte order unless a
 * {@link ByteOrder} is given; {@code Volatile}, {@code Acquire}/{@code Release}, {@code Opaque} and the
 * atomic operations are {@link VarHandle} access modes of the same names ({@code Ordered} is
 * {@code Release}), and need the index naturally aligned (see {@link #verifyAlignment()}); an
 * out-of-range index throws {@link IndexOutOfBoundsException}. Length-prefixed strings carry an
 * {@code int} prefix in little-endian order unless a {@link ByteOrder} is given, as Agrona writes them.
 *
 * <p>A {@code SegmentBuffer} is stateless apart from what it wraps: concurrent use is safe, except of
 * the {@code wrap} methods. {@link #byteArray()} and {@link #byteBuffer()} return what was wrapped, or
 * {@code null} for native memory; {@link #addressOffset()} is the native address (or, for a byte
 * array, the offset into it).
 */
public final class SegmentBuffer implements AtomicBuffer {
    // Static final so the JIT folds them; always invoked with long offsets, or they miss their exact type.
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.varHandle();
    private static final VarHandle CHAR = ValueLayout.JAVA_CHAR_UNALIGNED.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT_UNALIGNED.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();
    private static final VarHandle FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.varHandle();
    private static final VarHandle DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.varHandle();
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle ATOMIC_SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final VarHandle ATOMIC_CHAR = ValueLayout.JAVA_CHAR.varHandle();
    private static final VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int STRING_PREFIX = Integer.BYTES;

    private MemorySegment segment;
    private byte[] array;
    private ByteBuffer buffer;

    /** Wraps {@code segment}, which must be writable for the {@code put} methods. */
    public SegmentBuffer(MemorySegment segment) {
        wrap(segment);
    }

    /** Wraps {@code bytes} (on the heap: fine for tests and codecs, but not shared between processes). */
    public SegmentBuffer(byte[] bytes) {
        wrap(bytes);
    }

    /** Re-points this buffer at {@code memory}. Not thread-safe. */
    public void wrap(MemorySegment memory) {
        if (memory.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a buffer holds at most " + Integer.MAX_VALUE + " bytes (int indexes), but the segment has "
                    + memory.byteSize() + ": wrap a slice of it");
        }
        this.segment = memory;
        this.array = null;
        this.buffer = null;
    }

    /** @return the memory this buffer accesses */
    public MemorySegment segment() {
        return segment;
    }

    // ---------------------------------------------------------------- wrapping

    @Override
    public void wrap(byte[] bytes) {
        wrap(MemorySegment.ofArray(bytes));
        this.array = bytes;
    }

    @Override
    public void wrap(byte[] bytes, int offset, int length) {
        wrap(MemorySegment.ofArray(bytes).asSlice(offset, length));
        this.array = bytes;
    }

    @Override
    public void wrap(ByteBuffer byteBuffer) {
        wrap(byteBuffer, 0, byteBuffer.capacity());
    }

    @Override
    public void wrap(ByteBuffer byteBuffer, int offset, int length) {
        wrap(MemorySegment.ofBuffer(byteBuffer.duplicate().clear()).asSlice(offset, length));
        this.buffer = byteBuffer;
        this.array = byteBuffer.hasArray() ? byteBuffer.array() : null;
    }

    @Override
    public void wrap(DirectBuffer other) {
        wrap(other, 0, other.capacity());
    }

    @Override
    public void wrap(DirectBuffer other, int offset, int length) {
        other.boundsCheck(offset, length);
        if (other instanceof SegmentBuffer segmentBuffer) {
            MemorySegment slice = segmentBuffer.segment.asSlice(offset, length);
            byte[] bytes = segmentBuffer.array;
            ByteBuffer byteBuffer = segmentBuffer.buffer;
            wrap(slice);
            this.array = bytes;
            this.buffer = byteBuffer;
        } else if (other.byteArray() != null) {
            wrap(other.byteArray(), other.wrapAdjustment() + offset, length);
        } else if (other.byteBuffer() != null) {
            wrap(other.byteBuffer(), other.wrapAdjustment() + offset, length);
        } else {
            wrap(other.addressOffset() + offset, length);
        }
    }

    /**
     * Wraps native memory at {@code address}. This trusts the address, so it is a restricted FFM
     * operation: the JVM warns once unless native access is enabled for shmproc's module.
     */
    @Override
    public void wrap(long address, int length) {
        wrap(MemorySegment.ofAddress(address).reinterpret(length));
    }

    @Override
    public long addressOffset() {
        return segment.address();
    }

    @Override
    public byte[] byteArray() {
        return array;
    }

    @Override
    public ByteBuffer byteBuffer() {
        return buffer;
    }

    @Override
    public int wrapAdjustment() {
        return array != null ? (int) segment.address() : 0;
    }

    @Override
    public boolean isExpandable() {
        return false;
    }

    @Override
    public int capacity() {
        return (int) segment.byteSize();
    }

    @Override
    public void checkLimit(int limit) {
        if (limit > capacity()) {
            throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + capacity());
        }
    }

    @Override
    public void boundsCheck(int index, int length) {
        if (index < 0 || length < 0 || (long) index + length > capacity()) {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + length + " capacity=" + capacity());
        }
    }

    /**
     * @throws IllegalStateException unless the buffer starts 8-byte aligned in native memory, as
     *                               Agrona's rings and counters require for their atomic accesses
     */
    @Override
    public void verifyAlignment() {
        if (!segment.isNative() && array != null) {
            throw new IllegalStateException("a buffer over a byte[] cannot guarantee 8-byte alignment for atomic access: "
                    + "use native or mapped memory");
        }
        if ((segment.address() & (ALIGNMENT - 1)) != 0) {
            throw new IllegalStateException("buffer address " + segment.address() + " is not aligned to " + ALIGNMENT
                    + " bytes: start it at an aligned offset");
        }
    }

    @Override
    public void setMemory(int index, int length, byte value) {
        boundsCheck(index, length);
        segment.asSlice(index, length).fill(value);
    }

    // ---------------------------------------------------------------- long

    @Override
    public long getLong(int index) {
        return (long) LONG.get(segment, (long) index);
    }

    @Override
    public long getLong(int index, ByteOrder order) {
        long value = (long) LONG.get(segment, (long) index);
        return order == NATIVE ? value : Long.reverseBytes(value);
    }

    @Override
    public void putLong(int index, long value) {
        LONG.set(segment, (long) index, value);
    }

    @Override
    public void putLong(int index, long value, ByteOrder order) {
        LONG.set(segment, (long) index, order == NATIVE ? value : Long.reverseBytes(value));
    }

    @Override
    public long getLongVolatile(int index) {
        return (long) ATOMIC_LONG.getVolatile(segment, (long) index);
    }

    @Override
    public long getLongAcquire(int index) {
        return (long) ATOMIC_LONG.getAcquire(segment, (long) index);
    }

    @Override
    public long getLongOpaque(int index) {
        return (long) ATOMIC_LONG.getOpaque(segment, (long) index);
    }

    @Override
    public void putLongVolatile(int index, long value) {
        ATOMIC_LONG.setVolatile(segment, (long) index, value);
    }

    @Override
    public void putLongOrdered(int index, long value) {
        ATOMIC_LONG.setRelease(segment, (long) index, value);
    }

    @Override
    public void putLongRelease(int index, long value) {
        ATOMIC_LONG.setRelease(segment, (long) index, value);
    }

    @Override
    public void putLongOpaque(int index, long value) {
        ATOMIC_LONG.setOpaque(segment, (long) index, value);
    }

    // Single-writer increments, as Agrona defines them: a plain read, then an ordered write.
    @Override
    public long addLongOrdered(int index, long increment) {
        long value = getLong(index);
        putLongRelease(index, value + increment);
        return value;
    }

    @Override
    public long addLongRelease(int index, long increment) {
        long value = getLong(index);
        putLongRelease(index, value + increment);
        return value;
    }

    @Override
    public long addLongOpaque(int index, long increment) {
        long value = getLong(index);
        putLongOpaque(index, value + increment);
        return value;
    }

    @Override
    public boolean compareAndSetLong(int index, long expectedValue, long updateValue) {
        return ATOMIC_LONG.compareAndSet(segment, (long) index, expectedValue, updateValue);
    }

    @Override
    public long compareAndExchangeLong(int index, long expectedValue, long updateValue) {
        return (long) ATOMIC_LONG.compareAndExchange(segment, (long) index, expectedValue, updateValue);
    }

    @Override
    public long getAndSetLong(int index, long value) {
        return (long) ATOMIC_LONG.getAndSet(segment, (long) index, value);
    }

    @Override
    public long getAndAddLong(int index, long delta) {
        return (long) ATOMIC_LONG.getAndAdd(segment, (long) index, delta);
    }

    // ---------------------------------------------------------------- int

    @Override
    public int getInt(int index) {
        return (int) INT.get(segment, (long) index);
    }

    @Override
    public int getInt(int index, ByteOrder order) {
        int value = (int) INT.get(segment, (long) index);
        return order == NATIVE ? value : Integer.reverseBytes(value);
    }

    @Override
    public void putInt(int index, int value) {
        INT.set(segment, (long) index, value);
    }

    @Override
    public void putInt(int index, int value, ByteOrder order) {
        INT.set(segment, (long) index, order == NATIVE ? value : Integer.reverseBytes(value));
    }

    @Override
    public int getIntVolatile(int index) {
        return (int) ATOMIC_INT.getVolatile(segment, (long) index);
    }

    @Override
    public int getIntAcquire(int index) {
        return (int) ATOMIC_INT.getAcquire(segment, (long) index);
    }

    @Override
    public int getIntOpaque(int index) {
        return (int) ATOMIC_INT.getOpaque(segment, (long) index);
    }

    @Override
    public void putIntVolatile(int index, int value) {
        ATOMIC_INT.setVolatile(segment, (long) index, value);
    }

    @Override
    public void putIntOrdered(int index, int value) {
        ATOMIC_INT.setRelease(segment, (long) index, value);
    }

    @Override
    public void putIntRelease(int index, int value) {
        ATOMIC_INT.setRelease(segment, (long) index, value);
    }

    @Override
    public void putIntOpaque(int index, int value) {
        ATOMIC_INT.setOpaque(segment, (long) index, value);
    }

    @Override
    public int addIntOrdered(int index, int increment) {
        int value = getInt(index);
        putIntRelease(index, value + increment);
        return value;
    }

    @Override
    public int addIntRelease(int index, int increment) {
        int value = getInt(index);
        putIntRelease(index, value + increment);
        return value;
    }

    @Override
    public int addIntOpaque(int index, int increment) {
        int value = getInt(index);
        putIntOpaque(index, value + increment);
        return value;
    }

    @Override
    public boolean compareAndSetInt(int index, int expectedValue, int updateValue) {
        return ATOMIC_INT.compareAndSet(segment, (long) index, expectedValue, updateValue);
    }

    @Override
    public int compareAndExchangeInt(int index, int expectedValue, int updateValue) {
        return (int) ATOMIC_INT.compareAndExchange(segment, (long) index, expectedValue, updateValue);
    }

    @Override
    public int getAndSetInt(int index, int value) {
        return (int) ATOMIC_INT.getAndSet(segment, (long) index, value);
    }

    @Override
    public int getAndAddInt(int index, int delta) {
        return (int) ATOMIC_INT.getAndAdd(segment, (long) index, delta);
    }

    // ---------------------------------------------------------------- short, char, byte, float, double

    @Override
    public short getShort(int index) {
        return (short) SHORT.get(segment, (long) index);
    }

    @Override
    public short getShort(int index, ByteOrder order) {
        short value = (short) SHORT.get(segment, (long) index);
        return order == NATIVE ? value : Short.reverseBytes(value);
    }

    @Override
    public void putShort(int index, short value) {
        SHORT.set(segment, (long) index, value);
    }

    @Override
    public void putShort(int index, short value, ByteOrder order) {
        SHORT.set(segment, (long) index, order == NATIVE ? value : Short.reverseBytes(value));
    }

    @Override
    public short getShortVolatile(int index) {
        return (short) ATOMIC_SHORT.getVolatile(segment, (long) index);
    }

    @Override
    public void putShortVolatile(int index, short value) {
        ATOMIC_SHORT.setVolatile(segment, (long) index, value);
    }

    @Override
    public char getChar(int index) {
        return (char) CHAR.get(segment, (long) index);
    }

    @Override
    public char getChar(int index, ByteOrder order) {
        char value = (char) CHAR.get(segment, (long) index);
        return order == NATIVE ? value : Character.reverseBytes(value);
    }

    @Override
    public void putChar(int index, char value) {
        CHAR.set(segment, (long) index, value);
    }

    @Override
    public void putChar(int index, char value, ByteOrder order) {
        CHAR.set(segment, (long) index, order == NATIVE ? value : Character.reverseBytes(value));
    }

    @Override
    public char getCharVolatile(int index) {
        return (char) ATOMIC_CHAR.getVolatile(segment, (long) index);
    }

    @Override
    public void putCharVolatile(int index, char value) {
        ATOMIC_CHAR.setVolatile(segment, (long) index, value);
    }

    @Override
    public byte getByte(int index) {
        return (byte) BYTE.get(segment, (long) index);
    }

    @Override
    public void putByte(int index, byte value) {
        BYTE.set(segment, (long) index, value);
    }

    @Override
    public byte getByteVolatile(int index) {
        return (byte) BYTE.getVolatile(segment, (long) index);
    }

    @Override
    public void putByteVolatile(int index, byte value) {
        BYTE.setVolatile(segment, (long) index, value);
    }

    @Override
    public float getFloat(int index) {
        return (float) FLOAT.get(segment, (long) index);
    }

    @Override
    public float getFloat(int index, ByteOrder order) {
        return order == NATIVE ? getFloat(index) : Float.intBitsToFloat(getInt(index, order));
    }

    @Override
    public void putFloat(int index, float value) {
        FLOAT.set(segment, (long) index, value);
    }

    @Override
    public void putFloat(int index, float value, ByteOrder order) {
        if (order == NATIVE) {
            putFloat(index, value);
        } else {
            putInt(index, Float.floatToRawIntBits(value), order);
        }
    }

    @Override
    public double getDouble(int index) {
        return (double) DOUBLE.get(segment, (long) index);
    }

    @Override
    public double getDouble(int index, ByteOrder order) {
        return order == NATIVE ? getDouble(index) : Double.longBitsToDouble(getLong(index, order));
    }

    @Override
    public void putDouble(int index, double value) {
        DOUBLE.set(segment, (long) index, value);
    }

    @Override
    public void putDouble(int index, double value, ByteOrder order) {
        if (order == NATIVE) {
            putDouble(index, value);
        } else {
            putLong(index, Double.doubleToRawLongBits(value), order);
        }
    }

    // ---------------------------------------------------------------- bytes

    @Override
    public void getBytes(int index, byte[] dst) {
        getBytes(index, dst, 0, dst.length);
    }

    @Override
    public void getBytes(int index, byte[] dst, int offset, int length) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, index, dst, offset, length);
    }

    @Override
    public void getBytes(int index, MutableDirectBuffer dstBuffer, int dstIndex, int length) {
        dstBuffer.putBytes(dstIndex, this, index, length);
    }

    /** Copies into {@code dstBuffer} from its position, and advances the position by {@code length}. */
    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int length) {
        int position = dstBuffer.position();
        getBytes(index, dstBuffer, position, length);
        dstBuffer.position(position + length);
    }

    /** Copies into {@code dstBuffer} at absolute {@code dstOffset}, leaving its position alone. */
    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int dstOffset, int length) {
        boundsCheck(index, length);
        MemorySegment.copy(segment, index, bufferSegment(dstBuffer), dstOffset, length);
    }

    @Override
    public void putBytes(int index, byte[] src) {
        putBytes(index, src, 0, src.length);
    }

    @Override
    public void putBytes(int index, byte[] src, int offset, int length) {
        MemorySegment.copy(src, offset, segment, ValueLayout.JAVA_BYTE, index, length);
    }

    /** Copies from {@code srcBuffer}'s position, and advances the position by {@code length}. */
    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int length) {
        int position = srcBuffer.position();
        putBytes(index, srcBuffer, position, length);
        srcBuffer.position(position + length);
    }

    /** Copies from {@code srcBuffer} at absolute {@code srcIndex}, leaving its position alone. */
    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int srcIndex, int length) {
        boundsCheck(index, length);
        MemorySegment.copy(bufferSegment(srcBuffer), srcIndex, segment, index, length);
    }

    @Override
    public void putBytes(int index, DirectBuffer srcBuffer, int srcIndex, int length) {
        boundsCheck(index, length);
        srcBuffer.boundsCheck(srcIndex, length);
        if (srcBuffer instanceof SegmentBuffer source) {
            MemorySegment.copy(source.segment, srcIndex, segment, index, length);
        } else if (srcBuffer.byteArray() != null) {
            MemorySegment.copy(srcBuffer.byteArray(), srcBuffer.wrapAdjustment() + srcIndex, segment,
                    ValueLayout.JAVA_BYTE, index, length);
        } else {
            for (int i = 0; i < length; i++) { // another kind of buffer over native memory: no bulk path to it
                putByte(index + i, srcBuffer.getByte(srcIndex + i));
            }
        }
    }

    private static MemorySegment bufferSegment(ByteBuffer buffer) {
        return MemorySegment.ofBuffer(buffer.duplicate().clear());
    }

    // ---------------------------------------------------------------- ASCII numbers

    @Override
    public int parseNaturalIntAscii(int index, int length) {
        requireNatural(index, length);
        return AsciiEncoding.parseIntAscii(new AsciiSequenceView(this, index, length), 0, length);
    }

    @Override
    public long parseNaturalLongAscii(int index, int length) {
        requireNatural(index, length);
        return AsciiEncoding.parseLongAscii(new AsciiSequenceView(this, index, length), 0, length);
    }

    @Override
    public int parseIntAscii(int index, int length) {
        boundsCheck(index, length);
        return AsciiEncoding.parseIntAscii(new AsciiSequenceView(this, index, length), 0, length);
    }

    @Override
    public long parseLongAscii(int index, int length) {
        boundsCheck(index, length);
        return AsciiEncoding.parseLongAscii(new AsciiSequenceView(this, index, length), 0, length);
    }

    private void requireNatural(int index, int length) {
        boundsCheck(index, length);
        if (length > 0 && !AsciiEncoding.isDigit(getByte(index))) {
            throw new AsciiNumberFormatException("'" + (char) getByte(index) + "' at index " + index
                    + " is not a digit: natural numbers have no sign");
        }
    }

    @Override
    public int putIntAscii(int index, int value) {
        if (value >= 0) {
            return putNaturalIntAscii(index, value);
        }
        if (value == Integer.MIN_VALUE) {
            putBytes(index, AsciiEncoding.MIN_INTEGER_VALUE);
            return AsciiEncoding.MIN_INTEGER_VALUE.length;
        }
        putByte(index, AsciiEncoding.MINUS_SIGN);
        return 1 + putNaturalIntAscii(index + 1, -value);
    }

    @Override
    public int putLongAscii(int index, long value) {
        if (value >= 0) {
            return putNaturalLongAscii(index, value);
        }
        if (value == Long.MIN_VALUE) {
            putBytes(index, AsciiEncoding.MIN_LONG_VALUE);
            return AsciiEncoding.MIN_LONG_VALUE.length;
        }
        putByte(index, AsciiEncoding.MINUS_SIGN);
        return 1 + putNaturalLongAscii(index + 1, -value);
    }

    @Override
    public int putNaturalIntAscii(int index, int value) {
        return putNaturalLongAscii(index, value);
    }

    @Override
    public int putNaturalLongAscii(int index, long value) {
        int digits = AsciiEncoding.digitCount(value);
        boundsCheck(index, digits);
        writeDigitsBackwards(index + digits, value, digits);
        return digits;
    }

    /**
     * @throws NumberFormatException if {@code value} needs more than {@code length} digits (nothing is written)
     */
    @Override
    public void putNaturalPaddedIntAscii(int offset, int length, int value) {
        int digits = AsciiEncoding.digitCount(value);
        if (value < 0 || digits > length) {
            throw new NumberFormatException(value + " does not fit in " + length + " digits");
        }
        boundsCheck(offset, length);
        int padding = length - digits;
        for (int i = 0; i < padding; i++) {
            putByte(offset + i, AsciiEncoding.ZERO);
        }
        writeDigitsBackwards(offset + length, value, digits);
    }

    @Override
    public int putNaturalIntAsciiFromEnd(int value, int endExclusive) {
        int digits = AsciiEncoding.digitCount(value);
        int start = endExclusive - digits;
        boundsCheck(start, digits);
        writeDigitsBackwards(endExclusive, value, digits);
        return start;
    }

    private void writeDigitsBackwards(int endExclusive, long value, int digits) {
        long remaining = value;
        for (int i = 1; i <= digits; i++) {
            putByte(endExclusive - i, (byte) (AsciiEncoding.ZERO + (int) (remaining % 10)));
            remaining /= 10;
        }
    }

    // ---------------------------------------------------------------- strings

    @Override
    public String getStringAscii(int index) {
        return getStringAscii(index, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int getStringAscii(int index, Appendable appendable) {
        return getStringAscii(index, appendable, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String getStringAscii(int index, ByteOrder byteOrder) {
        return getStringWithoutLengthAscii(index + STRING_PREFIX, getInt(index, byteOrder));
    }

    @Override
    public int getStringAscii(int index, Appendable appendable, ByteOrder byteOrder) {
        return getStringWithoutLengthAscii(index + STRING_PREFIX, getInt(index, byteOrder), appendable);
    }

    /** @return {@code length} bytes after the length prefix at {@code index}, as ASCII */
    @Override
    public String getStringAscii(int index, int length) {
        return getStringWithoutLengthAscii(index + STRING_PREFIX, length);
    }

    @Override
    public int getStringAscii(int index, int length, Appendable appendable) {
        return getStringWithoutLengthAscii(index + STRING_PREFIX, length, appendable);
    }

    @Override
    public String getStringWithoutLengthAscii(int index, int length) {
        boundsCheck(index, length);
        byte[] bytes = new byte[length];
        getBytes(index, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Override
    public int getStringWithoutLengthAscii(int index, int length, Appendable appendable) {
        boundsCheck(index, length);
        try {
            for (int i = 0; i < length; i++) {
                int c = getByte(index + i) & 0xFF;
                appendable.append(c > 127 ? '?' : (char) c);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return length;
    }

    @Override
    public int putStringAscii(int index, String value) {
        return putStringAscii(index, (CharSequence) value, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int putStringAscii(int index, CharSequence value) {
        return putStringAscii(index, value, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int putStringAscii(int index, String value, ByteOrder byteOrder) {
        return putStringAscii(index, (CharSequence) value, byteOrder);
    }

    @Override
    public int putStringAscii(int index, CharSequence value, ByteOrder byteOrder) {
        int length = value == null ? 0 : value.length();
        boundsCheck(index, STRING_PREFIX + length);
        putInt(index, length, byteOrder);
        putAscii(index + STRING_PREFIX, value, 0, length);
        return STRING_PREFIX + length;
    }

    @Override
    public int putStringWithoutLengthAscii(int index, String value) {
        return putStringWithoutLengthAscii(index, (CharSequence) value);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value) {
        int length = value == null ? 0 : value.length();
        boundsCheck(index, length);
        putAscii(index, value, 0, length);
        return length;
    }

    @Override
    public int putStringWithoutLengthAscii(int index, String value, int valueOffset, int length) {
        return putStringWithoutLengthAscii(index, (CharSequence) value, valueOffset, length);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value, int valueOffset, int length) {
        int count = value == null ? 0 : Math.min(value.length() - valueOffset, length);
        boundsCheck(index, count);
        putAscii(index, value, valueOffset, count);
        return count;
    }

    // Characters outside ASCII become '?', as Agrona writes them.
    private void putAscii(int index, CharSequence value, int from, int count) {
        for (int i = 0; i < count; i++) {
            char c = value.charAt(from + i);
            putByte(index + i, (byte) (c > 127 ? '?' : c));
        }
    }

    @Override
    public String getStringUtf8(int index) {
        return getStringUtf8(index, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String getStringUtf8(int index, ByteOrder byteOrder) {
        return getStringWithoutLengthUtf8(index + STRING_PREFIX, getInt(index, byteOrder));
    }

    /** @return {@code length} bytes after the length prefix at {@code index}, as UTF-8 */
    @Override
    public String getStringUtf8(int index, int length) {
        return getStringWithoutLengthUtf8(index + STRING_PREFIX, length);
    }

    @Override
    public String getStringWithoutLengthUtf8(int index, int length) {
        boundsCheck(index, length);
        byte[] bytes = new byte[length];
        getBytes(index, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int putStringUtf8(int index, String value) {
        return putStringUtf8(index, value, ByteOrder.LITTLE_ENDIAN, Integer.MAX_VALUE);
    }

    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder) {
        return putStringUtf8(index, value, byteOrder, Integer.MAX_VALUE);
    }

    @Override
    public int putStringUtf8(int index, String value, int maxEncodedLength) {
        return putStringUtf8(index, value, ByteOrder.LITTLE_ENDIAN, maxEncodedLength);
    }

    /** @throws IllegalArgumentException if the encoded string is longer than {@code maxEncodedLength} */
    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder, int maxEncodedLength) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxEncodedLength) {
            throw new IllegalArgumentException("encoded string is " + bytes.length + " bytes, over the maximum of "
                    + maxEncodedLength);
        }
        boundsCheck(index, STRING_PREFIX + bytes.length);
        putInt(index, bytes.length, byteOrder);
        putBytes(index + STRING_PREFIX, bytes);
        return STRING_PREFIX + bytes.length;
    }

    @Override
    public int putStringWithoutLengthUtf8(int index, String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        putBytes(index, bytes);
        return bytes.length;
    }

    // ---------------------------------------------------------------- comparison

    /** Compares contents byte by byte (signed, as Agrona does), then capacity. */
    @Override
    public int compareTo(DirectBuffer that) {
        int common = Math.min(capacity(), that.capacity());
        for (int i = 0; i < common; i++) {
            int cmp = Byte.compare(getByte(i), that.getByte(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(capacity(), that.capacity());
    }

    /** @return whether {@code obj} is a {@code SegmentBuffer} of the same capacity and contents */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof SegmentBuffer that && capacity() == that.capacity()
                && segment.mismatch(that.segment) == -1;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0, n = capacity(); i < n; i++) {
            hash = 31 * hash + getByte(i);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "SegmentBuffer{address=" + segment.address() + ", capacity=" + capacity()
                + (segment.isNative() ? "" : ", heap") + "}";
    }
}

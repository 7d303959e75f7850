package io.shmproc.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;
import org.agrona.AsciiEncoding;
import org.agrona.AsciiNumberFormatException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Agrona's {@link AtomicBuffer} over a {@link MemorySegment}, so that Agrona's rings, counters and
 * flyweights run over native, mapped or heap memory with no {@code sun.misc.Unsafe} and no JVM flags.
 * Agrona's own buffers need {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; this one needs
 * nothing, and every access is bounds-checked.
 *
 * <pre>{@code
 * int capacity = (1 << 20) + RingBufferDescriptor.TRAILER_LENGTH;     // power of two + trailer
 * try (Arena arena = Arena.ofShared();
 *      FileChannel file = FileChannel.open(path, CREATE, READ, WRITE)) {
 *     MemorySegment memory = file.map(FileChannel.MapMode.READ_WRITE, 0, capacity, arena);
 *     RingBuffer ring = new OneToOneRingBuffer(new SegmentBuffer(memory));
 *     SegmentBuffer message = SegmentBuffer.allocate(64);
 *     int length = message.putStringAscii(0, "hello");
 *     ring.write(1, message, 0, length);          // any process that maps the same file can read it
 *     ring.read((type, buffer, index, len) -> System.out.println(buffer.getStringAscii(index)));
 * }
 * }</pre>
 *
 * <h2>Where it differs from Agrona's {@code UnsafeBuffer}</h2>
 * <ul>
 *   <li><b>Bounds are always checked</b> ({@code agrona.disable.bounds.checks} is ignored): a buffer may view
 *       part of a larger segment, and only this check keeps it inside that part. An out-of-range access
 *       throws {@link IndexOutOfBoundsException} naming the index, length and capacity.</li>
 *   <li><b>Atomic and ordered accesses need natural alignment.</b> The volatile, acquire/release, opaque,
 *       compare-and-set, get-and-add/set and {@code add*} methods of width <i>n</i> need the target address to
 *       be a multiple of <i>n</i>; FFM refuses a misaligned one with {@link IllegalArgumentException} where
 *       {@code Unsafe} would do a possibly torn access. Heap segments over a {@code byte[]} are only 1-byte
 *       aligned, so these methods always fail on them: use native or mapped memory (or a {@code long[]}).
 *       {@link #verifyAlignment()} tells in advance.</li>
 *   <li><b>{@link #byteArray()} and {@link #byteBuffer()} return {@code null}</b>, whatever was wrapped: the
 *       memory is reached only through its segment. {@link #addressOffset()} is the native address of index 0
 *       for native memory (so Agrona's own buffers can copy from this one) and throws
 *       {@link UnsupportedOperationException} for heap memory, where no address would be safe to use.</li>
 *   <li>{@link #wrap(long, int)}, and wrapping a {@link DirectBuffer} that has neither a {@code byte[]} nor a
 *       {@link ByteBuffer}, use the restricted method {@link MemorySegment#reinterpret(long)}: Java warns once
 *       unless the JVM runs with {@code --enable-native-access}. Nothing else here is restricted.</li>
 *   <li>{@link #putNaturalIntAsciiFromEnd(int, int)} writes {@code "0"} for zero, and the ASCII parsers accept
 *       leading zeros; Agrona writes nothing for zero and reports overflow for inputs longer than 10 (int) or
 *       19 (long) characters.</li>
 * </ul>
 * Failures of the memory itself come from FFM: a closed arena gives {@link IllegalStateException}, a write to a
 * read-only segment {@link IllegalArgumentException}, a confined segment used from another thread
 * {@link WrongThreadException}.
 *
 * <p>Like Agrona's buffers, an instance is a mutable flyweight: the accessors are as thread-safe as the memory
 * operations they name, but {@code wrap} is not, and a buffer should not be re-wrapped while other threads use it.
 * Re-wrapping allocates nothing when the source is a {@link MemorySegment} or another {@code SegmentBuffer}.
 */
public final class SegmentBuffer implements AtomicBuffer {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ByteOrder SWAPPED =
            NATIVE == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;

    /**
     * Debugging aid, set by the tests: {@code -Dio.shmproc.memory.exactVarHandles=true} makes a VarHandle call whose
     * argument types do not match the handle exactly (an int offset, say) throw instead of silently running through
     * an adapter several times slower.
     */
    private static final boolean EXACT = Boolean.getBoolean("io.shmproc.memory.exactVarHandles");

    // Plain accesses may sit at any index, as in Agrona, so they use the unaligned layouts. Every handle is
    // static final and always invoked with a long offset: a handle in a field, or an int offset, no longer
    // matches the call site's exact type and the access gets several times slower.
    private static final VarHandle BYTE = handle(JAVA_BYTE);
    private static final VarHandle SHORT = handle(ValueLayout.JAVA_SHORT_UNALIGNED);
    private static final VarHandle CHAR = handle(ValueLayout.JAVA_CHAR_UNALIGNED);
    private static final VarHandle INT = handle(ValueLayout.JAVA_INT_UNALIGNED);
    private static final VarHandle LONG = handle(ValueLayout.JAVA_LONG_UNALIGNED);
    private static final VarHandle FLOAT = handle(ValueLayout.JAVA_FLOAT_UNALIGNED);
    private static final VarHandle DOUBLE = handle(ValueLayout.JAVA_DOUBLE_UNALIGNED);

    private static final VarHandle SHORT_SWAPPED = handle(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(SWAPPED));
    private static final VarHandle CHAR_SWAPPED = handle(ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(SWAPPED));
    private static final VarHandle INT_SWAPPED = handle(ValueLayout.JAVA_INT_UNALIGNED.withOrder(SWAPPED));
    private static final VarHandle LONG_SWAPPED = handle(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(SWAPPED));
    private static final VarHandle FLOAT_SWAPPED = handle(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(SWAPPED));
    private static final VarHandle DOUBLE_SWAPPED = handle(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(SWAPPED));

    // Handles of unaligned layouts support plain get/set only; every other access mode needs these.
    private static final VarHandle SHORT_ATOMIC = handle(ValueLayout.JAVA_SHORT);
    private static final VarHandle CHAR_ATOMIC = handle(ValueLayout.JAVA_CHAR);
    private static final VarHandle INT_ATOMIC = handle(ValueLayout.JAVA_INT);
    private static final VarHandle LONG_ATOMIC = handle(ValueLayout.JAVA_LONG);

    /** Below this many bytes, setMemory writes words itself instead of slicing the segment to fill it. */
    private static final int FILL_BY_WORDS_LIMIT = 256;
    private static final byte MINUS = '-';
    private static final byte ZERO = '0';
    /** Agrona's UTF-8 methods write a null string as "null" (its ASCII methods as the empty string). */
    private static final byte[] NULL_BYTES = "null".getBytes(US_ASCII);
    /** 2^63 / 10, rounded down: a magnitude up to this takes one more digit and stays far below 2^64. */
    private static final long LONG_TENTH = Long.MIN_VALUE / -10;

    private static VarHandle handle(ValueLayout layout) {
        VarHandle handle = layout.varHandle();
        return EXACT ? handle.withInvokeExactBehavior() : handle;
    }

    /** The segment as wrapped; this buffer is the {@code capacity} bytes from {@code base}. */
    private MemorySegment segment;
    private long base;
    private int capacity;
    private int wrapAdjustment;

    /** An empty buffer, to be given memory with one of the {@code wrap} methods. */
    public SegmentBuffer() {
        wrap(MemorySegment.NULL);
    }

    /**
     * A buffer over all of {@code segment}.
     *
     * @throws IllegalArgumentException if the segment is larger than {@link Integer#MAX_VALUE} bytes, the
     *                                  most an Agrona buffer can index
     */
    public SegmentBuffer(MemorySegment segment) {
        wrap(segment);
    }

    /**
     * A buffer over {@code capacity} bytes of zeroed native memory, 64-byte aligned (so every atomic access at
     * an aligned index works, and a record at index 0 starts a cache line). The garbage collector frees the
     * memory once neither the buffer nor a segment obtained from it is reachable.
     */
    public static SegmentBuffer allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        return new SegmentBuffer(Arena.ofAuto().allocate(capacity, 64));
    }

    /**
     * Views all of {@code segment}.
     *
     * @throws IllegalArgumentException if the segment is larger than {@link Integer#MAX_VALUE} bytes
     */
    public void wrap(MemorySegment segment) {
        long size = segment.byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment of " + size + " bytes is too large for a buffer (at most "
                    + Integer.MAX_VALUE + " bytes): wrap a part of it with wrap(segment, offset, length)");
        }
        set(segment, 0, (int) size, 0);
    }

    /**
     * Views {@code length} bytes of {@code segment} from {@code offset}, without slicing it (nothing is allocated).
     * {@link #wrapAdjustment()} is then {@code offset}, if it fits an int.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the segment
     */
    public void wrap(MemorySegment segment, long offset, int length) {
        Objects.checkFromIndexSize(offset, length, segment.byteSize());
        set(segment, offset, length, (int) Math.min(offset, Integer.MAX_VALUE));
    }

    @Override
    public void wrap(byte[] buffer) {
        set(MemorySegment.ofArray(buffer), 0, buffer.length, 0);
    }

    @Override
    public void wrap(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        set(MemorySegment.ofArray(buffer), offset, length, offset);
    }

    /** Views the whole of {@code buffer}, from index 0 to its capacity, whatever its position and limit. */
    @Override
    public void wrap(ByteBuffer buffer) {
        set(wholeOf(buffer), 0, buffer.capacity(), 0);
    }

    /** Views {@code length} bytes of {@code buffer} from its absolute index {@code offset}. */
    @Override
    public void wrap(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        set(wholeOf(buffer), offset, length, offset);
    }

    @Override
    public void wrap(DirectBuffer buffer) {
        wrap(buffer, 0, buffer.capacity());
    }

    /**
     * Views part of another buffer. Another {@code SegmentBuffer} is shared without allocating; any other
     * {@link DirectBuffer} is reached through its {@code byte[]}, else its {@link ByteBuffer}, else its native
     * address (a restricted operation, see the class comment). Like Agrona's buffers, this sees the memory the
     * other buffer has now: if an expandable buffer grows later, this one keeps the old memory.
     */
    @Override
    public void wrap(DirectBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        if (buffer instanceof SegmentBuffer other) {
            set(other.segment, other.base + offset, length, other.wrapAdjustment + offset);
            return;
        }
        int start = buffer.wrapAdjustment() + offset;
        byte[] array = buffer.byteArray();
        if (array != null) {
            set(MemorySegment.ofArray(array), start, length, start);
            return;
        }
        ByteBuffer byteBuffer = buffer.byteBuffer();
        if (byteBuffer != null) {
            set(wholeOf(byteBuffer), start, length, start);
            return;
        }
        set(nativeMemory(buffer.addressOffset() + offset, length), 0, length, start);
    }

    /**
     * Views {@code length} bytes of native memory at {@code address}. Nothing checks that the memory exists or
     * stays allocated: this is the one unsafe way in, through the restricted method
     * {@link MemorySegment#reinterpret(long)} (Java warns once unless the JVM runs with
     * {@code --enable-native-access}). Prefer {@link #wrap(MemorySegment)}.
     */
    @Override
    public void wrap(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        set(nativeMemory(address, length), 0, length, 0);
    }

    /**
     * The only restricted call here, and only reached when a caller hands over a bare address: the contract of
     * {@link DirectBuffer#wrap(long, int)} leaves no safe alternative.
     */
    @SuppressWarnings("restricted")
    private static MemorySegment nativeMemory(long address, int length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    private void set(MemorySegment segment, long base, int capacity, int wrapAdjustment) {
        this.segment = segment;
        this.base = base;
        this.capacity = capacity;
        this.wrapAdjustment = wrapAdjustment;
    }

    /** The DirectBuffer contract indexes a ByteBuffer from 0 to its capacity, but ofBuffer takes position..limit. */
    private static MemorySegment wholeOf(ByteBuffer buffer) {
        return MemorySegment.ofBuffer(buffer.duplicate().clear());
    }

    /** @return the memory this buffer views: exactly {@link #capacity()} bytes, a slice of what was wrapped */
    public MemorySegment segment() {
        return segment.asSlice(base, capacity);
    }

    /**
     * The native address of index 0, for native (including mapped) memory; Agrona's own buffers use it, with a
     * {@code null} {@link #byteArray()}, to copy from this buffer.
     *
     * @throws UnsupportedOperationException for heap memory: it has no address, and a made-up one would send
     *                                       callers that combine it with {@code byteArray()} into random memory
     */
    @Override
    public long addressOffset() {
        if (!segment.isNative()) {
            throw new UnsupportedOperationException("this SegmentBuffer views heap memory, which has no native address;"
                    + " copy through the DirectBuffer methods instead (capacity=" + capacity + ")");
        }
        return segment.address() + base;
    }

    /** @return {@code null}: the memory is reached only through its segment, even when it is a {@code byte[]} */
    @Override
    public byte[] byteArray() {
        return null;
    }

    /** @return {@code null}: the memory is reached only through its segment, even when it is a {@link ByteBuffer} */
    @Override
    public ByteBuffer byteBuffer() {
        return null;
    }

    /**
     * @return the index that this buffer's index 0 has in the array, {@link ByteBuffer} or segment given to
     *         {@code wrap}, counted, as Agrona counts it, through any buffers wrapped in between
     */
    @Override
    public int wrapAdjustment() {
        return wrapAdjustment;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public boolean isExpandable() {
        return false;
    }

    @Override
    public void checkLimit(int limit) {
        if (limit > capacity) {
            throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + capacity);
        }
    }

    @Override
    public void boundsCheck(int index, int length) {
        at(index, length);
    }

    /**
     * Passes when index 0 is 8-byte aligned, so that every atomic access at an index that is a multiple of its
     * width works: always for memory from {@link #allocate(int)} and for mapped files at a page-aligned offset.
     *
     * @throws IllegalStateException otherwise, including for any heap segment over a {@code byte[]}
     */
    @Override
    public void verifyAlignment() {
        // Not hot: the slice is the simplest way to combine the segment's own alignment with the offset.
        if (segment.asSlice(base, capacity).maxByteAlignment() < ALIGNMENT) {
            throw new IllegalStateException("SegmentBuffer is not " + ALIGNMENT + "-byte aligned, so atomic accesses"
                    + " would fail: " + describe() + (segment.isNative() ? "" : "; heap memory over a byte[] is only"
                    + " 1-byte aligned, use native or mapped memory"));
        }
    }

    /**
     * @return the absolute segment offset of {@code index}, once {@code length} bytes from it are known to lie
     *         inside this buffer
     */
    private long at(int index, int length) {
        if (index < 0 || length < 0 || index > capacity - length) {
            throw outOfBounds(index, length);
        }
        return base + index;
    }

    private IndexOutOfBoundsException outOfBounds(int index, int length) {
        return new IndexOutOfBoundsException("index=" + index + " length=" + length
                + " is outside the SegmentBuffer's capacity=" + capacity);
    }

    // ---------------------------------------------------------------- plain accesses, native and explicit order

    @Override
    public long getLong(int index) {
        return (long) LONG.get(segment, at(index, Long.BYTES));
    }

    @Override
    public long getLong(int index, ByteOrder byteOrder) {
        long at = at(index, Long.BYTES);
        return byteOrder == NATIVE ? (long) LONG.get(segment, at) : (long) LONG_SWAPPED.get(segment, at);
    }

    @Override
    public void putLong(int index, long value) {
        LONG.set(segment, at(index, Long.BYTES), value);
    }

    @Override
    public void putLong(int index, long value, ByteOrder byteOrder) {
        long at = at(index, Long.BYTES);
        if (byteOrder == NATIVE) {
            LONG.set(segment, at, value);
        } else {
            LONG_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public int getInt(int index) {
        return (int) INT.get(segment, at(index, Integer.BYTES));
    }

    @Override
    public int getInt(int index, ByteOrder byteOrder) {
        long at = at(index, Integer.BYTES);
        return byteOrder == NATIVE ? (int) INT.get(segment, at) : (int) INT_SWAPPED.get(segment, at);
    }

    @Override
    public void putInt(int index, int value) {
        INT.set(segment, at(index, Integer.BYTES), value);
    }

    @Override
    public void putInt(int index, int value, ByteOrder byteOrder) {
        long at = at(index, Integer.BYTES);
        if (byteOrder == NATIVE) {
            INT.set(segment, at, value);
        } else {
            INT_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public double getDouble(int index) {
        return (double) DOUBLE.get(segment, at(index, Double.BYTES));
    }

    @Override
    public double getDouble(int index, ByteOrder byteOrder) {
        long at = at(index, Double.BYTES);
        return byteOrder == NATIVE ? (double) DOUBLE.get(segment, at) : (double) DOUBLE_SWAPPED.get(segment, at);
    }

    @Override
    public void putDouble(int index, double value) {
        DOUBLE.set(segment, at(index, Double.BYTES), value);
    }

    @Override
    public void putDouble(int index, double value, ByteOrder byteOrder) {
        long at = at(index, Double.BYTES);
        if (byteOrder == NATIVE) {
            DOUBLE.set(segment, at, value);
        } else {
            DOUBLE_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public float getFloat(int index) {
        return (float) FLOAT.get(segment, at(index, Float.BYTES));
    }

    @Override
    public float getFloat(int index, ByteOrder byteOrder) {
        long at = at(index, Float.BYTES);
        return byteOrder == NATIVE ? (float) FLOAT.get(segment, at) : (float) FLOAT_SWAPPED.get(segment, at);
    }

    @Override
    public void putFloat(int index, float value) {
        FLOAT.set(segment, at(index, Float.BYTES), value);
    }

    @Override
    public void putFloat(int index, float value, ByteOrder byteOrder) {
        long at = at(index, Float.BYTES);
        if (byteOrder == NATIVE) {
            FLOAT.set(segment, at, value);
        } else {
            FLOAT_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public short getShort(int index) {
        return (short) SHORT.get(segment, at(index, Short.BYTES));
    }

    @Override
    public short getShort(int index, ByteOrder byteOrder) {
        long at = at(index, Short.BYTES);
        return byteOrder == NATIVE ? (short) SHORT.get(segment, at) : (short) SHORT_SWAPPED.get(segment, at);
    }

    @Override
    public void putShort(int index, short value) {
        SHORT.set(segment, at(index, Short.BYTES), value);
    }

    @Override
    public void putShort(int index, short value, ByteOrder byteOrder) {
        long at = at(index, Short.BYTES);
        if (byteOrder == NATIVE) {
            SHORT.set(segment, at, value);
        } else {
            SHORT_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public char getChar(int index) {
        return (char) CHAR.get(segment, at(index, Character.BYTES));
    }

    @Override
    public char getChar(int index, ByteOrder byteOrder) {
        long at = at(index, Character.BYTES);
        return byteOrder == NATIVE ? (char) CHAR.get(segment, at) : (char) CHAR_SWAPPED.get(segment, at);
    }

    @Override
    public void putChar(int index, char value) {
        CHAR.set(segment, at(index, Character.BYTES), value);
    }

    @Override
    public void putChar(int index, char value, ByteOrder byteOrder) {
        long at = at(index, Character.BYTES);
        if (byteOrder == NATIVE) {
            CHAR.set(segment, at, value);
        } else {
            CHAR_SWAPPED.set(segment, at, value);
        }
    }

    @Override
    public byte getByte(int index) {
        return (byte) BYTE.get(segment, at(index, Byte.BYTES));
    }

    @Override
    public void putByte(int index, byte value) {
        BYTE.set(segment, at(index, Byte.BYTES), value);
    }

    // ---------------------------------------------------------------- atomic and ordered accesses

    @Override
    public long getLongVolatile(int index) {
        return (long) LONG_ATOMIC.getVolatile(segment, at(index, Long.BYTES));
    }

    @Override
    public void putLongVolatile(int index, long value) {
        LONG_ATOMIC.setVolatile(segment, at(index, Long.BYTES), value);
    }

    @Override
    public long getLongAcquire(int index) {
        return (long) LONG_ATOMIC.getAcquire(segment, at(index, Long.BYTES));
    }

    @Override
    public void putLongRelease(int index, long value) {
        LONG_ATOMIC.setRelease(segment, at(index, Long.BYTES), value);
    }

    /** The same as {@link #putLongRelease(int, long)}, Agrona's older name for it. */
    @Override
    public void putLongOrdered(int index, long value) {
        putLongRelease(index, value);
    }

    @Override
    public long getLongOpaque(int index) {
        return (long) LONG_ATOMIC.getOpaque(segment, at(index, Long.BYTES));
    }

    @Override
    public void putLongOpaque(int index, long value) {
        LONG_ATOMIC.setOpaque(segment, at(index, Long.BYTES), value);
    }

    /** Atomically adds {@code increment} with release semantics; returns the previous value. */
    @Override
    public long addLongRelease(int index, long increment) {
        return (long) LONG_ATOMIC.getAndAddRelease(segment, at(index, Long.BYTES), increment);
    }

    /** The same as {@link #addLongRelease(int, long)}, Agrona's older name for it. */
    @Override
    public long addLongOrdered(int index, long increment) {
        return addLongRelease(index, increment);
    }

    /**
     * Adds {@code increment} with an opaque read and an opaque write: <b>not atomic</b>, so only for a value that
     * a single writer updates (as in Agrona). Returns the previous value.
     */
    @Override
    public long addLongOpaque(int index, long increment) {
        long at = at(index, Long.BYTES);
        long previous = (long) LONG_ATOMIC.getOpaque(segment, at);
        LONG_ATOMIC.setOpaque(segment, at, previous + increment);
        return previous;
    }

    @Override
    public boolean compareAndSetLong(int index, long expectedValue, long updateValue) {
        return LONG_ATOMIC.compareAndSet(segment, at(index, Long.BYTES), expectedValue, updateValue);
    }

    @Override
    public long compareAndExchangeLong(int index, long expectedValue, long updateValue) {
        return (long) LONG_ATOMIC.compareAndExchange(segment, at(index, Long.BYTES), expectedValue, updateValue);
    }

    @Override
    public long getAndSetLong(int index, long value) {
        return (long) LONG_ATOMIC.getAndSet(segment, at(index, Long.BYTES), value);
    }

    @Override
    public long getAndAddLong(int index, long delta) {
        return (long) LONG_ATOMIC.getAndAdd(segment, at(index, Long.BYTES), delta);
    }

    @Override
    public int getIntVolatile(int index) {
        return (int) INT_ATOMIC.getVolatile(segment, at(index, Integer.BYTES));
    }

    @Override
    public void putIntVolatile(int index, int value) {
        INT_ATOMIC.setVolatile(segment, at(index, Integer.BYTES), value);
    }

    @Override
    public int getIntAcquire(int index) {
        return (int) INT_ATOMIC.getAcquire(segment, at(index, Integer.BYTES));
    }

    @Override
    public void putIntRelease(int index, int value) {
        INT_ATOMIC.setRelease(segment, at(index, Integer.BYTES), value);
    }

    /** The same as {@link #putIntRelease(int, int)}, Agrona's older name for it. */
    @Override
    public void putIntOrdered(int index, int value) {
        putIntRelease(index, value);
    }

    @Override
    public int getIntOpaque(int index) {
        return (int) INT_ATOMIC.getOpaque(segment, at(index, Integer.BYTES));
    }

    @Override
    public void putIntOpaque(int index, int value) {
        INT_ATOMIC.setOpaque(segment, at(index, Integer.BYTES), value);
    }

    /** Atomically adds {@code increment} with release semantics; returns the previous value. */
    @Override
    public int addIntRelease(int index, int increment) {
        return (int) INT_ATOMIC.getAndAddRelease(segment, at(index, Integer.BYTES), increment);
    }

    /** The same as {@link #addIntRelease(int, int)}, Agrona's older name for it. */
    @Override
    public int addIntOrdered(int index, int increment) {
        return addIntRelease(index, increment);
    }

    /**
     * Adds {@code increment} with an opaque read and an opaque write: <b>not atomic</b>, so only for a value that
     * a single writer updates (as in Agrona). Returns the previous value.
     */
    @Override
    public int addIntOpaque(int index, int increment) {
        long at = at(index, Integer.BYTES);
        int previous = (int) INT_ATOMIC.getOpaque(segment, at);
        INT_ATOMIC.setOpaque(segment, at, previous + increment);
        return previous;
    }

    @Override
    public boolean compareAndSetInt(int index, int expectedValue, int updateValue) {
        return INT_ATOMIC.compareAndSet(segment, at(index, Integer.BYTES), expectedValue, updateValue);
    }

    @Override
    public int compareAndExchangeInt(int index, int expectedValue, int updateValue) {
        return (int) INT_ATOMIC.compareAndExchange(segment, at(index, Integer.BYTES), expectedValue, updateValue);
    }

    @Override
    public int getAndSetInt(int index, int value) {
        return (int) INT_ATOMIC.getAndSet(segment, at(index, Integer.BYTES), value);
    }

    @Override
    public int getAndAddInt(int index, int delta) {
        return (int) INT_ATOMIC.getAndAdd(segment, at(index, Integer.BYTES), delta);
    }

    @Override
    public short getShortVolatile(int index) {
        return (short) SHORT_ATOMIC.getVolatile(segment, at(index, Short.BYTES));
    }

    @Override
    public void putShortVolatile(int index, short value) {
        SHORT_ATOMIC.setVolatile(segment, at(index, Short.BYTES), value);
    }

    @Override
    public char getCharVolatile(int index) {
        return (char) CHAR_ATOMIC.getVolatile(segment, at(index, Character.BYTES));
    }

    @Override
    public void putCharVolatile(int index, char value) {
        CHAR_ATOMIC.setVolatile(segment, at(index, Character.BYTES), value);
    }

    @Override
    public byte getByteVolatile(int index) {
        return (byte) BYTE.getVolatile(segment, at(index, Byte.BYTES));
    }

    @Override
    public void putByteVolatile(int index, byte value) {
        BYTE.setVolatile(segment, at(index, Byte.BYTES), value);
    }

    // ---------------------------------------------------------------- bulk

    @Override
    public void setMemory(int index, int length, byte value) {
        long at = at(index, length);
        if (length >= FILL_BY_WORDS_LIMIT) {
            segment.asSlice(at, length).fill(value);
            return;
        }
        // Short runs are the common case (the many-to-one ring clears every record it consumes): words written in
        // place beat slicing the segment to fill it, before C2 has compiled the slice away.
        long word = (value & 0xFFL) * 0x0101_0101_0101_0101L;
        int i = 0;
        for (int words = length & ~7; i < words; i += Long.BYTES) {
            LONG.set(segment, at + i, word);
        }
        for (; i < length; i++) {
            BYTE.set(segment, at + i, value);
        }
    }

    @Override
    public void getBytes(int index, byte[] dst) {
        MemorySegment.copy(segment, JAVA_BYTE, at(index, dst.length), dst, 0, dst.length);
    }

    @Override
    public void getBytes(int index, byte[] dst, int offset, int length) {
        long at = at(index, length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        MemorySegment.copy(segment, JAVA_BYTE, at, dst, offset, length);
    }

    /**
     * Copies into {@code dstBuffer}. An expandable destination is first asked to grow, through
     * {@link MutableDirectBuffer#checkLimit(int)}, as far as its own {@code putBytes} would grow it; the bytes then go
     * straight into its segment, array or {@link ByteBuffer}, or else through its {@code putLong}/{@code putByte}.
     */
    @Override
    public void getBytes(int index, MutableDirectBuffer dstBuffer, int dstIndex, int length) {
        if (dstBuffer instanceof SegmentBuffer other) {
            other.putBytes(dstIndex, this, index, length);
            return;
        }
        long at = at(index, length);
        if (dstBuffer.isExpandable()) {
            if (dstIndex < 0) {
                throw new IndexOutOfBoundsException("dstIndex=" + dstIndex + " is negative");
            }
            dstBuffer.checkLimit(dstIndex + length);
        }
        dstBuffer.boundsCheck(dstIndex, length);
        int start = dstBuffer.wrapAdjustment() + dstIndex;
        byte[] array = dstBuffer.byteArray();
        if (array != null) {
            MemorySegment.copy(segment, JAVA_BYTE, at, array, start, length);
            return;
        }
        ByteBuffer byteBuffer = dstBuffer.byteBuffer();
        if (byteBuffer != null) {
            if (byteBuffer.isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
            MemorySegment.copy(segment, at, wholeOf(byteBuffer), start, length);
            return;
        }
        int i = 0;
        for (int words = length & ~7; i < words; i += Long.BYTES) {
            dstBuffer.putLong(dstIndex + i, (long) LONG.get(segment, at + i));
        }
        for (; i < length; i++) {
            dstBuffer.putByte(dstIndex + i, (byte) BYTE.get(segment, at + i));
        }
    }

    /** Copies to {@code dstBuffer} from its position, and advances the position by {@code length}. */
    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int length) {
        int position = dstBuffer.position();
        getBytes(index, dstBuffer, position, length);
        dstBuffer.position(position + length);
    }

    /**
     * Copies to {@code dstBuffer} from its absolute index {@code dstOffset}, anywhere below its capacity.
     *
     * @throws ReadOnlyBufferException if {@code dstBuffer} is read-only (which Agrona's buffers do not check)
     */
    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int dstOffset, int length) {
        long at = at(index, length);
        Objects.checkFromIndexSize(dstOffset, length, dstBuffer.capacity());
        if (dstBuffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (dstBuffer.hasArray()) {
            MemorySegment.copy(segment, JAVA_BYTE, at, dstBuffer.array(), dstBuffer.arrayOffset() + dstOffset, length);
        } else {
            MemorySegment.copy(segment, at, wholeOf(dstBuffer), dstOffset, length);
        }
    }

    @Override
    public void putBytes(int index, byte[] src) {
        MemorySegment.copy(src, 0, segment, JAVA_BYTE, at(index, src.length), src.length);
    }

    @Override
    public void putBytes(int index, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        MemorySegment.copy(src, offset, segment, JAVA_BYTE, at(index, length), length);
    }

    /** Copies from {@code srcBuffer}'s position, and advances the position by {@code length}. */
    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int length) {
        int position = srcBuffer.position();
        putBytes(index, srcBuffer, position, length);
        srcBuffer.position(position + length);
    }

    /** Copies from {@code srcBuffer}'s absolute index {@code srcIndex}, anywhere below its capacity. */
    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, srcBuffer.capacity());
        long at = at(index, length);
        if (srcBuffer.hasArray()) {
            MemorySegment.copy(srcBuffer.array(), srcBuffer.arrayOffset() + srcIndex, segment, JAVA_BYTE, at, length);
        } else {
            MemorySegment.copy(wholeOf(srcBuffer), srcIndex, segment, at, length);
        }
    }

    /**
     * Copies from {@code srcBuffer}: straight from its segment, array or {@link ByteBuffer}, or else through its
     * {@code getLong}/{@code getByte}. From another {@code SegmentBuffer} nothing is allocated, and overlapping
     * ranges copy as if through a temporary buffer.
     */
    @Override
    public void putBytes(int index, DirectBuffer srcBuffer, int srcIndex, int length) {
        if (srcBuffer instanceof SegmentBuffer other) {
            long from = other.at(srcIndex, length);
            MemorySegment.copy(other.segment, from, segment, at(index, length), length);
            return;
        }
        srcBuffer.boundsCheck(srcIndex, length);
        long at = at(index, length);
        int start = srcBuffer.wrapAdjustment() + srcIndex;
        byte[] array = srcBuffer.byteArray();
        if (array != null) {
            MemorySegment.copy(array, start, segment, JAVA_BYTE, at, length);
            return;
        }
        ByteBuffer byteBuffer = srcBuffer.byteBuffer();
        if (byteBuffer != null) {
            MemorySegment.copy(wholeOf(byteBuffer), start, segment, at, length);
            return;
        }
        int i = 0;
        for (int words = length & ~7; i < words; i += Long.BYTES) {
            LONG.set(segment, at + i, srcBuffer.getLong(srcIndex + i));
        }
        for (; i < length; i++) {
            BYTE.set(segment, at + i, srcBuffer.getByte(srcIndex + i));
        }
    }

    // ---------------------------------------------------------------- strings

    @Override
    public String getStringAscii(int index) {
        int length = (int) INT.get(segment, at(index, STR_HEADER_LEN));
        return length == 0 ? "" : getStringWithoutLengthAscii(index + STR_HEADER_LEN, length);
    }

    @Override
    public int getStringAscii(int index, Appendable appendable) {
        int length = (int) INT.get(segment, at(index, STR_HEADER_LEN));
        return length == 0 ? 0 : getStringWithoutLengthAscii(index + STR_HEADER_LEN, length, appendable);
    }

    @Override
    public String getStringAscii(int index, ByteOrder byteOrder) {
        int length = getInt(index, byteOrder);
        return length == 0 ? "" : getStringWithoutLengthAscii(index + STR_HEADER_LEN, length);
    }

    @Override
    public int getStringAscii(int index, Appendable appendable, ByteOrder byteOrder) {
        int length = getInt(index, byteOrder);
        return length == 0 ? 0 : getStringWithoutLengthAscii(index + STR_HEADER_LEN, length, appendable);
    }

    /** Reads {@code length} characters after the length prefix at {@code index}, ignoring the prefix's value. */
    @Override
    public String getStringAscii(int index, int length) {
        at(index + STR_HEADER_LEN, length);
        return length == 0 ? "" : getStringWithoutLengthAscii(index + STR_HEADER_LEN, length);
    }

    /** Appends {@code length} characters after the length prefix at {@code index}, ignoring the prefix's value. */
    @Override
    public int getStringAscii(int index, int length, Appendable appendable) {
        at(index, length + STR_HEADER_LEN);
        return appendAscii(base + index + STR_HEADER_LEN, length, appendable);
    }

    /** Bytes above 127 decode to U+FFFD, as {@link java.nio.charset.StandardCharsets#US_ASCII} decodes them. */
    @Override
    public String getStringWithoutLengthAscii(int index, int length) {
        long at = at(index, length);
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, at, bytes, 0, length);
        return new String(bytes, US_ASCII);
    }

    /**
     * Bytes above 127 are appended as {@code '?'}. An {@link IOException} from the appendable is rethrown as an
     * {@link UncheckedIOException}.
     */
    @Override
    public int getStringWithoutLengthAscii(int index, int length, Appendable appendable) {
        return appendAscii(at(index, length), length, appendable);
    }

    private int appendAscii(long at, int length, Appendable appendable) {
        try {
            for (int i = 0; i < length; i++) {
                byte b = (byte) BYTE.get(segment, at + i);
                appendable.append(b < 0 ? '?' : (char) b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return length;
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} is written as the empty string. */
    @Override
    public int putStringAscii(int index, String value) {
        return putPrefixedAscii(index, value, NATIVE);
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} is written as the empty string. */
    @Override
    public int putStringAscii(int index, CharSequence value) {
        return putPrefixedAscii(index, value, NATIVE);
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} is written as the empty string. */
    @Override
    public int putStringAscii(int index, String value, ByteOrder byteOrder) {
        return putPrefixedAscii(index, value, byteOrder);
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} is written as the empty string. */
    @Override
    public int putStringAscii(int index, CharSequence value, ByteOrder byteOrder) {
        return putPrefixedAscii(index, value, byteOrder);
    }

    private int putPrefixedAscii(int index, CharSequence value, ByteOrder byteOrder) {
        int length = value == null ? 0 : value.length();
        long at = at(index, STR_HEADER_LEN + length);
        if (byteOrder == NATIVE) {
            INT.set(segment, at, length);
        } else {
            INT_SWAPPED.set(segment, at, length);
        }
        writeAscii(at + STR_HEADER_LEN, value, 0, length);
        return STR_HEADER_LEN + length;
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} writes nothing. */
    @Override
    public int putStringWithoutLengthAscii(int index, String value) {
        return putBareAscii(index, value, 0, value == null ? 0 : value.length());
    }

    /** Characters above 127 are written as {@code '?'}; {@code null} writes nothing. */
    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value) {
        return putBareAscii(index, value, 0, value == null ? 0 : value.length());
    }

    /**
     * Writes at most {@code length} characters of {@code value} from {@code valueOffset} (fewer if the value ends
     * first); characters above 127 are written as {@code '?'}; {@code null} writes nothing.
     */
    @Override
    public int putStringWithoutLengthAscii(int index, String value, int valueOffset, int length) {
        return putBareAscii(index, value, valueOffset, length);
    }

    /**
     * Writes at most {@code length} characters of {@code value} from {@code valueOffset} (fewer if the value ends
     * first); characters above 127 are written as {@code '?'}; {@code null} writes nothing.
     */
    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value, int valueOffset, int length) {
        return putBareAscii(index, value, valueOffset, length);
    }

    private int putBareAscii(int index, CharSequence value, int valueOffset, int length) {
        if (value == null) {
            return 0;
        }
        int count = Math.min(value.length() - valueOffset, length);
        writeAscii(at(index, count), value, valueOffset, count);
        return count;
    }

    private void writeAscii(long at, CharSequence value, int from, int count) {
        for (int i = 0; i < count; i++) {
            char c = value.charAt(from + i);
            BYTE.set(segment, at + i, c > 127 ? (byte) '?' : (byte) c);
        }
    }

    @Override
    public String getStringUtf8(int index) {
        int length = (int) INT.get(segment, at(index, STR_HEADER_LEN));
        return length == 0 ? "" : getStringWithoutLengthUtf8(index + STR_HEADER_LEN, length);
    }

    @Override
    public String getStringUtf8(int index, ByteOrder byteOrder) {
        int length = getInt(index, byteOrder);
        return length == 0 ? "" : getStringWithoutLengthUtf8(index + STR_HEADER_LEN, length);
    }

    /** Decodes {@code length} bytes after the length prefix at {@code index}, ignoring the prefix's value. */
    @Override
    public String getStringUtf8(int index, int length) {
        return getStringWithoutLengthUtf8(index + STR_HEADER_LEN, length);
    }

    @Override
    public String getStringWithoutLengthUtf8(int index, int length) {
        long at = at(index, length);
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, at, bytes, 0, length);
        return new String(bytes, UTF_8);
    }

    /** {@code null} is written as {@code "null"}, as Agrona's buffers write it. */
    @Override
    public int putStringUtf8(int index, String value) {
        return putStringUtf8(index, value, NATIVE, Integer.MAX_VALUE);
    }

    /** {@code null} is written as {@code "null"}, as Agrona's buffers write it. */
    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder) {
        return putStringUtf8(index, value, byteOrder, Integer.MAX_VALUE);
    }

    /** {@code null} is written as {@code "null"}, as Agrona's buffers write it. */
    @Override
    public int putStringUtf8(int index, String value, int maxEncodedLength) {
        return putStringUtf8(index, value, NATIVE, maxEncodedLength);
    }

    /** {@code null} is written as {@code "null"}, as Agrona's buffers write it. */
    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder, int maxEncodedLength) {
        byte[] bytes = value == null ? NULL_BYTES : value.getBytes(UTF_8);
        if (bytes.length > maxEncodedLength) {
            throw new IllegalArgumentException("the string encodes to " + bytes.length
                    + " bytes of UTF-8, more than maxEncodedLength=" + maxEncodedLength);
        }
        long at = at(index, STR_HEADER_LEN + bytes.length);
        if (byteOrder == NATIVE) {
            INT.set(segment, at, bytes.length);
        } else {
            INT_SWAPPED.set(segment, at, bytes.length);
        }
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, at + STR_HEADER_LEN, bytes.length);
        return STR_HEADER_LEN + bytes.length;
    }

    /** {@code null} is written as {@code "null"}, as Agrona's buffers write it. */
    @Override
    public int putStringWithoutLengthUtf8(int index, String value) {
        byte[] bytes = value == null ? NULL_BYTES : value.getBytes(UTF_8);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, at(index, bytes.length), bytes.length);
        return bytes.length;
    }

    // ---------------------------------------------------------------- ASCII numbers

    /** Leading zeros are allowed, any number of them. */
    @Override
    public int parseNaturalIntAscii(int index, int length) {
        long at = at(index, length);
        checkNotEmpty(index, length);
        return (int) parseMagnitude(at, length, Integer.MAX_VALUE, index, length, false);
    }

    /** Leading zeros are allowed, any number of them. */
    @Override
    public long parseNaturalLongAscii(int index, int length) {
        long at = at(index, length);
        checkNotEmpty(index, length);
        return parseMagnitude(at, length, Long.MAX_VALUE, index, length, true);
    }

    /** An optional {@code '-'}, then digits; leading zeros are allowed, any number of them. */
    @Override
    public int parseIntAscii(int index, int length) {
        long at = at(index, length);
        checkNotEmpty(index, length);
        boolean negative = (byte) BYTE.get(segment, at) == MINUS;
        if (negative && length == 1) {
            throw notANumber(index, length, false);
        }
        int sign = negative ? 1 : 0;
        long limit = negative ? -(long) Integer.MIN_VALUE : Integer.MAX_VALUE;
        long magnitude = parseMagnitude(at + sign, length - sign, limit, index, length, false);
        return (int) (negative ? -magnitude : magnitude);
    }

    /** An optional {@code '-'}, then digits; leading zeros are allowed, any number of them. */
    @Override
    public long parseLongAscii(int index, int length) {
        long at = at(index, length);
        checkNotEmpty(index, length);
        boolean negative = (byte) BYTE.get(segment, at) == MINUS;
        if (negative && length == 1) {
            throw notANumber(index, length, true);
        }
        int sign = negative ? 1 : 0;
        // 2^63 as an unsigned long: the magnitude of Long.MIN_VALUE, which negates to itself.
        long limit = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        long magnitude = parseMagnitude(at + sign, length - sign, limit, index, length, true);
        return negative ? -magnitude : magnitude;
    }

    private void checkNotEmpty(int index, int length) {
        if (length <= 0) {
            throw new AsciiNumberFormatException("empty string: index=" + index + " length=" + length);
        }
    }

    /**
     * Parses {@code count} ASCII digits at segment offset {@code at} as an unsigned value of at most
     * {@code limit} (compared unsigned, so 2^63 is allowed as the magnitude of {@code Long.MIN_VALUE}). Every
     * byte is checked, so a malformed number is reported as malformed even when it is also too long.
     */
    private long parseMagnitude(long at, int count, long limit, int index, int length, boolean isLong) {
        long value = 0;
        boolean overflow = false;
        for (int i = 0; i < count; i++) {
            int digit = (byte) BYTE.get(segment, at + i) - ZERO;
            if (digit < 0 || digit > 9) {
                throw notANumber(index, length, isLong);
            }
            if (overflow) {
                continue;
            }
            // Up to LONG_TENTH, one more digit stays below 2^63 + 10 < 2^64: the unsigned comparison is exact.
            if (Long.compareUnsigned(value, LONG_TENTH) > 0) {
                overflow = true;
            } else {
                value = value * 10 + digit;
                overflow = Long.compareUnsigned(value, limit) > 0;
            }
        }
        if (overflow) {
            throw new AsciiNumberFormatException((isLong ? "long" : "int") + " overflow parsing: "
                    + getStringWithoutLengthAscii(index, length));
        }
        return value;
    }

    private AsciiNumberFormatException notANumber(int index, int length, boolean isLong) {
        return new AsciiNumberFormatException("error parsing " + (isLong ? "long" : "int") + ": "
                + getStringWithoutLengthAscii(index, length));
    }

    @Override
    public int putIntAscii(int index, int value) {
        return putLongAscii(index, value);
    }

    /**
     * Writes {@code value}'s decimal digits; a negative value (not a natural number) is written with its sign,
     * as by {@link #putIntAscii(int, int)}.
     */
    @Override
    public int putNaturalIntAscii(int index, int value) {
        return putLongAscii(index, value);
    }

    /**
     * Writes {@code value}'s decimal digits; a negative value (not a natural number) is written with its sign,
     * as by {@link #putLongAscii(int, long)}.
     */
    @Override
    public int putNaturalLongAscii(int index, long value) {
        return putLongAscii(index, value);
    }

    @Override
    public int putLongAscii(int index, long value) {
        int length = asciiLength(value);
        writeAscii(at(index, length), length, value);
        return length;
    }

    private static int asciiLength(long value) {
        if (value >= 0) {
            return AsciiEncoding.digitCount(value);
        }
        return 1 + (value == Long.MIN_VALUE ? AsciiEncoding.LONG_MAX_DIGITS : AsciiEncoding.digitCount(-value));
    }

    /**
     * Writes {@code value} in decimal into the {@code length} bytes at segment offset {@code at}, the digits
     * worked out on the negated magnitude so that {@code Long.MIN_VALUE} needs no special case.
     */
    private void writeAscii(long at, int length, long value) {
        if (value < 0) {
            BYTE.set(segment, at, MINUS);
        }
        long negative = value > 0 ? -value : value;
        long position = at + length;
        do {
            BYTE.set(segment, --position, (byte) (ZERO - negative % 10));
            negative /= 10;
        } while (negative != 0);
    }

    /**
     * Writes {@code value} in exactly {@code length} digits, padded with leading zeros, as Agrona does (a negative
     * value gives non-digit bytes).
     *
     * @throws NumberFormatException if the value needs more than {@code length} digits; the low digits have then
     *                               already been written
     */
    @Override
    public void putNaturalPaddedIntAscii(int offset, int length, int value) {
        long at = at(offset, length);
        int remainder = value;
        for (int i = length - 1; i >= 0; i--) {
            BYTE.set(segment, at + i, (byte) (ZERO + remainder % 10));
            remainder /= 10;
        }
        if (remainder != 0) {
            throw new NumberFormatException("cannot write " + value + " in " + length + " digits");
        }
    }

    /**
     * Writes {@code value}'s digits so that the last one is at {@code endExclusive - 1}, and returns the index of
     * the first. Unlike Agrona's buffers, which write nothing for zero, zero is written as {@code "0"}; a negative
     * value (not a natural number) is written with its sign.
     */
    @Override
    public int putNaturalIntAsciiFromEnd(int value, int endExclusive) {
        int length = asciiLength(value);
        int start = endExclusive - length;
        writeAscii(at(start, length), length, value);
        return start;
    }

    // ---------------------------------------------------------------- identity

    /**
     * @return whether {@code obj} is a {@code SegmentBuffer} of the same capacity and contents (as Agrona's
     *         buffers, only equal to buffers of their own class)
     */
    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (!(obj instanceof SegmentBuffer that) || capacity != that.capacity) {
            return false;
        }
        return MemorySegment.mismatch(segment, base, base + capacity, that.segment, that.base, that.base + capacity) < 0;
    }

    /** @return a hash of the contents, the same as an Agrona buffer with the same bytes has */
    @Override
    public int hashCode() {
        int hash = 19;
        int i = 0;
        for (int words = capacity & ~7; i < words; i += Long.BYTES) {
            hash = 31 * hash + Long.hashCode((long) LONG.get(segment, base + i));
        }
        for (; i < capacity; i++) {
            hash = 31 * hash + (byte) BYTE.get(segment, base + i);
        }
        return hash;
    }

    /**
     * Orders buffers by contents in Agrona's order, so that a mix of these and Agrona's buffers sorts
     * consistently: whole 8-byte words compared as signed native-order longs, then remaining bytes as signed
     * bytes, then the shorter buffer first. (On a little-endian machine this is not lexicographic byte order.)
     */
    @Override
    public int compareTo(DirectBuffer that) {
        if (this == that) {
            return 0;
        }
        int thatCapacity = that.capacity();
        int length = Math.min(capacity, thatCapacity);
        int words = length & ~7;
        if (that instanceof SegmentBuffer other) {
            long mismatch = MemorySegment.mismatch(segment, base, base + length, other.segment, other.base,
                    other.base + length);
            if (mismatch >= 0) {
                int i = (int) mismatch;
                if (i < words) {
                    int word = i & ~7;
                    return Long.compare((long) LONG.get(segment, base + word), (long) LONG.get(other.segment, other.base + word));
                }
                return Byte.compare((byte) BYTE.get(segment, base + i), (byte) BYTE.get(other.segment, other.base + i));
            }
        } else {
            int i = 0;
            for (; i < words; i += Long.BYTES) {
                int cmp = Long.compare((long) LONG.get(segment, base + i), that.getLong(i));
                if (cmp != 0) {
                    return cmp;
                }
            }
            for (; i < length; i++) {
                int cmp = Byte.compare((byte) BYTE.get(segment, base + i), that.getByte(i));
                if (cmp != 0) {
                    return cmp;
                }
            }
        }
        return Integer.compare(capacity, thatCapacity);
    }

    @Override
    public String toString() {
        return "SegmentBuffer{" + describe() + "}";
    }

    private String describe() {
        return "capacity=" + capacity + ", offset=" + base + " in " + segment;
    }
}

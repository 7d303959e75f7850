package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-length array of C structs in shared memory: Python's {@code Array(Point, n)} of a ctypes
 * {@code Structure}, with the layout taken from a Java record (or a {@link StructBuilder}).
 *
 * <pre>{@code
 * record Point(double x, double y) {}
 *
 * try (Namespace ns = Namespace.open("demo");
 *      SharedStructArray<Point> points = SharedStructArray.create(ns, "points", Point.class,
 *              new Point(1.875, -6.25), new Point(-5.75, 2.0))) {
 *     Point p = points.get(1);                       // a copy of element 1
 *     StructField x = points.type().field("x");
 *     points.setDouble(1, x, p.x() * p.x());         // one field, in place, no record made
 * }
 * }</pre>
 *
 * <p>Whole elements ({@link #get}, {@link #set}) move field by field: another process may observe an
 * element half-written, as with ctypes; guard elements with a lock where that matters. Field accessors
 * ({@link #getDouble}, {@link #setLong}, ...) are single volatile accesses, and the {@code int} and
 * {@code long} fields also have atomic {@link #compareAndSetLong compare-and-set} and
 * {@link #getAndAddLong get-and-add}.
 *
 * @param <T> the element type: a record, or {@code Map<String, Object>} for built layouts
 */
public final class SharedStructArray<T> extends SharedObject {
    /** Header kind of struct arrays; the descriptor is the struct's {@link StructType#descriptor()}. */
    static final String KIND = "STRA";

    private final StructType<T> type;
    private final MemorySegment memory;
    private final long stride;
    private final int length;

    private SharedStructArray(Region region, StructType<T> type) {
        super(region);
        this.type = type;
        this.memory = region.payload();
        this.stride = type.byteSize();
        this.length = Math.toIntExact(memory.byteSize() / stride);
    }

    /** Creates {@code name} holding {@code length} zeroed structs of record {@code type}. */
    public static <R extends Record> SharedStructArray<R> create(Namespace ns, String name, Class<R> type, int length) {
        return create(ns, name, StructType.of(type), length);
    }

    /** Creates {@code name} holding {@code length} zeroed structs of layout {@code type}. */
    public static <T> SharedStructArray<T> create(Namespace ns, String name, StructType<T> type, int length) {
        long bytes = payloadBytes(type, length);
        return new SharedStructArray<>(ns.create(name, objectType(type), bytes, p -> { }), type);
    }

    /** Creates {@code name} holding copies of {@code elements}, in order (Python's {@code Array(Point, [...])}). */
    @SafeVarargs
    public static <R extends Record> SharedStructArray<R> create(Namespace ns, String name, Class<R> type, R... elements) {
        List<R> list = new ArrayList<>(elements.length);
        for (R element : elements) {
            list.add(element);
        }
        return create(ns, name, StructType.of(type), list);
    }

    /** Creates {@code name} holding copies of {@code elements}, in order. */
    public static <T> SharedStructArray<T> create(Namespace ns, String name, StructType<T> type, List<? extends T> elements) {
        long bytes = payloadBytes(type, elements.size());
        return new SharedStructArray<>(ns.create(name, objectType(type), bytes,
                p -> writeAll(type, p, 0, elements)), type);
    }

    /**
     * Attaches the existing array {@code name} of record {@code type}.
     *
     * @throws io.shmproc.memory.IncompatibleObjectException naming both layouts if it holds other structs
     */
    public static <R extends Record> SharedStructArray<R> attach(Namespace ns, String name, Class<R> type) {
        return attach(ns, name, StructType.of(type));
    }

    /** Attaches the existing array {@code name} of layout {@code type}. */
    public static <T> SharedStructArray<T> attach(Namespace ns, String name, StructType<T> type) {
        return new SharedStructArray<>(ns.attach(name, objectType(type)), type);
    }

    /** Travels with its layout: a record class, or the fields of a built layout. */
    @Override
    protected Attacher<?> attacher() {
        return new StructArrayAttacher(type);
    }

    /** Attaches {@code name} if it exists, else creates it with {@code length} zeroed structs. */
    public static <R extends Record> SharedStructArray<R> open(Namespace ns, String name, Class<R> type, int length) {
        StructType<R> struct = StructType.of(type);
        return new SharedStructArray<>(ns.open(name, objectType(struct), payloadBytes(struct, length), p -> { }), struct);
    }

    /** @return the layout of the elements */
    public StructType<T> type() {
        return type;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return a copy of element {@code index} */
    public T get(int index) {
        return type.read(memory, at(index));
    }

    /** Overwrites element {@code index} with {@code value}, field by field. */
    public void set(int index, T value) {
        type.write(memory, at(index), value);
    }

    /** @return copies of every element, in order */
    public List<T> toList() {
        region.checkOpen();
        List<T> all = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            all.add(type.read(memory, i * stride));
        }
        return all;
    }

    /** Overwrites elements {@code start, start + 1, ...} with {@code values}. */
    public void copyFrom(int start, List<? extends T> values) {
        region.checkOpen();
        Objects.checkFromIndexSize(start, values.size(), length);
        writeAll(type, memory, start * stride, values);
    }

    /**
     * @return element {@code index}'s bytes, for direct FFM access with {@link StructType#layout()};
     *         valid until this array is closed
     */
    public MemorySegment segment(int index) {
        return memory.asSlice(at(index), stride);
    }

    /** @return field {@code field} (a {@code double}) of element {@code index}, read with volatile semantics */
    public double getDouble(int index, StructField field) {
        return (double) ScalarHandles.DOUBLE.getVolatile(memory, fieldAt(index, field, double.class));
    }

    /** Sets field {@code field} (a {@code double}) of element {@code index}, with volatile semantics. */
    public void setDouble(int index, StructField field, double value) {
        ScalarHandles.DOUBLE.setVolatile(memory, fieldAt(index, field, double.class), value);
    }

    /** @return field {@code field} (a {@code float}) of element {@code index}, read with volatile semantics */
    public float getFloat(int index, StructField field) {
        return (float) ScalarHandles.FLOAT.getVolatile(memory, fieldAt(index, field, float.class));
    }

    /** Sets field {@code field} (a {@code float}) of element {@code index}, with volatile semantics. */
    public void setFloat(int index, StructField field, float value) {
        ScalarHandles.FLOAT.setVolatile(memory, fieldAt(index, field, float.class), value);
    }

    /** @return field {@code field} (a {@code long}) of element {@code index}, read with volatile semantics */
    public long getLong(int index, StructField field) {
        return (long) ScalarHandles.LONG.getVolatile(memory, fieldAt(index, field, long.class));
    }

    /** Sets field {@code field} (a {@code long}) of element {@code index}, with volatile semantics. */
    public void setLong(int index, StructField field, long value) {
        ScalarHandles.LONG.setVolatile(memory, fieldAt(index, field, long.class), value);
    }

    /** @return whether the {@code long} field was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSetLong(int index, StructField field, long expected, long newValue) {
        return ScalarHandles.LONG.compareAndSet(memory, fieldAt(index, field, long.class), expected, newValue);
    }

    /** @return the {@code long} field's previous value, atomically increased by {@code delta} */
    public long getAndAddLong(int index, StructField field, long delta) {
        return (long) ScalarHandles.LONG.getAndAdd(memory, fieldAt(index, field, long.class), delta);
    }

    /** @return field {@code field} (an {@code int}) of element {@code index}, read with volatile semantics */
    public int getInt(int index, StructField field) {
        return (int) ScalarHandles.INT.getVolatile(memory, fieldAt(index, field, int.class));
    }

    /** Sets field {@code field} (an {@code int}) of element {@code index}, with volatile semantics. */
    public void setInt(int index, StructField field, int value) {
        ScalarHandles.INT.setVolatile(memory, fieldAt(index, field, int.class), value);
    }

    /** @return whether the {@code int} field was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSetInt(int index, StructField field, int expected, int newValue) {
        return ScalarHandles.INT.compareAndSet(memory, fieldAt(index, field, int.class), expected, newValue);
    }

    /** @return the {@code int} field's previous value, atomically increased by {@code delta} */
    public int getAndAddInt(int index, StructField field, int delta) {
        return (int) ScalarHandles.INT.getAndAdd(memory, fieldAt(index, field, int.class), delta);
    }

    /** @return field {@code field} (a {@code short}) of element {@code index}, read with volatile semantics */
    public short getShort(int index, StructField field) {
        return (short) ScalarHandles.SHORT.getVolatile(memory, fieldAt(index, field, short.class));
    }

    /** Sets field {@code field} (a {@code short}) of element {@code index}, with volatile semantics. */
    public void setShort(int index, StructField field, short value) {
        ScalarHandles.SHORT.setVolatile(memory, fieldAt(index, field, short.class), value);
    }

    /** @return field {@code field} (a {@code char}) of element {@code index}, read with volatile semantics */
    public char getChar(int index, StructField field) {
        return (char) ScalarHandles.CHAR.getVolatile(memory, fieldAt(index, field, char.class));
    }

    /** Sets field {@code field} (a {@code char}) of element {@code index}, with volatile semantics. */
    public void setChar(int index, StructField field, char value) {
        ScalarHandles.CHAR.setVolatile(memory, fieldAt(index, field, char.class), value);
    }

    /** @return field {@code field} (a {@code byte}) of element {@code index}, read with volatile semantics */
    public byte getByte(int index, StructField field) {
        return (byte) ScalarHandles.BYTE.getVolatile(memory, fieldAt(index, field, byte.class));
    }

    /** Sets field {@code field} (a {@code byte}) of element {@code index}, with volatile semantics. */
    public void setByte(int index, StructField field, byte value) {
        ScalarHandles.BYTE.setVolatile(memory, fieldAt(index, field, byte.class), value);
    }

    /** @return field {@code field} (a {@code boolean}, C {@code _Bool}) of element {@code index}, volatile */
    public boolean getBoolean(int index, StructField field) {
        return (byte) ScalarHandles.BYTE.getVolatile(memory, fieldAt(index, field, boolean.class)) != 0;
    }

    /** Sets field {@code field} (a {@code boolean}) of element {@code index} to 1 or 0, volatile. */
    public void setBoolean(int index, StructField field, boolean value) {
        ScalarHandles.BYTE.setVolatile(memory, fieldAt(index, field, boolean.class), (byte) (value ? 1 : 0));
    }

    @Override
    public String toString() {
        return isClosed() ? super.toString() + " (closed)" : toList().toString();
    }

    private long at(int index) {
        region.checkOpen();
        return Objects.checkIndex(index, length) * stride;
    }

    private long fieldAt(int index, StructField field, Class<?> carrier) {
        field.require(type, carrier);
        return at(index) + field.offset();
    }

    private static ObjectType objectType(StructType<?> type) {
        return new ObjectType(KIND, type.descriptor());
    }

    private static long payloadBytes(StructType<?> type, long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a struct array's length is " + length + "; it must be 0 to "
                    + Integer.MAX_VALUE);
        }
        return length * type.byteSize();
    }

    private static <T> void writeAll(StructType<T> type, MemorySegment memory, long offset, List<? extends T> values) {
        for (int i = 0; i < values.size(); i++) {
            type.write(memory, offset + i * type.byteSize(), values.get(i));
        }
    }
}

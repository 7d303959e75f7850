package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.util.Objects;
import org.agrona.MutableDirectBuffer;

/**
 * The built-in {@link Codec}s. Every codec returned is immutable and thread-safe, and those of a fixed
 * type are shared instances. Every one is {@link java.io.Serializable}, so that the queues and pipes
 * using it can be serialised by name; the shared instances read back as themselves.
 *
 * <pre>{@code
 * record Tick(long time, double price, String symbol) {}
 *
 * Codec<Tick> ticks = Codecs.record(Tick.class);     // record:Tick{time:int64,price:float64,symbol:string}
 * Codec<String> lines = Codecs.string();              // UTF-8
 * Codec<Long> ids = Codecs.ofLong();                  // 8 bytes, little-endian
 * Codec<Order> orders = Codecs.serializable(Order.class, Line.class);  // Java serialisation, 2 classes allowed
 * }</pre>
 *
 * <table class="striped">
 *   <caption>What each codec writes</caption>
 *   <thead><tr><th>codec</th><th>descriptor</th><th>bytes of a message</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #bytes()}</td><td>{@code bytes}</td><td>the array's bytes</td></tr>
 *   <tr><td>{@link #string()}</td><td>{@code string-utf8}</td><td>the string's UTF-8, no length (the channel
 *       knows it)</td></tr>
 *   <tr><td>{@link #ofLong()}, {@link #ofInt()}, {@link #ofShort()}, {@link #ofByte()}</td>
 *       <td>{@code int64}, {@code int32}, {@code int16}, {@code int8}</td><td>8, 4, 2, 1, little-endian</td></tr>
 *   <tr><td>{@link #ofDouble()}, {@link #ofFloat()}</td><td>{@code float64}, {@code float32}</td>
 *       <td>8, 4: the IEEE 754 bits, little-endian (NaN payloads kept)</td></tr>
 *   <tr><td>{@link #ofBoolean()}, {@link #ofCharacter()}</td><td>{@code bool}, {@code char16}</td>
 *       <td>1 byte, 0 or 1; 2 bytes, the UTF-16 unit little-endian</td></tr>
 *   <tr><td>{@link #record(Class)}</td><td>{@code record:Name{component:type,...}}</td><td>the components in
 *       order, see {@link #record(Class)}</td></tr>
 *   <tr><td>{@link #serializable(Class, Class...)}</td><td>{@code java-serialization}</td><td>one
 *       {@code ObjectOutputStream} stream</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A codec given a null message throws {@link NullPointerException} (channels refuse null before
 * that); bytes that are not a message of the codec (a wrong length, a prefix past the end, an unknown
 * enum ordinal) give a {@link CodecException}.
 *
 * <h2>A codec of your own</h2>
 * Implement {@link Codec}: say the length, write exactly that many bytes, read them back, and name the
 * format. {@link #utf8Length(String)} and {@link #writeUtf8(String, MutableDirectBuffer, int)} write text
 * the way {@link #string()} does, without allocating.
 *
 * <pre>{@code
 * final class LabelledPointCodec implements Codec<LabelledPoint> {     // record LabelledPoint(int x, int y, String label)
 *     private static final int FIXED = 2 * Integer.BYTES;
 *
 *     public int encodedLength(LabelledPoint p) {
 *         return FIXED + Codecs.utf8Length(p.label());
 *     }
 *
 *     public int encode(LabelledPoint p, MutableDirectBuffer buffer, int offset) {
 *         buffer.putInt(offset, p.x(), ByteOrder.LITTLE_ENDIAN);
 *         buffer.putInt(offset + Integer.BYTES, p.y(), ByteOrder.LITTLE_ENDIAN);
 *         return FIXED + Codecs.writeUtf8(p.label(), buffer, offset + FIXED);
 *     }
 *
 *     public LabelledPoint decode(DirectBuffer buffer, int offset, int length) {
 *         if (length < FIXED) {
 *             throw new CodecException("a LabelledPoint takes at least " + FIXED + " bytes, not " + length);
 *         }
 *         return new LabelledPoint(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN),
 *                 buffer.getInt(offset + Integer.BYTES, ByteOrder.LITTLE_ENDIAN),
 *                 buffer.getStringWithoutLengthUtf8(offset + FIXED, length - FIXED));
 *     }
 *
 *     public String descriptor() {
 *         return "labelled-point:x:int32,y:int32,label:utf8";
 *     }
 * }
 * }</pre>
 */
public final class Codecs {
    private static final Codec<Long> LONG = new FixedLengthCodec<>(Primitive.LONG,
            (buffer, offset, value) -> buffer.putLong(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getLong(offset, LITTLE_ENDIAN));
    private static final Codec<Integer> INT = new FixedLengthCodec<>(Primitive.INT,
            (buffer, offset, value) -> buffer.putInt(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getInt(offset, LITTLE_ENDIAN));
    private static final Codec<Short> SHORT = new FixedLengthCodec<>(Primitive.SHORT,
            (buffer, offset, value) -> buffer.putShort(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getShort(offset, LITTLE_ENDIAN));
    private static final Codec<Byte> BYTE = new FixedLengthCodec<>(Primitive.BYTE,
            (buffer, offset, value) -> buffer.putByte(offset, value),
            (buffer, offset) -> buffer.getByte(offset));
    private static final Codec<Double> DOUBLE = new FixedLengthCodec<>(Primitive.DOUBLE,
            (buffer, offset, value) -> buffer.putDouble(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getDouble(offset, LITTLE_ENDIAN));
    private static final Codec<Float> FLOAT = new FixedLengthCodec<>(Primitive.FLOAT,
            (buffer, offset, value) -> buffer.putFloat(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getFloat(offset, LITTLE_ENDIAN));
    private static final Codec<Boolean> BOOLEAN = new FixedLengthCodec<>(Primitive.BOOLEAN,
            (buffer, offset, value) -> buffer.putByte(offset, (byte) (value ? 1 : 0)),
            (buffer, offset) -> FixedLengthCodec.bool(buffer.getByte(offset)));
    private static final Codec<Character> CHARACTER = new FixedLengthCodec<>(Primitive.CHAR,
            (buffer, offset, value) -> buffer.putChar(offset, value, LITTLE_ENDIAN),
            (buffer, offset) -> buffer.getChar(offset, LITTLE_ENDIAN));

    private Codecs() {
    }

    /** @return a codec of byte arrays as they are: encoding copies the array in, decoding into a new one */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /**
     * @return a codec of strings as UTF-8. The length is counted from the characters, so encoding allocates
     *         nothing; a surrogate that is not half of a pair is written as {@code '?'}, as
     *         {@code String.getBytes(UTF_8)} does. Bytes that are not UTF-8 decode to U+FFFD.
     */
    public static Codec<String> string() {
        return StringCodec.INSTANCE;
    }

    /** @return a codec of {@code Long}: 8 bytes, little-endian */
    public static Codec<Long> ofLong() {
        return LONG;
    }

    /** @return a codec of {@code Integer}: 4 bytes, little-endian */
    public static Codec<Integer> ofInt() {
        return INT;
    }

    /** @return a codec of {@code Short}: 2 bytes, little-endian */
    public static Codec<Short> ofShort() {
        return SHORT;
    }

    /** @return a codec of {@code Byte}: 1 byte */
    public static Codec<Byte> ofByte() {
        return BYTE;
    }

    /** @return a codec of {@code Double}: its 8 IEEE 754 bytes, little-endian */
    public static Codec<Double> ofDouble() {
        return DOUBLE;
    }

    /** @return a codec of {@code Float}: its 4 IEEE 754 bytes, little-endian */
    public static Codec<Float> ofFloat() {
        return FLOAT;
    }

    /** @return a codec of {@code Boolean}: 1 byte, 0 or 1 (anything else is refused as garbled) */
    public static Codec<Boolean> ofBoolean() {
        return BOOLEAN;
    }

    /** @return a codec of {@code Character}: the UTF-16 unit in 2 bytes, little-endian */
    public static Codec<Character> ofCharacter() {
        return CHARACTER;
    }

    /**
     * A codec of records of type {@code type}, made once per class (through reflection, which no message
     * then uses): later calls return the same codec.
     *
     * <p>A message is the components in declaration order, with no header and no padding, little-endian:
     * <ul>
     *   <li>{@code boolean} (1 byte, 0 or 1), {@code byte}, {@code short}, {@code char} (a UTF-16 unit),
     *       {@code int}, {@code long}, {@code float}, {@code double}: their own size;</li>
     *   <li>{@code String}: an int32 count of bytes, then the UTF-8;</li>
     *   <li>an enum: the constant's ordinal as an int32; the descriptor lists the constants, so ends whose
     *       enums differ are told apart before an ordinal is misread;</li>
     *   <li>a record: a presence byte (1, or 0 for null), then its components the same way;</li>
     *   <li>an array of any of these (arrays of arrays too): an int32 element count, then the elements.</li>
     * </ul>
     * A null string, enum or array is written as the int32 {@code -1}; a null record as the presence byte
     * 0. Primitives cannot be null; boxed ones ({@code Integer} and the like) are refused, as are records
     * that contain themselves. Nothing is boxed or reflected per message: encoding allocates nothing, and
     * decoding only the decoded objects (and a temporary array for a string of more than 4 KiB). The
     * message must not be changed (its arrays, that is) while it is being sent.
     *
     * <p>The descriptor spells out the shape, nested records and enums included, with simple class names:
     * {@code record:Order{id:int64,side:enum:Side[BUY,SELL],lines:record:Line{sku:string,qty:int32}[]}}.
     * Two records of the same shape and component names read each other's messages and have the same
     * descriptor; any difference in names, types or order gives another.
     *
     * @throws IllegalArgumentException if {@code type} is not a record, if a component (at any depth) is
     *                                  of a type the codec cannot write (the message names the record, the
     *                                  component and its type, and what is supported), or if the record
     *                                  cannot be reached (a named module that does not open it)
     */
    public static <R extends Record> Codec<R> record(Class<R> type) {
        return RecordCodec.of(type);
    }

    /**
     * A codec through Java serialisation that lets through {@code type}, the classes {@code alsoAllowed},
     * and only what {@link SerializableCodecBuilder} always allows ({@code String}, primitive wrappers,
     * arrays of allowed classes). A message is refused on encode if it holds any other class, or one that
     * is not {@code Serializable}, and on decode if its stream names any other class; both with a
     * {@link CodecException} naming the class and saying how to allow it. Use
     * {@link #serializableBuilder(Class)} to allow packages or collections, or to change the limits.
     *
     * @param type the class (or interface) every message is an instance of
     */
    public static <T> Codec<T> serializable(Class<? super T> type, Class<?>... alsoAllowed) {
        return Codecs.<T>serializableBuilder(type).allow(alsoAllowed).build();
    }

    /**
     * @param type the class (or interface) every message is an instance of; allowed in any case
     * @return a builder of a java-serialization codec, allowing at first only {@code type} and what is
     *         always allowed
     * @throws IllegalArgumentException if {@code type} is a concrete class that is not {@code Serializable}
     */
    public static <T> SerializableCodecBuilder<T> serializableBuilder(Class<? super T> type) {
        return new SerializableCodecBuilder<>(type);
    }

    /** @return the codec of the boxed primitive whose descriptor is {@code descriptor}, or null if none is */
    static Codec<?> primitive(String descriptor) {
        return switch (descriptor) {
            case "int64" -> LONG;
            case "int32" -> INT;
            case "int16" -> SHORT;
            case "int8" -> BYTE;
            case "float64" -> DOUBLE;
            case "float32" -> FLOAT;
            case "bool" -> BOOLEAN;
            case "char16" -> CHARACTER;
            default -> null;
        };
    }

    /**
     * @return how many bytes of UTF-8 {@code text} takes, as {@link #string()} and
     *         {@link #writeUtf8(String, MutableDirectBuffer, int)} write it, counted without allocating
     * @throws CodecException if that is more than 2^31 - 1
     */
    public static int utf8Length(String text) {
        long length = Utf8.length(Objects.requireNonNull(text, "text"));
        if (length > Integer.MAX_VALUE) {
            throw new CodecException("a string of " + text.length() + " characters takes " + length
                    + " bytes of UTF-8, more than a message can hold (2^31 - 1)");
        }
        return (int) length;
    }

    /**
     * Writes {@code text} as UTF-8 at {@code offset}, with no length and without allocating; the buffer
     * must hold {@link #utf8Length(String)} bytes from there (or be expandable).
     *
     * @return the number of bytes written, {@link #utf8Length(String)}
     */
    public static int writeUtf8(String text, MutableDirectBuffer buffer, int offset) {
        return Utf8.write(Objects.requireNonNull(text, "text"), buffer, offset);
    }
}

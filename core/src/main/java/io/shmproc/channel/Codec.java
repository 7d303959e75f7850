package io.shmproc.channel;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns messages into bytes in shared memory and back. A queue or pipe asks the codec how long a
 * message will be, claims exactly that much of its ring, and lets the codec write straight into it: no
 * intermediate copy and no allocation for codecs whose length is known up front. Codecs that learn the
 * length only by encoding (Java serialisation, say) answer {@link #UNKNOWN_LENGTH}; the channel then
 * encodes into a per-thread scratch buffer and copies the bytes into the ring. A codec that runs past
 * the scratch buffer's end gets the {@link IndexOutOfBoundsException} every write past a buffer's
 * capacity throws, and is called again with a buffer twice as large: so {@code encode} must have no
 * effect but the bytes it writes. (Agrona's expandable buffers are not used: they need JVM flags.)
 *
 * <p>A codec must be stateless or thread-safe: one instance serves every thread of a channel. Both
 * ends of a channel must use codecs with the same {@link #descriptor()}; attaching with another is
 * refused before any message is misread.
 *
 * <pre>{@code
 * record Tick(long time, double price) {}
 * try (SharedQueue<Tick> ticks = SharedQueue.builder(Codecs.record(Tick.class)).capacityBytes(1 << 20).create(ns, "ticks")) {
 *     ticks.put(new Tick(System.nanoTime(), 101.5));
 * }
 * }</pre>
 *
 * <p>{@link Codecs} has codecs of byte arrays, strings, boxed primitives, records and serialisable
 * objects. One of your own is four methods; this one writes a point as two little-endian ints (which
 * {@code Codecs.record(Point.class)} would also do, with the descriptor {@code record:Point{x:int32,y:int32}}):
 *
 * <pre>{@code
 * record Point(int x, int y) {}
 *
 * final class PointCodec implements Codec<Point> {
 *     public int encodedLength(Point p) {
 *         return 2 * Integer.BYTES;                                  // the same for every point
 *     }
 *
 *     public int encode(Point p, MutableDirectBuffer buffer, int offset) {
 *         buffer.putInt(offset, p.x(), ByteOrder.LITTLE_ENDIAN);     // name the order: both ends agree on it
 *         buffer.putInt(offset + Integer.BYTES, p.y(), ByteOrder.LITTLE_ENDIAN);
 *         return 2 * Integer.BYTES;
 *     }
 *
 *     public Point decode(DirectBuffer buffer, int offset, int length) {
 *         if (length != 2 * Integer.BYTES) {                         // someone else's message: say so
 *             throw new CodecException("a Point is 8 bytes, not " + length);
 *         }
 *         return new Point(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN),
 *                 buffer.getInt(offset + Integer.BYTES, ByteOrder.LITTLE_ENDIAN));
 *     }
 *
 *     public String descriptor() {
 *         return "point:x:int32,y:int32";                            // change it whenever the format changes
 *     }
 * }
 * }</pre>
 *
 * A queue or pipe travels by name with its codec (see {@link io.shmproc.memory.SharedReference}), so a
 * codec of your own must implement {@link java.io.Serializable} for its channels to be serialised;
 * the built-in codecs are.
 *
 * <p>A decoder must not trust the bytes: it reads only within {@code length}, and turns anything it cannot
 * read into a {@link CodecException} rather than an index error or a half-built message. For text, see
 * {@link Codecs#utf8Length(String)} and {@link Codecs#writeUtf8(String, MutableDirectBuffer, int)}.
 *
 * @param <E> the message type
 */
public interface Codec<E> {
    /** Returned by {@link #encodedLength(Object)} when only encoding tells the length. */
    int UNKNOWN_LENGTH = -1;

    /**
     * @param message the message about to be sent, not null (a codec throws {@link NullPointerException})
     * @return exactly how many bytes {@link #encode} will write for it, or {@link #UNKNOWN_LENGTH}
     * @throws CodecException if the message cannot be encoded (its text says why)
     */
    int encodedLength(E message);

    /**
     * Writes {@code message} at {@code offset}. When {@link #encodedLength} gave a length, exactly that
     * many bytes are available and must be written; when it gave {@link #UNKNOWN_LENGTH}, the buffer is
     * a scratch buffer of {@code buffer.capacity() - offset} bytes, and a write past its end throws
     * {@link IndexOutOfBoundsException}, after which the channel calls again with a larger one.
     *
     * @return the number of bytes written
     * @throws CodecException if the message cannot be encoded; nothing is sent then
     */
    int encode(E message, MutableDirectBuffer buffer, int offset);

    /**
     * Reads one message of {@code length} bytes at {@code offset}. The bytes are valid only during the
     * call: a codec must copy what it keeps.
     *
     * @throws CodecException if the bytes are not a message this codec accepts (its text says why)
     */
    E decode(DirectBuffer buffer, int offset, int length);

    /**
     * @return a stable name of this codec and of the shape of what it writes, such as {@code "string-utf8"}
     *         or {@code "record:Tick{time:int64,price:float64}"}: recorded by the channel's creator and
     *         compared by every process that attaches
     */
    String descriptor();
}

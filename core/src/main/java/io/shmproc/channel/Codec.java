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
 * try (SharedQueue<Tick> ticks = SharedQueue.create(ns, "ticks", Codecs.record(Tick.class), 1 << 20)) {
 *     ticks.put(new Tick(System.nanoTime(), 101.5));
 * }
 * }</pre>
 *
 * @param <E> the message type
 */
public interface Codec<E> {
    /** Returned by {@link #encodedLength(Object)} when only encoding tells the length. */
    int UNKNOWN_LENGTH = -1;

    /**
     * @param message the message about to be sent, not null
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

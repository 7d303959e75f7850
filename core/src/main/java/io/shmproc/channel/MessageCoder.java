package io.shmproc.channel;

import io.shmproc.memory.SegmentBuffer;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Moves elements between a {@link Codec} and a {@link Ring} for a channel (a queue, or one end of a
 * pipe), without allocating per message: a codec that knows its length writes straight into the
 * ring through a bounds-checked view of exactly its record; one that does not encodes into a
 * per-thread scratch buffer first. Reads decode through a view of exactly the message, so a codec
 * that runs past its record fails instead of misreading a neighbour.
 *
 * @param <E> the element type
 */
final class MessageCoder<E> {
    private final Codec<E> codec;
    private final String description;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    private final MessageRing.Writer<E> encodeInPlace = this::encodeInPlace;

    /** Copies bytes from a buffer into a claimed record: the zero-copy writers' path. */
    static final MessageRing.Writer<DirectBuffer> COPY = (source, from, data, index, length) -> data.putBytes(index, source, from, length);

    MessageCoder(Codec<E> codec, String description) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.description = description;
    }

    Codec<E> codec() {
        return codec;
    }

    /**
     * Encodes {@code e} into {@code ring}, waiting for room until the deadline.
     *
     * @return false if there was no room in time
     */
    boolean offer(MessageRing ring, E e, long deadline) throws InterruptedException {
        Objects.requireNonNull(e, () -> description + " carries no null elements");
        int length = codec.encodedLength(e);
        if (length >= 0) {
            return ring.offer(e, 0, length, encodeInPlace, deadline);
        }
        if (length != Codec.UNKNOWN_LENGTH) {
            throw new CodecException("codec " + codec.descriptor() + " gave the length " + length + " for a message:"
                    + " a length must be at least 0, or Codec.UNKNOWN_LENGTH");
        }
        Worker worker = workers.get();
        int written = worker.encodeInScratch(e, ring.maxMessage());
        return ring.offer(worker.scratch, 0, written, COPY, deadline);
    }

    private void encodeInPlace(E e, int from, MutableDirectBuffer data, int index, int length) {
        SegmentBuffer view = workers.get().view;
        view.wrap(data, index, length); // a codec that writes past its length fails here, not in a neighbour
        int written = codec.encode(e, view, 0);
        if (written != length) {
            throw new CodecException("codec " + codec.descriptor() + " announced " + length + " bytes for a message but wrote "
                    + written + ": encodedLength must return exactly what encode writes");
        }
    }

    /** Decodes the message at {@code buffer[offset, offset + length)}. */
    E decode(DirectBuffer buffer, int offset, int length) {
        SegmentBuffer view = workers.get().view;
        view.wrap(buffer, offset, length);
        return codec.decode(view, 0, length);
    }

    /** @return a handler that decodes every message it is given into {@code target}, for this thread */
    MessageHandler collector(java.util.List<? super E> target) {
        Worker worker = workers.get();
        return (buffer, offset, length) -> target.add(worker.decodeHere(buffer, offset, length));
    }

    /** @return this thread's receiver: hand it to {@link Ring#take}, then read {@link Receiver#result()} */
    Receiver<E> receiver() {
        return workers.get();
    }

    /** A handler that decodes one message and keeps it for the thread that asked. */
    interface Receiver<E> extends MessageHandler {
        /** @return the message decoded last, forgetting it */
        E result();
    }

    /** What one thread needs to encode and decode without allocating. */
    private final class Worker implements Receiver<E> {
        final SegmentBuffer view = new SegmentBuffer();
        /** Where codecs of unknown length encode; heap memory, grown (and kept) as messages need. */
        final SegmentBuffer scratch = new SegmentBuffer(MemorySegment.ofArray(new byte[256]));
        private E result;

        /**
         * Encodes into the scratch buffer, doubling it whenever the codec writes past its end (the codec
         * then encodes the message again from the start, as {@link Codec#UNKNOWN_LENGTH} allows).
         *
         * @return the bytes written
         */
        int encodeInScratch(E e, int maxMessage) {
            for (;;) {
                try {
                    return codec.encode(e, scratch, 0);
                } catch (IndexOutOfBoundsException full) {
                    int size = scratch.capacity();
                    if (size > maxMessage) {
                        throw new MessageTooLargeException(description, (long) size + 1, maxMessage);
                    }
                    scratch.wrap(MemorySegment.ofArray(new byte[(int) Math.min(Integer.MAX_VALUE - 8, 2L * size)]));
                }
            }
        }

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            result = decodeHere(buffer, offset, length);
        }

        E decodeHere(DirectBuffer buffer, int offset, int length) {
            view.wrap(buffer, offset, length);
            return codec.decode(view, 0, length);
        }

        @Override
        public E result() {
            E e = result;
            result = null;
            return e;
        }
    }
}

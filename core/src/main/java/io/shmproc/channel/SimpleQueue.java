package io.shmproc.channel;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedReference;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;

/**
 * The smallest queue: put, take, isEmpty, close — Python's {@code multiprocessing.SimpleQueue}. It is
 * a {@link SharedQueue} underneath (unbounded by count, 1 MiB of ring by default), so it has the same
 * guarantees: all-or-nothing puts, crash safety, any number of producers and consumers.
 *
 * <pre>{@code
 * try (SimpleQueue<String> q = SimpleQueue.create(ns, "q", Codecs.string())) {
 *     q.put("hello");
 *     String s = q.take();
 * }
 * }</pre>
 *
 * <p>Serializable by name with its codec, as {@link SharedQueue} is.
 *
 * @param <E> the element type
 */
public final class SimpleQueue<E> implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedQueue<E> queue;

    private SimpleQueue(SharedQueue<E> queue) {
        this.queue = queue;
    }

    /** Creates the queue {@code name}. */
    public static <E> SimpleQueue<E> create(Namespace ns, String name, Codec<E> codec) {
        return new SimpleQueue<>(SharedQueue.create(ns, name, codec));
    }

    /** Attaches the existing queue {@code name} (any queue of that codec). */
    public static <E> SimpleQueue<E> attach(Namespace ns, String name, Codec<E> codec) {
        return new SimpleQueue<>(SharedQueue.attach(ns, name, codec));
    }

    /** Attaches the queue {@code name}, creating it if it does not exist. */
    public static <E> SimpleQueue<E> open(Namespace ns, String name, Codec<E> codec) {
        return new SimpleQueue<>(SharedQueue.builder(codec).open(ns, name));
    }

    /** Puts {@code e}, waiting for room if the ring is full. */
    public void put(E e) throws InterruptedException {
        queue.put(e);
    }

    /** Takes the oldest message, waiting for one. */
    public E take() throws InterruptedException {
        return queue.take();
    }

    /** @return whether no message is in the queue now */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Releases this handle. */
    @Override
    public void close() {
        queue.close();
    }

    /**
     * Serialises this handle by name, with its codec.
     *
     * @throws java.io.NotSerializableException if the codec is not {@link Serializable}
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        queue.region().checkOpen();
        return SharedReference.of(queue.namespace(), queue.name(), ChannelAttacher.of(ChannelAttacher.Kind.SIMPLE_QUEUE,
                queue.codec(), "simple queue '" + queue.name() + "' of namespace '" + queue.namespace().name() + "'"));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a channel is serialised as a SharedReference");
    }

    @Override
    public String toString() {
        return "SimpleQueue" + queue.toString().substring("SharedQueue".length());
    }
}

package io.shmproc.channel;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedReference;
import io.shmproc.sync.Sleeper;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;

/**
 * A bounded, multi-producer multi-consumer {@link BlockingQueue} in shared memory that any process of
 * the namespace can put into and take from: Python's {@code multiprocessing.Queue}, with no feeder
 * thread and no pipe underneath. Messages are variable-length records in a ring of bytes; a
 * {@link Codec} turns elements into bytes and back.
 *
 * <pre>{@code
 * // producer process
 * try (Namespace ns = Namespace.open("work");
 *      SharedQueue<String> jobs = SharedQueue.builder(Codecs.string()).capacityBytes(1 << 20).open(ns, "jobs")) {
 *     jobs.put("resize /img/1.png");      // returns once the whole message is in shared memory
 *     jobs.closeForPuts();                // consumers drain what is left, then see the end
 * }
 * // consumer process
 * try (Namespace ns = Namespace.open("work");
 *      SharedQueue<String> jobs = SharedQueue.attach(ns, "jobs", Codecs.string())) {
 *     for (String job; (job = jobs.poll(1, TimeUnit.MINUTES)) != null; ) {
 *         run(job);
 *     }
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Bounded by bytes</b> (the ring's capacity), and optionally also by a count of messages.
 *       A message larger than {@link #maxMessageBytes()} is refused with {@link MessageTooLargeException}.</li>
 *   <li><b>Order</b>: FIFO per producing thread; messages of different producers interleave.</li>
 *   <li><b>All or nothing</b>: {@code put} and a successful {@code offer} return only once the whole
 *       message is in shared memory, where it survives the death of its producer. A {@link CodecException}
 *       or {@link MessageTooLargeException} leaves the queue as it was. Nothing is buffered in the process.</li>
 *   <li><b>Crash safety</b>: a producer killed in the middle of a put never wedges the queue. Its
 *       unfinished record is skipped once its process is seen dead (through the namespace's process table,
 *       never a timeout), and every committed message is still delivered exactly once. A consumer killed
 *       in the middle of a take is repaired by the next: the message it had not finished taking is
 *       delivered to another consumer.</li>
 *   <li><b>Closing</b>: {@link #closeForPuts()} (from any process) makes every later put throw
 *       {@link ChannelClosedException}; consumers take what is left, after which {@link #take()} throws
 *       {@link ChannelClosedException} and {@code poll} returns null at once. {@link #close()} only
 *       releases this process's handle, as for every shared object.</li>
 *   <li><b>{@link #size()}</b> is exact when no put or take is under way: it is computed from shared
 *       counters of messages committed and taken, not from an estimate.</li>
 *   <li>{@link #iterator()} and {@link #toString()} are read-only snapshots of the messages committed
 *       at that moment; {@link #remove(Object)} and {@code Iterator.remove} are not supported.</li>
 *   <li>Null elements are refused with {@link NullPointerException}, as in every {@code BlockingQueue}.</li>
 * </ul>
 *
 * <p>Waiting: a consumer facing an empty queue (or a producer facing a full one) spins briefly, then
 * sleeps in the kernel, so a hot hand-off makes no system call and an idle waiter costs no CPU.
 * {@link #drain(MessageHandler, int)} and {@link #offerBuffer(DirectBuffer, int, int)} move bytes
 * without any allocation.
 *
 * <p>A queue handle is {@link Serializable} by name, with its codec (which must be serialisable, as every
 * built-in codec is): a copy read back in any process attaches the same queue.
 *
 * @param <E> the element type
 */
public class SharedQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String KIND = "QUEU";
    static final String JOINABLE_KIND = "JQUE";
    /** How many messages a drain takes per turn of the consumer lock. */
    private static final int DRAIN_BATCH = 64;

    private final transient Region region;
    private final transient Ring ring;
    private final transient MessageCoder<E> coder;
    private final transient String description;

    SharedQueue(Region region, Codec<E> codec, String what) {
        this.region = region;
        this.description = what + " '" + region.name() + "'";
        this.coder = new MessageCoder<>(codec, description);
        this.ring = new Ring(region, region.payload(), description);
    }

    /** @return a builder for a new queue whose elements {@code codec} encodes */
    public static <E> Builder<E> builder(Codec<E> codec) {
        return new Builder<>(codec);
    }

    /** Creates the queue {@code name} with the default capacity (1 MiB). */
    public static <E> SharedQueue<E> create(Namespace ns, String name, Codec<E> codec) {
        return builder(codec).create(ns, name);
    }

    /**
     * Attaches the existing queue (plain or joinable) {@code name}.
     *
     * @throws io.shmproc.memory.ObjectNotFoundException if there is none
     * @throws io.shmproc.memory.IncompatibleObjectException if it is not a queue, or was created with a
     *                                                       codec of another descriptor
     */
    public static <E> SharedQueue<E> attach(Namespace ns, String name, Codec<E> codec) {
        Region region = ns.attach(name, type(codec, false), type(codec, true));
        return new SharedQueue<>(region, codec, "queue");
    }

    static ObjectType type(Codec<?> codec, boolean joinable) {
        return new ObjectType(joinable ? JOINABLE_KIND : KIND, RingLayout.DESCRIPTOR_PREFIX + codec.descriptor() + ">");
    }

    // ---------------------------------------------------------------- putting

    /** Puts {@code e}, waiting as long as it takes for room. */
    @Override
    public void put(E e) throws InterruptedException {
        send(e, Long.MAX_VALUE);
    }

    /**
     * Puts {@code e} if there is room now.
     *
     * @return false if the queue is full
     * @throws ChannelClosedException if the queue was closed for puts
     */
    @Override
    public boolean offer(E e) {
        try {
            return send(e, MessageRing.NO_WAIT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // not reached: a non-waiting offer never sleeps
            return false;
        }
    }

    /** Puts {@code e}, waiting at most {@code timeout} for room. @return false if none came in time */
    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        return send(e, Sleeper.deadline(unit.toNanos(timeout)));
    }

    private boolean send(E e, long deadline) throws InterruptedException {
        return coder.offer(ring, e, deadline);
    }

    /**
     * Puts {@code length} bytes of {@code source} from {@code offset} as one message, if there is room now:
     * the zero-copy path, for consumers that read with {@link #drain(MessageHandler, int)}.
     *
     * @return false if the queue is full
     */
    public boolean offerBuffer(DirectBuffer source, int offset, int length) {
        checkRange(source, offset, length);
        try {
            return ring.offer(source, offset, length, MessageCoder.COPY, MessageRing.NO_WAIT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** As {@link #offerBuffer(DirectBuffer, int, int)}, waiting as long as it takes for room. */
    public void putBuffer(DirectBuffer source, int offset, int length) throws InterruptedException {
        checkRange(source, offset, length);
        ring.offer(source, offset, length, MessageCoder.COPY, Long.MAX_VALUE);
    }

    private static void checkRange(DirectBuffer source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.capacity());
    }

    // ---------------------------------------------------------------- taking

    /**
     * Takes the oldest message, waiting as long as it takes for one.
     *
     * @throws ChannelClosedException if the queue is closed for puts and every message has been taken
     */
    @Override
    public E take() throws InterruptedException {
        MessageCoder.Receiver<E> worker = coder.receiver();
        if (ring.take(worker, 1, Long.MAX_VALUE) < 0) {
            throw drained();
        }
        return worker.result();
    }

    /** @return the oldest message, or null if there is none now (or the queue is closed and drained) */
    @Override
    public E poll() {
        try {
            return receive(MessageRing.NO_WAIT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * @return the oldest message, waiting at most {@code timeout} for one; null if none came, or at once
     *         if the queue is closed for puts and drained
     */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return receive(Sleeper.deadline(unit.toNanos(timeout)));
    }

    private E receive(long deadline) throws InterruptedException {
        MessageCoder.Receiver<E> worker = coder.receiver();
        return ring.take(worker, 1, deadline) > 0 ? worker.result() : null;
    }

    /** @return the oldest message without taking it, or null if there is none committed now */
    @Override
    public E peek() {
        region.checkOpen();
        MessageCoder.Receiver<E> worker = coder.receiver();
        return ring.forEachCommitted(worker, 1) > 0 ? worker.result() : null;
    }

    /**
     * Hands up to {@code limit} messages to {@code handler} as bytes in shared memory, without waiting and
     * without allocating: the zero-copy path.
     *
     * @return how many were handled; -1 if the queue is closed for puts and drained
     */
    public int drain(MessageHandler handler, int limit) {
        try {
            return ring.take(handler, positive(limit), MessageRing.NO_WAIT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * As {@link #drain(MessageHandler, int)}, waiting at most {@code timeout} for the first message.
     *
     * @return how many were handled (0: none came in time); -1 if closed for puts and drained
     */
    public int drain(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return ring.take(handler, positive(limit), Sleeper.deadline(unit.toNanos(timeout)));
    }

    private static int positive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return limit;
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    /**
     * Takes up to {@code maxElements} messages into {@code target}, a batch per turn of the consumer lock.
     * Decoded under the lock, added to {@code target} after it, so a slow or failing collection never holds
     * other consumers up.
     */
    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        Objects.requireNonNull(target, "target");
        if (target == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        List<E> batch = new ArrayList<>();
        MessageHandler collect = coder.collector(batch);
        int total = 0;
        while (total < maxElements) {
            batch.clear();
            int taken = drain(collect, Math.min(DRAIN_BATCH, maxElements - total));
            target.addAll(batch);
            total += batch.size();
            if (taken <= 0) {
                break;
            }
        }
        return total;
    }

    private E decode(DirectBuffer buffer, int offset, int length) {
        return coder.decode(buffer, offset, length);
    }

    // ---------------------------------------------------------------- state

    /** @return messages in the queue: committed and not yet taken (exact when no put or take is under way) */
    @Override
    public int size() {
        region.checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, ring.size());
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * @return how many more messages could be put now without waiting, if each were empty: the free
     *         count when the queue is bounded by count, else the free bytes over the smallest record
     */
    @Override
    public int remainingCapacity() {
        region.checkOpen();
        long byBytes = Math.max(0, ring.capacity() - ring.bytesUsed()) / RingLayout.recordSize(0);
        long byCount = ring.maxCount() > 0 ? Math.max(0, ring.maxCount() - ring.size()) : Long.MAX_VALUE;
        return (int) Math.min(Integer.MAX_VALUE, Math.min(byBytes, byCount));
    }

    /** @return the data bytes of the ring */
    public int capacityBytes() {
        return ring.capacity();
    }

    /** @return the largest encoded message accepted, in bytes */
    public int maxMessageBytes() {
        return ring.maxMessage();
    }

    /** @return the most messages held at once, or 0 when only bytes bound the queue */
    public int maxMessages() {
        return ring.maxCount();
    }

    /** @return bytes of the ring in use now (messages, padding, claims in progress) */
    public long bytesUsed() {
        return ring.bytesUsed();
    }

    /** @return how many unfinished puts of producers that died were skipped, ever */
    public long deadProducerClaimsSkipped() {
        return ring.deadClaimsSkipped();
    }

    /**
     * Closes the queue for puts in every process: later puts throw {@link ChannelClosedException},
     * sleeping producers and consumers wake, and consumers take what is left. Cannot be undone.
     */
    public void closeForPuts() {
        region.checkOpen();
        ring.close();
    }

    /** @return whether the queue was closed for puts (by any process) */
    public boolean isClosedForPuts() {
        region.checkOpen();
        return ring.isClosed();
    }

    /** @return whether the queue is closed for puts and every message has been taken: the end of the stream */
    public boolean isDrained() {
        region.checkOpen();
        return ring.isClosed() && ring.isEmpty();
    }

    /** A read-only snapshot of the messages committed now, oldest first. */
    @Override
    public Iterator<E> iterator() {
        region.checkOpen();
        List<E> snapshot = new ArrayList<>();
        ring.forEachCommitted((buffer, offset, length) -> snapshot.add(decode(buffer, offset, length)));
        return Collections.unmodifiableList(snapshot).iterator();
    }

    /** Not supported: a message in the middle of a shared ring cannot be removed. */
    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException("a shared queue cannot remove a message from its middle;"
                + " take messages with poll() or drainTo() instead");
    }

    // ---------------------------------------------------------------- identity and life cycle

    /** @return the queue's name in its namespace */
    public String name() {
        return region.name();
    }

    /** @return the namespace the queue lives in */
    public Namespace namespace() {
        return region.namespace();
    }

    /** @return the codec of the elements */
    public Codec<E> codec() {
        return coder.codec();
    }

    /** Keeps the queue after its creator closes it, until {@link Namespace#unlink} removes it. */
    public void keep() {
        region.keep();
    }

    /** @return whether this handle was closed */
    public boolean isClosed() {
        return region.isClosed();
    }

    /**
     * Releases this process's handle (the creator's also unlinks the name unless kept). Other processes
     * keep working; to end the stream for everyone, use {@link #closeForPuts()}. Idempotent.
     */
    @Override
    public void close() {
        if (!region.isClosed()) {
            ring.releaseEntries();
        }
        region.close();
    }

    Region region() {
        return region;
    }

    Ring ring() {
        return ring;
    }

    ChannelClosedException drained() {
        return new ChannelClosedException(description + " is closed and every message in it has been taken");
    }

    /**
     * Serialises this handle by name, with its codec: reading it back attaches the same channel (see
     * {@link io.shmproc.memory.SharedReference}).
     *
     * @throws java.io.NotSerializableException if the codec is not {@link Serializable}
     */
    @Serial
    final Object writeReplace() throws ObjectStreamException {
        region.checkOpen();
        ChannelAttacher.Kind kind = this instanceof JoinableQueue ? ChannelAttacher.Kind.JOINABLE_QUEUE : ChannelAttacher.Kind.QUEUE;
        return SharedReference.of(namespace(), name(),
                ChannelAttacher.of(kind, codec(), description + " of namespace '" + namespace().name() + "'"));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a channel is serialised as a SharedReference");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + namespace().name() + "/" + name() + "]" + (isClosed() ? " (closed)" : super.toString());
    }

    /**
     * Options of a new queue. Sizes are fixed at creation; every process that attaches sees them.
     *
     * <pre>{@code
     * SharedQueue<byte[]> frames = SharedQueue.builder(Codecs.bytes())
     *         .capacityBytes(64 << 20)     // 64 MiB of ring
     *         .maxMessageBytes(4 << 20)    // no frame over 4 MiB
     *         .maxMessages(100)            // and at most 100 frames queued
     *         .create(ns, "frames");
     * }</pre>
     *
     * @param <E> the element type
     */
    public static final class Builder<E> {
        private final Codec<E> codec;
        private int capacityBytes = 1 << 20;
        private int maxMessageBytes = -1;
        private int maxMessages;
        private int producerThreads = RingLayout.DEFAULT_ENTRIES;

        Builder(Codec<E> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /**
         * Bytes of the ring, rounded up to a power of two; 1 MiB by default, from 1 KiB to 1 GiB. Each message
         * takes its encoded length plus 8, rounded up to 8.
         */
        public Builder<E> capacityBytes(int bytes) {
            this.capacityBytes = RingLayout.capacityFor(bytes, "queue");
            return this;
        }

        /** Largest encoded message accepted; by default (and at most) half the capacity less 8 bytes. */
        public Builder<E> maxMessageBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("the largest message must be at least 0 bytes, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Most messages held at once, besides the bound by bytes; 0 (the default) for none. */
        public Builder<E> maxMessages(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("the most messages held must be at least 0 (0: no count limit), got " + count);
            }
            this.maxMessages = count;
            return this;
        }

        /**
         * How many threads (of all processes together) may put at once; 256 by default. Each takes a 64-byte
         * entry of the queue's claim table while it lives.
         */
        public Builder<E> producerThreads(int count) {
            if (count < 1 || count > RingLayout.MAX_ENTRIES) {
                throw new IllegalArgumentException("producer threads must be from 1 to " + RingLayout.MAX_ENTRIES + ", got " + count);
            }
            this.producerThreads = count;
            return this;
        }

        /** Creates the queue {@code name}. @throws io.shmproc.memory.ObjectExistsException if the name is taken */
        public SharedQueue<E> create(Namespace ns, String name) {
            return new SharedQueue<>(ns.create(name, type(codec, false), payloadBytes(), initialiser(false)), codec, "queue");
        }

        /** Attaches the queue {@code name} if it exists (with its own sizes), else creates it with these. */
        public SharedQueue<E> open(Namespace ns, String name) {
            return new SharedQueue<>(ns.open(name, type(codec, false), payloadBytes(), initialiser(false)), codec, "queue");
        }

        /** Creates the joinable queue {@code name}. */
        public JoinableQueue<E> createJoinable(Namespace ns, String name) {
            return new JoinableQueue<>(ns.create(name, type(codec, true), payloadBytes(), initialiser(true)), codec);
        }

        /** Attaches the joinable queue {@code name} if it exists, else creates it with these sizes. */
        public JoinableQueue<E> openJoinable(Namespace ns, String name) {
            return new JoinableQueue<>(ns.open(name, type(codec, true), payloadBytes(), initialiser(true)), codec);
        }

        private long payloadBytes() {
            return RingLayout.payloadBytes(capacityBytes, producerThreads);
        }

        /** Checks the sizes before anything is created, then lays the ring out in the new object. */
        private Consumer<MemorySegment> initialiser(boolean joinable) {
            int largest = RingLayout.largestMessage(capacityBytes);
            if (maxMessageBytes > largest) {
                throw new IllegalArgumentException("the largest message (" + maxMessageBytes + " bytes) must fit twice in the"
                        + " capacity of " + capacityBytes + " bytes: at most " + largest + "; raise capacityBytes");
            }
            int maxMessage = maxMessageBytes < 0 ? largest : maxMessageBytes;
            int capacity = capacityBytes;
            int count = maxMessages;
            int entries = producerThreads;
            return payload -> Ring.initialise(payload, capacity, maxMessage, count, entries, joinable);
        }
    }
}

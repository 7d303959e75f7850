package io.shmproc.channel;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedReference;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A pair of connected {@link Connection}s in shared memory: Python's {@code multiprocessing.Pipe}. A
 * duplex pipe (the default) carries messages both ways on two single-writer rings; a one-way pipe
 * has a receiving {@link #first()} end and a sending {@link #second()} end, as Python's
 * {@code Pipe(duplex=False)} returns {@code (receiver, sender)}.
 *
 * <pre>{@code
 * // parent
 * try (Namespace ns = Namespace.open("chat");
 *      Pipe<String> pipe = Pipe.create(ns, "p", Codecs.string())) {
 *     Connection<String> mine = pipe.first();
 *     startChild();                               // the child takes pipe.second(), see below
 *     mine.send("hello");
 *     System.out.println(mine.recv());            // the child's answer
 * }
 * // child
 * try (Namespace ns = Namespace.open("chat");
 *      Pipe<String> pipe = Pipe.attach(ns, "p", Codecs.string());
 *      Connection<String> theirs = pipe.second()) {
 *     theirs.send(theirs.recv().toUpperCase());
 * }
 * }</pre>
 *
 * Each end is meant for one process at a time: the process that takes an end (by calling
 * {@link #first()} or {@link #second()}) is recorded as its holder, so that its peer can report the end
 * of the stream, rather than wait forever, once that process has closed its end or died and every
 * message it sent has been received.
 *
 * <p>A pipe, and each of its {@link Connection}s, is {@link Serializable} by name with its codec (which
 * must be serialisable, as every built-in codec is): a connection read back in another process is the
 * same end of the same pipe, taken by that process. Send each end to one process.
 *
 * @param <E> the element type
 */
public final class Pipe<E> implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final transient Region region;
    private final transient MemorySegment memory;
    private final transient MessageCoder<E> coder;
    private final transient boolean duplex;
    /** rings[n] is what end n receives. */
    private final transient PipeRing[] rings;
    private final transient Connection<?>[] ends = new Connection<?>[2];

    private Pipe(Region region, Codec<E> codec) {
        this.region = region;
        this.memory = region.payload();
        String description = "pipe '" + region.name() + "'";
        this.coder = new MessageCoder<>(codec, description);
        this.duplex = (int) INT.getVolatile(memory, PipeLayout.DUPLEX_OFFSET) != 0;
        int capacity = (int) INT.get(memory, PipeLayout.RINGS_OFFSET + PipeRingLayout.CAPACITY_OFFSET);
        this.rings = new PipeRing[duplex ? 2 : 1];
        for (int end = 0; end < rings.length; end++) {
            long offset = PipeLayout.ringOffset(end, capacity);
            rings[end] = new PipeRing(region, memory.asSlice(offset, PipeLayout.ringBytes(capacity)),
                    description + " (towards its " + (end == 0 ? "first" : "second") + " end)");
        }
    }

    /** @return a builder for a new pipe whose messages {@code codec} encodes */
    public static <E> Builder<E> builder(Codec<E> codec) {
        return new Builder<>(codec);
    }

    /** Creates the duplex pipe {@code name}, with 1 MiB of ring each way. */
    public static <E> Pipe<E> create(Namespace ns, String name, Codec<E> codec) {
        return builder(codec).create(ns, name);
    }

    /** Creates the one-way pipe {@code name}: {@link #first()} receives what {@link #second()} sends. */
    public static <E> Pipe<E> createOneWay(Namespace ns, String name, Codec<E> codec) {
        return builder(codec).oneWay().create(ns, name);
    }

    /**
     * Attaches the existing pipe {@code name}.
     *
     * @throws io.shmproc.memory.IncompatibleObjectException if it is not a pipe of a codec with this descriptor
     */
    public static <E> Pipe<E> attach(Namespace ns, String name, Codec<E> codec) {
        return new Pipe<>(ns.attach(name, type(codec)), codec);
    }

    static ObjectType type(Codec<?> codec) {
        return new ObjectType(PipeLayout.KIND, PipeLayout.DESCRIPTOR_PREFIX + codec.descriptor() + ">");
    }

    /**
     * Takes the first end for this process: both ways in a duplex pipe, receive-only in a one-way pipe.
     * The same connection is returned on every call.
     */
    public Connection<E> first() {
        return end(0);
    }

    /** Takes the second end for this process: both ways in a duplex pipe, send-only in a one-way pipe. */
    public Connection<E> second() {
        return end(1);
    }

    @SuppressWarnings("unchecked")
    private synchronized Connection<E> end(int end) {
        region.checkOpen();
        if (ends[end] == null) {
            PipeRing in = duplex || end == 0 ? rings[end] : null;
            PipeRing out = duplex ? rings[1 - end] : end == 1 ? rings[0] : null;
            ends[end] = new Connection<>(this, end, in, out);
        }
        return (Connection<E>) ends[end];
    }

    /** @return whether both ends send and receive */
    public boolean isDuplex() {
        return duplex;
    }

    /** @return the pipe's name in its namespace */
    public String name() {
        return region.name();
    }

    /** @return the bytes of ring in each direction */
    public int capacityBytes() {
        return rings[0].capacity();
    }

    Region region() {
        return region;
    }

    MemorySegment memory() {
        return memory;
    }

    MessageCoder<E> coder() {
        return coder;
    }

    /**
     * Closes the ends this process took (their peers see the end of the stream once they have received
     * everything) and releases the pipe; the creator's close also unlinks its name unless kept.
     */
    @Override
    public synchronized void close() {
        for (Connection<?> end : ends) {
            if (end != null) {
                end.close();
            }
        }
        region.close();
    }

    /** Keeps the pipe after its creator closes it, until {@link Namespace#unlink} removes it. */
    public void keep() {
        region.keep();
    }

    /** @return the pipe by name; a connection's copy takes its end where it is read */
    Object reference(ChannelAttacher.Kind kind, String what) throws ObjectStreamException {
        region.checkOpen();
        return SharedReference.of(region.namespace(), region.name(),
                ChannelAttacher.of(kind, coder.codec(), what + " of namespace '" + region.namespace().name() + "'"));
    }

    /**
     * Serialises this handle by name, with its codec.
     *
     * @throws java.io.NotSerializableException if the codec is not {@link Serializable}
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return reference(ChannelAttacher.Kind.PIPE, "pipe '" + name() + "'");
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a channel is serialised as a SharedReference");
    }

    @Override
    public String toString() {
        return "Pipe[" + region.namespace().name() + "/" + region.name() + (duplex ? ", duplex" : ", one-way") + "]";
    }

    /**
     * Options of a new pipe.
     *
     * <pre>{@code
     * Pipe<byte[]> frames = Pipe.builder(Codecs.bytes()).capacityBytes(16 << 20).oneWay().create(ns, "frames");
     * }</pre>
     *
     * @param <E> the element type
     */
    public static final class Builder<E> {
        private final Codec<E> codec;
        private int capacityBytes = 1 << 20;
        private boolean duplex = true;

        Builder(Codec<E> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** Bytes of ring in each direction, rounded up to a power of two; 1 MiB by default, 1 KiB to 1 GiB. */
        public Builder<E> capacityBytes(int bytes) {
            this.capacityBytes = RingLayout.capacityFor(bytes, "pipe");
            return this;
        }

        /** Makes the pipe one-way: the first end receives, the second sends. */
        public Builder<E> oneWay() {
            this.duplex = false;
            return this;
        }

        /** Creates the pipe {@code name}. @throws io.shmproc.memory.ObjectExistsException if the name is taken */
        public Pipe<E> create(Namespace ns, String name) {
            int capacity = capacityBytes;
            boolean both = duplex;
            Region region = ns.create(name, type(codec), PipeLayout.payloadBytes(capacity, both), payload -> {
                INT.set(payload, PipeLayout.DUPLEX_OFFSET, both ? 1 : 0);
                for (int end = 0; end < (both ? 2 : 1); end++) {
                    PipeRing.initialise(payload.asSlice(PipeLayout.ringOffset(end, capacity), PipeLayout.ringBytes(capacity)),
                            capacity, RingLayout.largestMessage(capacity));
                }
            });
            return new Pipe<>(region, codec);
        }
    }
}

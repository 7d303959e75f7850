package io.shmproc.channel;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessTable;
import io.shmproc.sync.Sleeper;
import java.io.EOFException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;

/**
 * One end of a {@link Pipe}: Python's {@code multiprocessing.connection.Connection}. Messages go through
 * the pipe's codec ({@link #send}, {@link #recv}) or as raw bytes ({@link #sendBytes}, {@link #recvBytes},
 * {@link #recvBytesInto}); the two forms share one stream, so a receiver reads each message the way it
 * was sent.
 *
 * <pre>{@code
 * Connection<String> c = pipe.second();
 * try {
 *     for (;;) {
 *         System.out.println(c.recv());
 *     }
 * } catch (EOFException end) {
 *     // the peer closed its end (or died) and every message it sent was received
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code send} waits while the pipe is full; once the peer has closed its end, or has died while
 *       the pipe is full, it throws {@link ChannelClosedException} (Python's {@code BrokenPipeError}).</li>
 *   <li>{@code recv} waits for a message; once the peer has closed its end or died and the pipe is
 *       drained, it throws {@link EOFException} (Python's {@code EOFError}).</li>
 *   <li>{@link #poll(long, TimeUnit)} says whether {@code recv} would return at once, with a message
 *       or with the end of the stream.</li>
 * </ul>
 * A connection serves any thread of its process; messages of one sending thread arrive in order.
 *
 * @param <E> the element type
 */
public final class Connection<E> implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final transient Pipe<E> pipe;
    private final transient int end;
    private final transient PipeRing in;
    private final transient PipeRing out;
    private final transient MessageCoder<E> coder;
    private final transient MemorySegment memory;
    private final transient ProcessTable processes;
    private final transient ProcessId self;
    private static final MessageRing.Writer<byte[]> COPY_ARRAY = (source, from, data, index, length) -> data.putBytes(index, source, from, length);

    private final transient ThreadLocal<IntoArray> intoArrays = ThreadLocal.withInitial(IntoArray::new);
    private volatile boolean closed;

    Connection(Pipe<E> pipe, int end, PipeRing in, PipeRing out) {
        this.pipe = pipe;
        this.end = end;
        this.in = in;
        this.out = out;
        this.coder = pipe.coder();
        this.memory = pipe.memory();
        this.processes = pipe.region().namespace().processes();
        this.self = pipe.region().namespace().self();
        long holder = PipeLayout.holderOffset(end);
        LONG.setRelease(memory, holder + PipeLayout.HOLDER_GENERATION, self.generation());
        INT.setRelease(memory, holder + PipeLayout.HOLDER_SLOT, self.slot() + 1);
        if (in != null) {
            in.endWhenWriterGone(this::peerGone);
        }
        if (out != null) {
            out.failWhenReaderGone(this::peerGone);
        }
    }

    /** @return whether the process holding the other end has died (false while nobody has taken it) */
    private boolean peerGone() {
        long holder = PipeLayout.holderOffset(1 - end);
        int slot = (int) INT.getVolatile(memory, holder + PipeLayout.HOLDER_SLOT) - 1;
        if (slot < 0) {
            return false;
        }
        ProcessId peer = new ProcessId(slot, (long) LONG.getVolatile(memory, holder + PipeLayout.HOLDER_GENERATION));
        return !peer.equals(self) && !processes.isAlive(peer);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code message} through the pipe's codec, waiting while the pipe is full.
     *
     * @throws ChannelClosedException if the peer closed its end, or died while the pipe was full
     * @throws CodecException if the codec cannot encode it; nothing is sent then
     * @throws MessageTooLargeException if it is larger than half the pipe's capacity
     */
    public void send(E message) throws InterruptedException {
        coder.offer(sending(), message, Long.MAX_VALUE);
    }

    /** Sends all of {@code bytes} as one raw message. */
    public void sendBytes(byte[] bytes) throws InterruptedException {
        sendBytes(bytes, 0, bytes.length);
    }

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one raw message. */
    public void sendBytes(byte[] bytes, int offset, int length) throws InterruptedException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        sending().offer(bytes, offset, length, COPY_ARRAY, Long.MAX_VALUE);
    }

    /** Sends {@code length} bytes of {@code buffer} from {@code offset} as one raw message, copied straight into the pipe. */
    public void sendBytes(DirectBuffer buffer, int offset, int length) throws InterruptedException {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        sending().offer(buffer, offset, length, MessageCoder.COPY, Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives the next message, decoded by the pipe's codec, waiting as long as it takes.
     *
     * @throws EOFException once the peer has closed its end or died and every message it sent was received
     */
    public E recv() throws InterruptedException, EOFException {
        MessageCoder.Receiver<E> receiver = coder.receiver();
        if (receiving().take(receiver, 1, Long.MAX_VALUE) < 0) {
            throw endOfStream();
        }
        return receiver.result();
    }

    /** Receives the next raw message as a new array. @throws EOFException as {@link #recv()} */
    public byte[] recvBytes() throws InterruptedException, EOFException {
        return recvBytes(Integer.MAX_VALUE);
    }

    /**
     * Receives the next raw message as a new array, if it is at most {@code maxLength} bytes.
     *
     * @throws MessageTooLargeException if the next message is longer; unlike Python, it stays in the pipe,
     *                                  which remains readable (receive it with a larger limit)
     * @throws EOFException             as {@link #recv()}
     */
    public byte[] recvBytes(int maxLength) throws InterruptedException, EOFException {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be at least 0, got " + maxLength);
        }
        PipeRing ring = receiving();
        if (!ring.awaitReadable(Long.MAX_VALUE)) {
            throw new IllegalStateException("unreachable: an endless wait ended");
        }
        int next = ring.nextLength();
        if (next > maxLength) {
            throw new MessageTooLargeException("this call to recvBytes (the message stays in " + pipe.name() + ")", next, maxLength);
        }
        byte[][] result = new byte[1][];
        if (ring.take((buffer, offset, length) -> {
            result[0] = new byte[length];
            buffer.getBytes(offset, result[0]);
        }, 1, Long.MAX_VALUE) < 0) {
            throw endOfStream();
        }
        return result[0];
    }

    /** As {@link #recvBytesInto(byte[], int)} from offset 0. */
    public int recvBytesInto(byte[] target) throws InterruptedException, EOFException {
        return recvBytesInto(target, 0);
    }

    /**
     * Receives the next raw message into {@code target} from {@code offset}.
     *
     * @return the message's length
     * @throws BufferTooShortException if it does not fit; the message is received all the same and the
     *                                 exception carries it whole
     * @throws EOFException            as {@link #recv()}
     */
    public int recvBytesInto(byte[] target, int offset) throws InterruptedException, EOFException {
        Objects.checkIndex(offset, target.length + 1);
        IntoArray into = intoArrays.get();
        into.target = target;
        into.offset = offset;
        into.tooLong = null;
        try {
            if (receiving().take(into, 1, Long.MAX_VALUE) < 0) {
                throw endOfStream();
            }
            if (into.tooLong != null) {
                throw new BufferTooShortException(into.tooLong, target.length - offset);
            }
            return into.length;
        } finally {
            into.target = null;
            into.tooLong = null;
        }
    }

    /** Copies a message into a caller's array, or aside whole when it does not fit; one per thread, so nothing is allocated. */
    private static final class IntoArray implements MessageHandler {
        byte[] target;
        int offset;
        int length;
        byte[] tooLong;

        @Override
        public void onMessage(DirectBuffer buffer, int at, int n) {
            length = n;
            if (n <= target.length - offset) {
                buffer.getBytes(at, target, offset, n);
            } else {
                tooLong = new byte[n];
                buffer.getBytes(at, tooLong);
            }
        }
    }

    /**
     * Hands the next message to {@code handler} as bytes in shared memory, waiting for one: the zero-copy
     * way to receive (the handler may even send the bytes on, straight from the pipe).
     *
     * @throws EOFException as {@link #recv()}
     */
    public void recv(MessageHandler handler) throws InterruptedException, EOFException {
        if (receiving().take(handler, 1, Long.MAX_VALUE) < 0) {
            throw endOfStream();
        }
    }

    /**
     * Hands the next message to {@code handler} if one is there now, without waiting: for receivers that
     * spin, or poll several sources in turn.
     *
     * @return whether a message was handled
     * @throws EOFException as {@link #recv()}
     */
    public boolean tryRecv(MessageHandler handler) throws EOFException {
        int taken;
        try {
            taken = receiving().take(handler, 1, MessageRing.NO_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not reached: a non-waiting take never sleeps
            return false;
        }
        if (taken < 0) {
            throw endOfStream();
        }
        return taken > 0;
    }

    /** @return whether {@link #recv()} would return at once (with a message or the end of the stream) */
    public boolean poll() {
        try {
            return receiving().awaitReadable(MessageRing.NO_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits at most {@code timeout} until {@link #recv()} would return at once.
     *
     * @return false if the time ran out first
     */
    public boolean poll(long timeout, TimeUnit unit) throws InterruptedException {
        return receiving().awaitReadable(Sleeper.deadline(unit.toNanos(timeout)));
    }

    // ---------------------------------------------------------------- state

    /** @return whether this end can receive (false for the sending end of a one-way pipe) */
    public boolean isReadable() {
        return in != null;
    }

    /** @return whether this end can send (false for the receiving end of a one-way pipe) */
    public boolean isWritable() {
        return out != null;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes this end: the peer receives what was sent, then the end of the stream, and its sends fail.
     * The pipe cannot be reopened. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pipe.region().isClosed()) {
            return;
        }
        if (out != null) {
            out.close();
        }
        if (in != null) {
            in.close(); // the peer's sends now fail instead of filling a pipe nobody reads
        }
    }

    private PipeRing sending() {
        checkOpen();
        if (out == null) {
            throw new UnsupportedOperationException("the first end of one-way pipe '" + pipe.name() + "' only receives;"
                    + " send from its second end");
        }
        return out;
    }

    /** @return the ring this end receives from, for {@link Channels#waitAny} */
    MessageRing receivingRing() {
        return receiving();
    }

    private PipeRing receiving() {
        checkOpen();
        if (in == null) {
            throw new UnsupportedOperationException("the second end of one-way pipe '" + pipe.name() + "' only sends;"
                    + " receive at its first end");
        }
        return in;
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedObjectException("this end of pipe '" + pipe.name() + "' is closed");
        }
        pipe.region().checkOpen();
    }

    private EOFException endOfStream() {
        return new EOFException("the other end of pipe '" + pipe.name() + "' was closed or its process died,"
                + " and every message it sent has been received");
    }

    /**
     * Serialises this end by name: the process that reads it attaches the pipe and takes this end (so
     * becomes the process its peer watches).
     *
     * @throws ClosedObjectException if this end is closed
     * @throws java.io.NotSerializableException if the pipe's codec is not {@link Serializable}
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        checkOpen();
        return pipe.reference(end == 0 ? ChannelAttacher.Kind.FIRST_END : ChannelAttacher.Kind.SECOND_END,
                "the " + (end == 0 ? "first" : "second") + " end of pipe '" + pipe.name() + "'");
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a channel is serialised as a SharedReference");
    }

    @Override
    public String toString() {
        return "Connection[" + pipe.name() + ", " + (end == 0 ? "first" : "second") + " end"
                + (closed ? ", closed" : "") + "]";
    }
}

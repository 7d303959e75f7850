package io.shmproc.channel;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.ProcessId;
import java.lang.foreign.MemorySegment;

/**
 * Read-only decoding of queues' and pipes' state, for tools: given an object's payload (from
 * {@link io.shmproc.memory.NamespaceView#payload}), how many messages and bytes wait, the capacity, and
 * whether the channel is closed. Nothing is written and no process slot is needed. Each figure is read
 * from the shared counters, so it is exact when no put or take is under way, as {@link SharedQueue#size()}.
 *
 * <pre>{@code
 * ObjectInfo jobs = view.object("jobs");
 * ChannelInspection.RingState q = ChannelInspection.queue(view.payload(jobs));
 * System.out.println(q.messages() + " messages, " + q.bytes() + " of " + q.capacityBytes() + " bytes");
 * }</pre>
 */
public final class ChannelInspection {
    /** Kind of {@link SharedQueue} and {@link SimpleQueue} objects. */
    public static final String QUEUE_KIND = SharedQueue.KIND;
    /** Kind of {@link JoinableQueue} objects. */
    public static final String JOINABLE_QUEUE_KIND = SharedQueue.JOINABLE_KIND;
    /** Kind of {@link Pipe} objects. */
    public static final String PIPE_KIND = PipeLayout.KIND;

    private ChannelInspection() {
    }

    /**
     * One ring's state: a queue's, or one direction of a pipe.
     *
     * @param messages        messages committed and not yet taken
     * @param bytes           bytes of the ring in use (records, their headers and padding)
     * @param capacityBytes   the ring's data bytes
     * @param maxMessageBytes the largest message accepted
     * @param maxMessages     the most messages held at once, or 0 when only bytes bound it
     * @param closed          whether it was closed for puts
     * @param unfinished      a joinable queue's messages put and not yet marked done (0 otherwise)
     */
    public record RingState(long messages, long bytes, int capacityBytes, int maxMessageBytes, int maxMessages,
                            boolean closed, long unfinished) {
    }

    /**
     * A pipe's state.
     *
     * @param duplex       whether both ends send and receive
     * @param firstHolder  the attachment that took the first end last, or null if none did yet
     * @param secondHolder the same for the second end
     * @param toFirst      the ring the first end receives from
     * @param toSecond     the ring the second end receives from, or null for a one-way pipe
     */
    public record PipeState(boolean duplex, ProcessId firstHolder, ProcessId secondHolder, RingState toFirst,
                            RingState toSecond) {
    }

    /** @return the state of the queue (plain, simple or joinable) whose payload is {@code payload} */
    public static RingState queue(MemorySegment payload) {
        return ring(payload, "queue");
    }

    /** @return the state of the pipe whose payload is {@code payload} */
    public static PipeState pipe(MemorySegment payload) {
        require(payload, PipeLayout.RINGS_OFFSET + PipeRingLayout.CONTROL_BYTES, "pipe");
        boolean duplex = readInt(payload, PipeLayout.DUPLEX_OFFSET) != 0;
        int capacity = readInt(payload, PipeLayout.RINGS_OFFSET + PipeRingLayout.CAPACITY_OFFSET);
        if (capacity < RingLayout.MIN_CAPACITY || capacity > RingLayout.MAX_CAPACITY || Integer.bitCount(capacity) != 1
                || payload.byteSize() < PipeLayout.payloadBytes(capacity, duplex)) {
            throw damaged(payload, "pipe");
        }
        RingState toFirst = pipeRing(payload.asSlice(PipeLayout.ringOffset(0, capacity), PipeLayout.ringBytes(capacity)), capacity);
        RingState toSecond = duplex
                ? pipeRing(payload.asSlice(PipeLayout.ringOffset(1, capacity), PipeLayout.ringBytes(capacity)), capacity) : null;
        return new PipeState(duplex, holder(payload, 0), holder(payload, 1), toFirst, toSecond);
    }

    private static RingState pipeRing(MemorySegment control, int capacity) {
        long[] state = PipeRing.inspect(control, capacity);
        return new RingState(state[0], state[1], capacity, readInt(control, PipeRingLayout.MAX_MESSAGE_OFFSET), 0, state[2] != 0, 0);
    }

    private static ProcessId holder(MemorySegment payload, int end) {
        long at = PipeLayout.holderOffset(end);
        int slot = readInt(payload, at + PipeLayout.HOLDER_SLOT) - 1;
        return slot < 0 ? null : new ProcessId(slot, (long) RingLayout.LONG.getVolatile(payload, at + PipeLayout.HOLDER_GENERATION));
    }

    private static RingState ring(MemorySegment control, String what) {
        require(control, RingLayout.CONTROL_BYTES, what);
        int capacity = readInt(control, RingLayout.CAPACITY_OFFSET);
        int entries = readInt(control, RingLayout.ENTRIES_OFFSET);
        if (capacity < RingLayout.MIN_CAPACITY || capacity > RingLayout.MAX_CAPACITY || entries < 0
                || control.byteSize() < RingLayout.payloadBytes(capacity, entries)) {
            throw damaged(control, what);
        }
        long puts = 0;
        for (int i = 0, used = Math.min(entries, readInt(control, RingLayout.ENTRIES_USED_OFFSET)); i < used; i++) {
            puts += readLong(control, RingLayout.entryOffset(i) + RingLayout.ENTRY_PUTS);
        }
        long skippedCounted = readLong(control, RingLayout.SKIPPED_COUNTED_OFFSET);
        long messages = Math.max(0, puts - readLong(control, RingLayout.TAKES_OFFSET) - skippedCounted);
        long bytes = Math.clamp(readLong(control, RingLayout.TAIL_OFFSET) - readLong(control, RingLayout.HEAD_OFFSET), 0, capacity);
        long unfinished = readInt(control, RingLayout.JOINABLE_OFFSET) != 0
                ? Math.max(0, puts - skippedCounted - readLong(control, RingLayout.DONE_OFFSET)) : 0;
        return new RingState(messages, bytes, capacity, readInt(control, RingLayout.MAX_MESSAGE_OFFSET),
                readInt(control, RingLayout.MAX_COUNT_OFFSET), readInt(control, RingLayout.CLOSED_OFFSET) != 0, unfinished);
    }

    private static int readInt(MemorySegment segment, long offset) {
        return (int) RingLayout.INT.getVolatile(segment, offset);
    }

    private static long readLong(MemorySegment segment, long offset) {
        return (long) RingLayout.LONG.getVolatile(segment, offset);
    }

    private static void require(MemorySegment payload, long bytes, String what) {
        if (payload.byteSize() < bytes) {
            throw damaged(payload, what);
        }
    }

    private static IncompatibleObjectException damaged(MemorySegment payload, String what) {
        return new IncompatibleObjectException("payload of " + payload.byteSize() + " bytes does not hold a " + what
                + " ring that fits it: the object is not a " + what + ", or is damaged");
    }
}

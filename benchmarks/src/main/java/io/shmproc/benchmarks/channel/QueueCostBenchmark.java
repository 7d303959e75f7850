package io.shmproc.benchmarks.channel;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SegmentBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one 32-byte message costs in CPU on a queue's hot path, with no second process and no cache line
 * crossing cores: one thread puts a batch, then takes it back. Beside it, Agrona's
 * {@link ManyToOneRingBuffer} on {@link UnsafeBuffer} doing the same in its own fork (with the
 * {@code --add-exports} it needs). Unlike the cross-process throughput rows, whose figure swings with
 * the machine's scheduling, this one repeats to a few nanoseconds, so it shows what a change to the ring
 * costs or saves. Scores are nanoseconds per message, a put and a take together.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class QueueCostBenchmark {
    /** Messages per put-then-take round: well inside either ring, so no put ever finds it full. */
    static final int BATCH = 1024;

    /** A shmproc queue of the throughput rows' capacity, in a namespace of this fork's own. */
    @State(Scope.Thread)
    public static class Queue {
        Namespace namespace;
        SharedQueue<byte[]> queue;
        final byte[] message = new byte[Workload.MESSAGE_BYTES];
        final SegmentBuffer buffer = SegmentBuffer.allocate(Workload.MESSAGE_BYTES);
        final List<byte[]> taken = new ArrayList<>(BATCH);
        final InOrder received = new InOrder(1);
        final MessageHandler handler = received::accept;
        long seq;

        @Setup(Level.Trial)
        public void open() {
            namespace = Namespace.open("bench-queue-cost-" + ProcessHandle.current().pid());
            queue = SharedQueue.builder(Codecs.bytes()).capacityBytes(Workload.QUEUE_CAPACITY_BYTES).create(namespace, "q");
        }

        @TearDown(Level.Trial)
        public void close() {
            queue.close();
            namespace.close();
        }
    }

    /** Agrona's many-to-one ring over direct memory of the same capacity. */
    @State(Scope.Thread)
    public static class AgronaRing {
        ManyToOneRingBuffer ring;
        final UnsafeBuffer message = AgronaRings.message();
        final InOrder received = new InOrder(1);
        final org.agrona.concurrent.MessageHandler handler = (type, buffer, index, length) -> received.accept(buffer, index, length);
        long seq;

        @Setup(Level.Trial)
        public void open() {
            ring = new ManyToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(Workload.QUEUE_CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            message.putInt(8, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long shmprocOfferDrainTo(Queue q) {
        for (int i = 0; i < BATCH; i++) {
            InOrder.stamp(q.message, 0, q.seq++);
            if (!q.queue.offer(q.message)) {
                throw new IllegalStateException("the queue is full after " + i + " of a batch of " + BATCH);
            }
        }
        for (int got = 0; got < BATCH; ) {
            q.taken.clear();
            got += q.queue.drainTo(q.taken, BATCH);
            for (byte[] message : q.taken) {
                q.received.accept(message, message.length);
            }
        }
        return q.received.count();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long shmprocOfferBufferDrain(Queue q) {
        for (int i = 0; i < BATCH; i++) {
            q.buffer.putLong(0, q.seq++);
            if (!q.queue.offerBuffer(q.buffer, 0, Workload.MESSAGE_BYTES)) {
                throw new IllegalStateException("the queue is full after " + i + " of a batch of " + BATCH);
            }
        }
        for (int got = 0; got < BATCH; ) {
            got += q.queue.drain(q.handler, BATCH);
        }
        return q.received.count();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(value = 3, jvmArgsPrepend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
    public long agronaWriteRead(AgronaRing a) {
        for (int i = 0; i < BATCH; i++) {
            a.message.putLong(0, a.seq++);
            if (!a.ring.write(1, a.message, 0, Workload.MESSAGE_BYTES)) {
                throw new IllegalStateException("the ring is full after " + i + " of a batch of " + BATCH);
            }
        }
        for (int got = 0; got < BATCH; ) {
            got += a.ring.read(a.handler, BATCH);
        }
        return a.received.count();
    }
}

package io.shmproc.memory;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.testing.ChildJvm;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agrona's own rings over a {@link SegmentBuffer} over a memory-mapped file, between threads and between
 * JVMs, with no JVM flags: the reason SegmentBuffer exists.
 */
class SegmentBufferRingTest {
    private static final int RING_SIZE = 64 * 1024;
    private static final int FILE_SIZE = RING_SIZE + RingBufferDescriptor.TRAILER_LENGTH;
    private static final int MESSAGE_TYPE = 7;
    /** Header (sequence, producer) plus up to 196 pattern bytes: records of many sizes, so the ring wraps unevenly. */
    private static final int MAX_MESSAGE = 12 + 196;
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofShared();
    private final List<FileChannel> channels = new ArrayList<>();

    @AfterEach
    void unmap() throws IOException {
        arena.close();
        for (FileChannel channel : channels) {
            channel.close();
        }
    }

    private SegmentBuffer mappedRing(String name) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(name), CREATE_NEW, READ, WRITE);
        channels.add(channel);
        return new SegmentBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE, arena));
    }

    @Test
    void runsWithoutTheFlagAgronasOwnBuffersNeed() {
        assertFalse(Object.class.getModule().isExported("jdk.internal.misc", getClass().getModule()),
                "these tests must run without --add-exports, to show that SegmentBuffer needs none");
    }

    @Test
    void oneToOneRingDeliversEveryMessageInOrder() throws IOException {
        OneToOneRingBuffer ring = new OneToOneRingBuffer(mappedRing("one-to-one"));
        int count = 100_000;
        Received received = new Received(1);
        assertTimeoutPreemptively(LIMIT, () -> {
            Producers producers = new Producers(ring, 1, count);
            while (received.total < count) {
                producers.checkHealthy();
                if (ring.read(received) == 0) {
                    Thread.yield();
                }
            }
            producers.join();
        });
        received.assertComplete(count);
        assertEquals(ring.producerPosition(), ring.consumerPosition());
        assertEquals(0, ring.size());
    }

    @Test
    void manyToOneRingDeliversEveryMessageOnceInEachProducersOrder() throws IOException {
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(mappedRing("many-to-one"));
        int producerCount = 3;
        int count = 30_000;
        Received received = new Received(producerCount);
        assertTimeoutPreemptively(LIMIT, () -> {
            Producers producers = new Producers(ring, producerCount, count);
            while (received.total < producerCount * count) {
                producers.checkHealthy();
                if (ring.read(received, 50) == 0) {
                    Thread.yield();
                }
            }
            producers.join();
        });
        received.assertComplete(count);
        assertEquals(ring.producerPosition(), ring.consumerPosition());
    }

    @Test
    void controlledReadCanAbortAndRetryAMessage() throws IOException {
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(mappedRing("controlled"));
        SegmentBuffer message = SegmentBuffer.allocate(MAX_MESSAGE);
        for (long seq = 0; seq < 3; seq++) {
            assertTrue(ring.write(MESSAGE_TYPE, message, 0, encode(message, 0, seq)));
        }
        Received received = new Received(1);
        boolean[] abortedOnce = {false};
        ControlledMessageHandler handler = (type, buffer, index, length) -> {
            if (buffer.getLong(index) == 1 && !abortedOnce[0]) {
                abortedOnce[0] = true;
                return ControlledMessageHandler.Action.ABORT;
            }
            received.onMessage(type, buffer, index, length);
            return ControlledMessageHandler.Action.CONTINUE;
        };
        assertEquals(1, ring.controlledRead(handler));
        assertEquals(2, ring.controlledRead(handler));
        received.assertComplete(3);
    }

    @Test
    void anAbandonedClaimIsSkippedOnceUnblocked() throws IOException {
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(mappedRing("abandoned"));
        SegmentBuffer message = SegmentBuffer.allocate(MAX_MESSAGE);
        int abandoned = ring.tryClaim(MESSAGE_TYPE, 40); // a producer that died before committing
        assertTrue(abandoned > 0);
        assertTrue(ring.write(MESSAGE_TYPE, message, 0, encode(message, 0, 0)));
        Received received = new Received(1);
        assertEquals(0, ring.read(received), "the uncommitted record blocks the consumer");
        assertTrue(ring.unblock());
        assertEquals(1, ring.read(received));
        received.assertComplete(1);
    }

    @Test
    void claimCommitAndAbortWriteThroughTheRingsOwnBuffer() throws IOException {
        OneToOneRingBuffer ring = new OneToOneRingBuffer(mappedRing("claims"));
        AtomicBuffer memory = ring.buffer();
        assertInstanceOf(SegmentBuffer.class, memory);
        int aborted = ring.tryClaim(MESSAGE_TYPE, 16);
        memory.putLong(aborted, 99);
        ring.abort(aborted);
        int claimed = ring.tryClaim(MESSAGE_TYPE, lengthOf(0));
        encode(memory, claimed, 0);
        ring.commit(claimed);
        Received received = new Received(1);
        assertEquals(1, ring.read(received), "the aborted record is padding the reader skips");
        received.assertComplete(1);
        ring.consumerHeartbeatTime(123_456L);
        assertEquals(123_456L, ring.consumerHeartbeatTime());
        assertNotEquals(ring.nextCorrelationId(), ring.nextCorrelationId());
    }

    @Test
    void correlationIdsAreUniqueAcrossProducers() throws IOException {
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(mappedRing("ids"));
        var ids = ConcurrentHashMap.<Long>newKeySet();
        int perThread = 20_000;
        Runnable take = () -> {
            for (int i = 0; i < perThread; i++) {
                ids.add(ring.nextCorrelationId());
            }
        };
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread other = new Thread(take);
            other.start();
            take.run();
            other.join();
        });
        assertEquals(2 * perThread, ids.size());
    }

    /** Produces into a many-to-one ring from another JVM that maps the same file. */
    public static final class RemoteProducer {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            int producer = Integer.parseInt(args[1]);
            int count = Integer.parseInt(args[2]);
            try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, READ, WRITE)) {
                SegmentBuffer memory = new SegmentBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena));
                ManyToOneRingBuffer ring = new ManyToOneRingBuffer(memory);
                System.out.println("ready");
                produce(ring, producer, count, System.nanoTime() + LIMIT.toNanos());
                System.out.println("done");
            }
        }
    }

    @Test
    void manyToOneRingWorksAcrossProcesses() throws IOException {
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(mappedRing("across"));
        int count = 30_000;
        Received received = new Received(2);
        try (ChildJvm child = ChildJvm.start(RemoteProducer.class, dir.resolve("across").toString(), "1",
                Integer.toString(count))) {
            child.awaitLine("ready", LIMIT);
            assertTimeoutPreemptively(LIMIT, () -> {
                Producers local = new Producers(ring, 1, count); // producer 0, racing the child for slots
                while (received.total < 2 * count) {
                    local.checkHealthy();
                    if (ring.read(received, 50) == 0) {
                        Thread.yield();
                    }
                }
                local.join();
            });
            child.awaitLine("done", LIMIT);
            assertEquals(0, child.awaitExit(LIMIT));
        }
        received.assertComplete(count);
    }

    // ---------------------------------------------------------------- messages

    /** Writes message {@code seq} of {@code producer} at {@code index}; its length depends on seq. */
    static int encode(MutableDirectBuffer buffer, int index, long seq) {
        return encode(buffer, index, 0, seq);
    }

    static int encode(MutableDirectBuffer buffer, int index, int producer, long seq) {
        int length = lengthOf(seq);
        buffer.putLong(index, seq);
        buffer.putInt(index + 8, producer);
        for (int i = 12; i < length; i++) {
            buffer.putByte(index + i, (byte) (seq * 31 + i));
        }
        return length;
    }

    private static int lengthOf(long seq) {
        return 12 + (int) (seq % 197);
    }

    static void produce(RingBuffer ring, int producer, int count, long deadline) {
        SegmentBuffer message = SegmentBuffer.allocate(MAX_MESSAGE);
        for (long seq = 0; seq < count; seq++) {
            if (seq % 3 == 2) { // every third message through a claim, written in place
                int index;
                while ((index = ring.tryClaim(MESSAGE_TYPE, lengthOf(seq))) <= 0) {
                    awaitRoom(deadline, producer);
                }
                encode(ring.buffer(), index, producer, seq);
                ring.commit(index);
            } else {
                int length = encode(message, 0, producer, seq);
                while (!ring.write(MESSAGE_TYPE, message, 0, length)) {
                    awaitRoom(deadline, producer);
                }
            }
        }
    }

    private static void awaitRoom(long deadline, int producer) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("producer " + producer + ": the ring stayed full until the deadline");
        }
        Thread.yield(); // two cores, shared: let the consumer run
    }

    /** Producer threads in this JVM, numbered from 0. */
    private static final class Producers {
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Producers(RingBuffer ring, int count, int messagesEach) {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            for (int p = 0; p < count; p++) {
                int producer = p;
                Thread thread = new Thread(() -> produce(ring, producer, messagesEach, deadline), "producer-" + p);
                thread.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
                threads.add(thread);
                thread.start();
            }
        }

        void checkHealthy() {
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("a producer failed", t);
            }
        }

        void join() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join();
            }
            checkHealthy();
        }
    }

    /** Checks each message's type, length and bytes, and that each producer's messages arrive once, in order. */
    private static final class Received implements MessageHandler {
        private final long[] next;
        int total;

        Received(int producers) {
            next = new long[producers];
        }

        @Override
        public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
            assertEquals(MESSAGE_TYPE, type);
            long seq = buffer.getLong(index);
            int producer = buffer.getInt(index + 8);
            assertTrue(producer >= 0 && producer < next.length, "producer " + producer);
            assertEquals(next[producer], seq, "producer " + producer + "'s next message");
            assertEquals(lengthOf(seq), length, "length of message " + seq);
            for (int i = 12; i < length; i++) {
                if (buffer.getByte(index + i) != (byte) (seq * 31 + i)) {
                    fail("message " + seq + " of producer " + producer + " differs at byte " + i);
                }
            }
            next[producer]++;
            total++;
        }

        void assertComplete(long eachProducer) {
            for (int p = 0; p < next.length; p++) {
                assertEquals(eachProducer, next[p], "messages from producer " + p);
            }
            assertEquals(eachProducer * next.length, total);
        }
    }
}

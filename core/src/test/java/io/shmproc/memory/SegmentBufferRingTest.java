package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agrona's own ring buffers, unchanged, over a {@link SegmentBuffer} on a mapped file. */
class SegmentBufferRingTest {
    private static final int RING_BYTES = 64 * 1024;
    private static final int MESSAGE_TYPE = 1;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @Test
    void oneToOneRingDeliversEveryMessageInOrder() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RingBuffer ring = new OneToOneRingBuffer(new SegmentBuffer(mapped(arena, "one-to-one")));
            assertEquals(List.of(500_000L), runProducersAndConsume(ring, 1, 500_000));
        }
    }

    @Test
    void manyToOneRingDeliversEveryMessageExactlyOnceInOrderPerProducer() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RingBuffer ring = new ManyToOneRingBuffer(new SegmentBuffer(mapped(arena, "many-to-one")));
            assertEquals(List.of(200_000L, 200_000L, 200_000L), runProducersAndConsume(ring, 3, 200_000));
        }
    }

    private MemorySegment mapped(Arena arena, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH, arena);
        }
    }

    /**
     * Each producer writes (producer id, sequence) messages; the consumer checks every producer's
     * sequence arrives without gap or repeat.
     *
     * @return how many messages of each producer arrived
     */
    private static List<Long> runProducersAndConsume(RingBuffer ring, int producers, int perProducer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                sent.add(pool.submit(() -> {
                    SegmentBuffer message = new SegmentBuffer(new byte[12]);
                    for (long seq = 0; seq < perProducer; seq++) {
                        message.putInt(0, producer);
                        message.putLong(4, seq);
                        while (!ring.write(MESSAGE_TYPE, message, 0, 12)) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("producer " + producer + " stuck at " + seq);
                            }
                            Thread.onSpinWait();
                        }
                    }
                }));
            }
            long[] next = new long[producers];
            long total = (long) producers * perProducer;
            long received = 0;
            while (received < total) {
                assertTrue(System.nanoTime() < deadline, "consumer timed out after " + received + " messages");
                received += ring.read((type, buffer, index, length) -> {
                    assertEquals(MESSAGE_TYPE, type);
                    assertEquals(12, length);
                    int producer = buffer.getInt(index);
                    long seq = buffer.getLong(index + 4);
                    assertEquals(next[producer], seq, "producer " + producer + " out of order");
                    next[producer]++;
                });
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(0, ring.size(), "nothing left over");
            List<Long> counts = new ArrayList<>();
            for (long n : next) {
                counts.add(n);
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }
}

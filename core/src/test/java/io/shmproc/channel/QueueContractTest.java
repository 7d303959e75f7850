package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import io.shmproc.memory.SegmentBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link java.util.concurrent.BlockingQueue} contract as every shared queue must keep it, written
 * once and run against each kind of queue by its subclasses (JCTools' QueueSanityTest is the model).
 * Waits are bounded; no test sleeps to synchronise.
 */
abstract class QueueContractTest {
    static final long BOUND_SECONDS = 60;
    static final int SMALL_RING = 1024;

    @TempDir
    Path root;
    Namespace ns;

    /** @return a new queue of {@code capacity} ring bytes named {@code name} */
    abstract SharedQueue<Stamp> create(Namespace ns, String name, int capacity);

    /** @return another handle on the queue {@code name}, as a second process would attach it */
    abstract SharedQueue<Stamp> attach(Namespace ns, String name);

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("queue")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing is left behind after a clean close");
    }

    @Test
    void offeredMessagesArePolledInOrderAndCountedExactly() {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            assertTrue(q.isEmpty());
            assertNull(q.poll());
            assertNull(q.peek());
            for (int i = 0; i < 100; i++) {
                assertTrue(q.offer(Stamp.of(1, i, 40)));
                assertEquals(i + 1, q.size());
            }
            assertEquals(Stamp.of(1, 0, 40), q.peek(), "peek shows the oldest without taking it");
            assertEquals(100, q.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(Stamp.of(1, i, 40), q.poll());
                assertEquals(99 - i, q.size());
            }
            assertNull(q.poll());
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void aSecondHandleSeesTheSameQueue() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16);
             SharedQueue<Stamp> other = attach(ns, "q")) {
            q.put(Stamp.of(1, 1, 10));
            assertEquals(1, other.size());
            assertEquals(Stamp.of(1, 1, 10), other.take());
            assertEquals(0, q.size());
        }
    }

    @Test
    void manyMessagesOfMixedSizesWrapAroundASmallRingIntact() {
        try (SharedQueue<Stamp> q = create(ns, "q", SMALL_RING)) {
            int most = q.maxMessageBytes() - Stamp.HEADER;
            int put = 0;
            int taken = 0;
            while (taken < 20_000) {
                while (put - taken < 5 && q.offer(Stamp.of(2, put, most))) {
                    put++;
                }
                Stamp s = q.poll();
                assertEquals(Stamp.of(2, taken, most), s);
                taken++;
            }
            assertEquals(put - taken, q.size());
        }
    }

    @Test
    void aFullQueueRefusesOffersAndTimesOutThenMakesRoomAfterATake() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", SMALL_RING)) {
            int n = 0;
            while (q.offer(new Stamp(3, n, 100))) {
                n++;
            }
            assertTrue(n >= 4 && n <= SMALL_RING / (8 + Stamp.HEADER + 100), n + " messages of 120 bytes fit in 1 KiB");
            long start = System.nanoTime();
            assertFalse(q.offer(new Stamp(3, n, 100), 50, TimeUnit.MILLISECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 49 && waited < 5_000, "the timed offer waited about its timeout: " + waited + " ms");
            assertEquals(n, q.size(), "a refused offer leaves nothing behind");
            assertEquals(new Stamp(3, 0, 100), q.poll());
            assertTrue(q.offer(new Stamp(3, n, 100)));
            for (int i = 1; i <= n; i++) {
                assertEquals(new Stamp(3, i, 100), q.poll());
            }
        }
    }

    @Test
    void aBlockedPutReturnsOnceAConsumerTakes() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", SMALL_RING)) {
            int n = 0;
            while (q.offer(new Stamp(4, n, 200))) {
                n++;
            }
            int last = n;
            CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
                try {
                    q.put(new Stamp(4, last, 200));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> put.get(100, TimeUnit.MILLISECONDS), "put waits while full");
            assertEquals(new Stamp(4, 0, 200), q.take());
            put.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(n, q.size());
        }
    }

    @Test
    void aBlockedTakeReturnsWhenAnotherThreadPuts() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            CompletableFuture<Stamp> take = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> take.get(100, TimeUnit.MILLISECONDS), "take waits while empty");
            q.put(Stamp.of(5, 7, 30));
            assertEquals(Stamp.of(5, 7, 30), take.get(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimedPollOfAnEmptyQueueReturnsNullAfterAboutItsTimeout() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            long start = System.nanoTime();
            assertNull(q.poll(80, TimeUnit.MILLISECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 79 && waited < 5_000, "waited " + waited + " ms");
            assertNull(q.poll(0, TimeUnit.SECONDS));
        }
    }

    @Test
    void anInterruptWakesABlockedTakeAndABlockedPut() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", SMALL_RING)) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread taker = new Thread(() -> {
                started.countDown();
                try {
                    q.take();
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            taker.start();
            assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS));
            taker.interrupt();
            taker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertFalse(taker.isAlive());
            assertTrue(outcome.get() instanceof InterruptedException, "take threw " + outcome.get());

            while (q.offer(new Stamp(6, 0, 200))) {
                // fill it
            }
            Thread putter = new Thread(() -> {
                try {
                    q.put(new Stamp(6, 1, 200));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            outcome.set(null);
            putter.start();
            putter.interrupt();
            putter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertFalse(putter.isAlive());
            assertTrue(outcome.get() instanceof InterruptedException, "put threw " + outcome.get());
        }
    }

    @Test
    void aMessageAtTheMaximumFitsAndOneByteMoreIsRefusedNamingBothSizes() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", SMALL_RING)) {
            int max = q.maxMessageBytes();
            assertEquals(SMALL_RING / 2 - 8, max);
            Stamp biggest = new Stamp(7, 1, max - Stamp.HEADER);
            q.put(biggest);
            q.put(biggest);
            assertEquals(biggest, q.take());
            MessageTooLargeException e = assertThrows(MessageTooLargeException.class,
                    () -> q.put(new Stamp(7, 2, max - Stamp.HEADER + 1)));
            assertEquals(max + 1, e.length());
            assertEquals(max, e.limit());
            assertTrue(e.getMessage().contains((max + 1) + " bytes") && e.getMessage().contains(max + " bytes"), e.getMessage());
            assertEquals(1, q.size(), "the refused message left nothing behind");
            assertEquals(biggest, q.take());
            q.put(Stamp.of(7, 3, 10));
            assertEquals(Stamp.of(7, 3, 10), q.take());
        }
    }

    @Test
    void closingForPutsRefusesPutsLetsConsumersDrainThenReportsTheEnd() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16);
             SharedQueue<Stamp> other = attach(ns, "q")) {
            q.put(Stamp.of(8, 1, 10));
            q.put(Stamp.of(8, 2, 10));
            CompletableFuture<Stamp> blocked;
            try (SharedQueue<Stamp> third = attach(ns, "q")) {
                assertEquals(Stamp.of(8, 1, 10), third.take());
                assertEquals(Stamp.of(8, 2, 10), third.take());
                blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        return third.take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> blocked.get(50, TimeUnit.MILLISECONDS));
                q.put(Stamp.of(8, 3, 10));
                assertEquals(Stamp.of(8, 3, 10), blocked.get(BOUND_SECONDS, TimeUnit.SECONDS));
                CompletableFuture<Stamp> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return third.take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                q.put(Stamp.of(8, 4, 10));
                other.closeForPuts();
                assertEquals(Stamp.of(8, 4, 10), waiting.get(BOUND_SECONDS, TimeUnit.SECONDS));
            }
            assertTrue(q.isClosedForPuts());
            assertThrows(ChannelClosedException.class, () -> q.put(Stamp.of(8, 5, 10)));
            assertThrows(ChannelClosedException.class, () -> q.offer(Stamp.of(8, 5, 10)));
            assertTrue(q.isDrained());
            assertNull(q.poll(BOUND_SECONDS, TimeUnit.SECONDS), "a drained closed queue answers at once");
            assertThrows(ChannelClosedException.class, q::take);
        }
    }

    @Test
    void closingWakesATakeBlockedOnAnEmptyQueue() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            CompletableFuture<Throwable> take = CompletableFuture.supplyAsync(() -> {
                try {
                    q.take();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThrows(TimeoutException.class, () -> take.get(50, TimeUnit.MILLISECONDS));
            q.closeForPuts();
            assertTrue(take.get(BOUND_SECONDS, TimeUnit.SECONDS) instanceof ChannelClosedException);
        }
    }

    @Test
    void encodingFailuresThrowInPutAndLeaveTheQueueUsable() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            q.put(Stamp.of(9, 1, 10));
            Codec<Stamp> failing = new FailingCodec(Stamp.CODEC, 5);
            try (SharedQueue<Stamp> bad = new SharedQueue<>(attachRegion("q"), failing, "queue")) {
                CodecException e = assertThrows(CodecException.class, () -> bad.put(new Stamp(9, 2, 50)));
                assertTrue(e.getMessage().contains("refused"), e.getMessage());
                CodecException wrong = assertThrows(CodecException.class, () -> bad.put(new Stamp(9, 3, 60)));
                assertTrue(wrong.getMessage().contains("encodedLength"), wrong.getMessage());
            }
            assertEquals(1, q.size(), "failed puts leave no message");
            q.put(Stamp.of(9, 4, 10));
            assertEquals(Stamp.of(9, 1, 10), q.take());
            assertEquals(Stamp.of(9, 4, 10), q.take());
            assertNull(q.poll());
        }
    }

    @Test
    void aMessageWhoseDecodingFailsIsConsumedAndTheNextOneIsDelivered() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            SegmentBuffer garbage = SegmentBuffer.allocate(20);
            garbage.putInt(8, 1_000); // claims 1000 bytes of padding in a 20-byte record
            assertTrue(q.offerBuffer(garbage, 0, 20));
            q.put(Stamp.of(10, 1, 10));
            assertThrows(CodecException.class, q::take);
            assertEquals(Stamp.of(10, 1, 10), q.take());
        }
    }

    @Test
    void bytesGoInAndOutWithoutACodecThroughTheZeroCopyPath() throws Exception {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            SegmentBuffer source = SegmentBuffer.allocate(64);
            for (int i = 0; i < 10; i++) {
                source.putLong(8, i);
                assertTrue(q.offerBuffer(source, 8, 8));
            }
            q.putBuffer(source, 8, 8);
            assertThrows(IndexOutOfBoundsException.class, () -> q.offerBuffer(source, 60, 8));
            long[] sum = {0, 0};
            MessageHandler add = (buffer, offset, length) -> {
                sum[0] += buffer.getLong(offset);
                sum[1] += length;
            };
            assertEquals(4, q.drain(add, 4));
            assertEquals(7, q.drain(add, 100, 1, TimeUnit.SECONDS));
            assertEquals(0, q.drain(add, 100));
            assertEquals(45 + 9, sum[0]);
            assertEquals(88, sum[1]);
            assertThrows(IllegalArgumentException.class, () -> q.drain(add, 0));
        }
    }

    @Test
    void drainToMovesUpToTheLimitInOrder() {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            for (int i = 0; i < 150; i++) {
                assertTrue(q.offer(Stamp.of(11, i, 20)));
            }
            List<Stamp> out = new ArrayList<>();
            assertEquals(100, q.drainTo(out, 100));
            assertEquals(50, q.drainTo(out));
            assertEquals(0, q.drainTo(out));
            for (int i = 0; i < 150; i++) {
                assertEquals(Stamp.of(11, i, 20), out.get(i));
            }
            assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
        }
    }

    @Test
    void iterationAndToStringAreSnapshotsThatTakeNothing() {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            for (int i = 0; i < 3; i++) {
                q.offer(new Stamp(12, i, 0));
            }
            List<Stamp> seen = new ArrayList<>();
            q.iterator().forEachRemaining(seen::add);
            assertEquals(List.of(new Stamp(12, 0, 0), new Stamp(12, 1, 0), new Stamp(12, 2, 0)), seen);
            assertTrue(q.contains(new Stamp(12, 1, 0)));
            assertTrue(q.toString().contains("Stamp[producer=12, seq=2, padding=0]"), q.toString());
            assertEquals(3, q.size());
            assertThrows(UnsupportedOperationException.class, () -> q.remove(new Stamp(12, 1, 0)));
            assertThrows(UnsupportedOperationException.class, () -> {
                var it = q.iterator();
                it.next();
                it.remove();
            });
            assertThrows(NullPointerException.class, () -> q.offer(null));
            q.clear();
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void attachingWithACodecOfAnotherShapeIsRefusedNamingBoth() {
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 16)) {
            Codec<Stamp> other = new FailingCodec(Stamp.CODEC, -1) {
                @Override
                public String descriptor() {
                    return "other-shape";
                }
            };
            IncompatibleObjectException e = assertThrows(IncompatibleObjectException.class, () -> SharedQueue.attach(ns, "q", other));
            assertTrue(e.getMessage().contains("test-stamp") && e.getMessage().contains("other-shape"), e.getMessage());
        }
    }

    @Test
    void producersAndConsumersOnManyThreadsDeliverEveryMessageOnceInOrderPerProducer() throws Exception {
        int producers = 4;
        int consumers = 3;
        int each = 50_000;
        try (SharedQueue<Stamp> q = create(ns, "q", 1 << 14)) {
            int most = Math.min(200, q.maxMessageBytes() - Stamp.HEADER);
            int[][] received = new int[producers][each];
            int[] lastSeen = new int[producers * consumers];
            java.util.Arrays.fill(lastSeen, -1);
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            runEach(producers + consumers, index -> {
                if (index < producers) {
                    for (int seq = 0; seq < each; seq++) {
                        q.put(Stamp.of(index, seq, most));
                    }
                    return;
                }
                int me = index - producers;
                while (done.get() < producers * each) {
                    Stamp s = q.poll(10, TimeUnit.MILLISECONDS);
                    if (s == null) {
                        continue;
                    }
                    synchronized (received) {
                        received[s.producer()][s.seq()]++;
                    }
                    int slot = s.producer() * consumers + me;
                    if (s.seq() <= lastSeen[slot]) {
                        throw new AssertionError("consumer " + me + " saw " + s + " after seq " + lastSeen[slot]);
                    }
                    lastSeen[slot] = s.seq();
                    done.incrementAndGet();
                }
            });
            for (int p = 0; p < producers; p++) {
                for (int seq = 0; seq < each; seq++) {
                    assertEquals(1, received[p][seq], "message " + p + "/" + seq + " delivered once");
                }
            }
            assertTrue(q.isEmpty());
        }
    }

    interface Step {
        void run(int index) throws Exception;
    }

    /** Runs {@code step(0..threads-1)} on as many threads at once, failing on the first error or after the bound. */
    static void runEach(int threads, Step step) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    step.run(index);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            for (var f : futures) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private io.shmproc.memory.Region attachRegion(String name) {
        return ns.attach(name, SharedQueue.type(Stamp.CODEC, false), SharedQueue.type(Stamp.CODEC, true));
    }

    /** Refuses messages with seq 2 (at length or while writing) and misreports the length of seq 3. */
    static class FailingCodec implements Codec<Stamp> {
        private final Codec<Stamp> inner;
        private final int failAfterBytes;

        FailingCodec(Codec<Stamp> inner, int failAfterBytes) {
            this.inner = inner;
            this.failAfterBytes = failAfterBytes;
        }

        @Override
        public int encodedLength(Stamp s) {
            return s.seq() == 3 ? inner.encodedLength(s) + 8 : inner.encodedLength(s);
        }

        @Override
        public int encode(Stamp s, MutableDirectBuffer buffer, int offset) {
            if (s.seq() == 2) {
                buffer.putInt(offset, 42);
                buffer.putInt(offset + failAfterBytes, 42);
                throw new CodecException("refused " + s + " after writing some of it");
            }
            return inner.encode(s, buffer, offset);
        }

        @Override
        public Stamp decode(DirectBuffer buffer, int offset, int length) {
            return inner.decode(buffer, offset, length);
        }

        @Override
        public String descriptor() {
            return inner.descriptor();
        }
    }
}

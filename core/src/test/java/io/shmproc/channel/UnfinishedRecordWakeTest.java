package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.TestNamespaces;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one wake-up a queue's commit may miss: a producer's commit looks for a sleeping consumer with a
 * plain load (no fence of its own), so a consumer that announces its sleep while the record at the head
 * is still being written may not be woken by that record's commit. Such a consumer sleeps only a short
 * slice ({@link MessageRing#unfinishedRecordSlice}) and takes the message when it looks again.
 *
 * <p>The race is forced here rather than waited for: the producer stalls inside its codec, the consumer
 * goes to sleep facing the unfinished record, and the test withdraws the consumer's announcement before
 * the producer goes on, exactly as a commit that looked before the announcement would have seen it. The
 * commit then makes no wake-up call, and the consumer must still take the message well within the long
 * slice an idle consumer sleeps ({@link io.shmproc.sync.Sleeper#INTERRUPT_SLICE_NANOS}, 100 ms), which a
 * consumer that slept that long on an unfinished record would exceed in every round.
 */
class UnfinishedRecordWakeTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Records of 11-byte messages do not divide it, so the rounds wrap round it, with a padding, several times. */
    private static final int CAPACITY_BYTES = 1024;
    private static final int ROUNDS = 120;
    /** Half the long slice: a consumer that missed the wake-up and slept the long slice takes longer. */
    private static final long MISSED_WAKE_NANOS = 50_000_000;

    /** A thread each: the common pool may have a single thread, which the stalled producer would hold. */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().start(task);

    @TempDir
    Path root;

    /** How a consumer waits for the message and takes it. */
    private interface Take {
        String from(SharedQueue<String> queue) throws InterruptedException;
    }

    @Test
    void aConsumerAsleepInPollOnAnUnfinishedRecordTakesItsMessageEvenWhenTheCommitMissesItsAnnouncement() throws Exception {
        missedWakeUp(queue -> queue.poll(BOUND.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aWaitAnyAsleepOnAnUnfinishedRecordSeesItsMessageEvenWhenTheCommitMissesItsAnnouncement() throws Exception {
        missedWakeUp(WAIT_ANY, false);
    }

    /** A record whose encoding failed is turned into a padding in place: the unfinished record follows it. */
    @Test
    void aConsumerAsleepBehindAnAbandonedRecordSeesTheUnfinishedOneAfterItToo() throws Exception {
        missedWakeUp(queue -> queue.poll(BOUND.toSeconds(), TimeUnit.SECONDS), true);
        missedWakeUp(WAIT_ANY, true);
    }

    private static final Take WAIT_ANY =
            queue -> Channels.waitAny(List.of(queue), BOUND.toSeconds(), TimeUnit.SECONDS).isEmpty() ? null : queue.poll();

    private void missedWakeUp(Take take) throws Exception {
        missedWakeUp(take, false);
    }

    /** @param abandonFirst whether each round first puts a message whose encoding fails, leaving a padding at the head */
    private void missedWakeUp(Take take, boolean abandonFirst) throws Exception {
        try (Namespace ns = Namespace.builder(TestNamespaces.unique("unfinished")).directory(root).open();
             SharedQueue<String> queue = SharedQueue.builder(new StallOnce()).capacityBytes(CAPACITY_BYTES).open(ns, "q")) {
            Ring ring = queue.ring();
            StallOnce codec = (StallOnce) queue.codec();
            int afterPadding = 0;
            for (int round = 0; round < ROUNDS; round++) {
                String message = String.format("message %03d", round);
                if (abandonFirst) {
                    assertThrows(IllegalArgumentException.class, () -> queue.put(StallOnce.UNENCODABLE));
                }
                codec.arm();
                CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> putUninterruptibly(queue, message), OWN_THREAD);
                assertTrue(codec.writing.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the producer never began writing");
                withdrawAnnouncement(ring); // nobody waits yet: the next announcement is the consumer's

                long[] tookAt = new long[1];
                CompletableFuture<String> consumer = CompletableFuture.supplyAsync(() -> {
                    String taken = takeUninterruptibly(take, queue);
                    tookAt[0] = System.nanoTime();
                    return taken;
                }, OWN_THREAD);
                boolean wrapped = recordWrapped(queue);
                afterPadding += wrapped ? 1 : 0;
                String where = "round " + round + (wrapped ? " (a padding at the head, the record at the ring's start): " : ": ");
                awaitUntil(() -> {
                    if (consumer.isDone()) {
                        throw new AssertionError(where + "the consumer returned " + consumer.join() + " before the record was committed");
                    }
                    return ring.readerSleepAnnounced();
                }, where + "the consumer never went to sleep");

                withdrawAnnouncement(ring); // what a commit that looked before the announcement saw
                long released = System.nanoTime();
                codec.proceed.countDown();
                producer.get(BOUND.toSeconds(), TimeUnit.SECONDS);

                assertEquals(message, consumer.get(BOUND.toSeconds(), TimeUnit.SECONDS), where);
                long waited = tookAt[0] - released;
                assertTrue(waited < MISSED_WAKE_NANOS, where + "the consumer took the message " + waited / 1_000 + " us after its "
                        + "commit: it slept as if a commit would wake it, but this commit could not see its announcement");
                assertEquals(0, queue.size(), where);
            }
            assertTrue(abandonFirst || afterPadding > 0, "no round's record wrapped round the ring's end");
        }
    }

    /** @return whether the one claimed record starts at the ring's start, after a padding at the head */
    private static boolean recordWrapped(SharedQueue<?> queue) {
        MemorySegment control = queue.ring().control();
        int mask = queue.capacityBytes() - 1;
        long head = (long) RingLayout.LONG.getVolatile(control, RingLayout.HEAD_OFFSET);
        long tail = (long) RingLayout.LONG.getVolatile(control, RingLayout.TAIL_OFFSET);
        return ((int) tail & mask) < ((int) head & mask);
    }

    private static void withdrawAnnouncement(Ring ring) {
        RingLayout.INT.setVolatile(ring.sleepMemory(), ring.readerSleepingOffset(), 0);
    }

    private static void putUninterruptibly(SharedQueue<String> queue, String message) {
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String takeUninterruptibly(Take take, SharedQueue<String> queue) {
        try {
            return take.from(queue);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Strings, whose encoding stalls once armed, with the record's header written and its payload half done. */
    private static final class StallOnce implements Codec<String> {
        /** A message whose encoding fails, part written, after its record was claimed. */
        static final String UNENCODABLE = "unencodable";
        private volatile CountDownLatch writing = new CountDownLatch(0);
        private volatile CountDownLatch proceed = new CountDownLatch(0);

        void arm() {
            writing = new CountDownLatch(1);
            proceed = new CountDownLatch(1);
        }

        @Override
        public int encodedLength(String message) {
            return Codecs.string().encodedLength(message);
        }

        @Override
        public int encode(String message, MutableDirectBuffer buffer, int offset) {
            if (message.equals(UNENCODABLE)) {
                buffer.putByte(offset, (byte) '!');
                throw new IllegalArgumentException("this message cannot be encoded");
            }
            if (writing.getCount() > 0) {
                buffer.putByte(offset, (byte) '?');
                writing.countDown();
                try {
                    if (!proceed.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the producer go on");
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Codecs.string().encode(message, buffer, offset);
        }

        @Override
        public String decode(DirectBuffer buffer, int offset, int length) {
            return Codecs.string().decode(buffer, offset, length);
        }

        @Override
        public String descriptor() {
            return Codecs.string().descriptor();
        }
    }
}

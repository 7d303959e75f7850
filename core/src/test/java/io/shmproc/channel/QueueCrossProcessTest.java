package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedIntArray;
import io.shmproc.shared.SharedLongArray;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SharedQueue across real JVMs: many producers and consumers, producers SIGKILLed mid-stream a hundred
 * times, a producer killed in the middle of writing a record, a consumer killed in the middle of reading one,
 * another killed part way through a batch it was taking, and a record committed while a consumer asks
 * whether its writer, which leaves right after, still lives.
 */
class QueueCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    static void awaitGo() throws Exception {
        new BufferedReader(new InputStreamReader(System.in)).readLine();
    }

    /** args: root ns producerId count most [announceAt]. Puts count stamps, recording in "committed" how many returned. */
    public static final class Producer {
        public static void main(String[] args) throws Exception {
            int id = Integer.parseInt(args[2]);
            int count = Integer.parseInt(args[3]);
            int most = Integer.parseInt(args[4]);
            int announceAt = args.length > 5 ? Integer.parseInt(args[5]) : -1;
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", Stamp.CODEC);
                 SharedLongArray committed = SharedLongArray.attach(ns, "committed")) {
                System.out.println("ready");
                awaitGo();
                for (int seq = 0; seq < count; seq++) {
                    q.put(Stamp.of(id, seq, most));
                    committed.setRelease(id, seq + 1);
                    if (seq + 1 == announceAt) {
                        System.out.println("streaming");
                    }
                }
            }
            System.out.println("done");
        }
    }

    /** args: root ns producers perProducer. Takes until the queue is closed and drained, marking "received". */
    public static final class Consumer {
        public static void main(String[] args) throws Exception {
            int producers = Integer.parseInt(args[2]);
            int perProducer = Integer.parseInt(args[3]);
            int[] lastSeq = new int[producers];
            java.util.Arrays.fill(lastSeq, -1);
            long taken = 0;
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", Stamp.CODEC);
                 SharedIntArray received = SharedIntArray.attach(ns, "received")) {
                System.out.println("ready");
                awaitGo();
                try {
                    for (;;) {
                        Stamp s = q.take();
                        if (s.seq() <= lastSeq[s.producer()]) {
                            System.out.println("out of order: " + s + " after seq " + lastSeq[s.producer()]);
                            System.exit(3);
                        }
                        lastSeq[s.producer()] = s.seq();
                        received.getAndAdd(s.producer() * perProducer + s.seq(), 1);
                        taken++;
                    }
                } catch (ChannelClosedException endOfStream) {
                    System.out.println("done " + taken);
                }
            }
        }
    }

    @Test
    void threeProducerJvmsAndTwoConsumerJvmsDeliverThreeMillionMessagesExactlyOnceInOrderPerProducer() throws Exception {
        int producers = 3;
        int each = 1_000_000;
        String name = TestNamespaces.unique("mpmc");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).capacityBytes(1 << 20).create(ns, "q");
             SharedIntArray received = SharedIntArray.create(ns, "received", producers * each);
             SharedLongArray committed = SharedLongArray.create(ns, "committed", producers)) {
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int p = 0; p < producers; p++) {
                    children.add(ChildJvm.startWith(FUTEX, Producer.class, root.toString(), name, "" + p, "" + each, "20"));
                }
                for (int c = 0; c < 2; c++) {
                    children.add(ChildJvm.startWith(c == 0 ? FUTEX : List.of(), Consumer.class, root.toString(), name,
                            "" + producers, "" + each));
                }
                for (ChildJvm child : children) {
                    child.awaitLine("ready", BOUND);
                }
                children.forEach(child -> child.send("go"));
                for (int p = 0; p < producers; p++) {
                    children.get(p).awaitLine("done", BOUND);
                }
                q.closeForPuts();
                long taken = 0;
                for (int c = producers; c < children.size(); c++) {
                    String line = children.get(c).nextLine(BOUND);
                    assertTrue(line.startsWith("done "), line);
                    taken += Long.parseLong(line.substring(5));
                    assertEquals(0, children.get(c).awaitExit(BOUND));
                }
                assertEquals((long) producers * each, taken);
                for (int i = 0; i < producers * each; i++) {
                    if (received.get(i) != 1) {
                        throw new AssertionError("message " + i / each + "/" + i % each + " was delivered " + received.get(i) + " times");
                    }
                }
                assertTrue(q.isDrained());
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aHundredProducersKilledAtRandomMomentsMidStreamNeverWedgeTheQueueNorLoseOrRepeatACommittedMessage() throws Exception {
        int runs = 100;
        int limit = 20_000;
        int most = 3_000; // long records: a kill often lands between a claim and its commit
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String name = TestNamespaces.unique("kills");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).capacityBytes(1 << 16).create(ns, "q");
             SharedLongArray committed = SharedLongArray.create(ns, "committed", runs + 1)) {
            int live = runs; // the producer id of a thread of this JVM that streams throughout
            int[][] received = new int[runs + 1][limit];
            int[] lastSeq = new int[runs + 1];
            java.util.Arrays.fill(lastSeq, -1);
            // the live producer puts limit / runs messages during each run, interleaved with the victim's
            java.util.concurrent.Semaphore liveTurns = new java.util.concurrent.Semaphore(0);
            // threads of their own: the common pool may have a single thread on two cores
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            CompletableFuture<Integer> liveProducer = CompletableFuture.supplyAsync(() -> {
                int seq = 0;
                try {
                    while (seq < limit) {
                        if (!liveTurns.tryAcquire(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                            throw new IllegalStateException("no turn for the live producer in " + BOUND);
                        }
                        q.put(Stamp.of(live, seq++, 200));
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return seq;
            }, threads);
            CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> {
                try {
                    for (;;) {
                        Stamp s = q.take();
                        if (s.seq() <= lastSeq[s.producer()]) {
                            throw new AssertionError("out of order: " + s + " after " + lastSeq[s.producer()]);
                        }
                        lastSeq[s.producer()] = s.seq();
                        received[s.producer()][s.seq()]++;
                    }
                } catch (ChannelClosedException endOfStream) {
                    // every message taken
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            Deque<ChildJvm> ready = new ArrayDeque<>();
            try {
                for (int run = 0; run < runs; run++) {
                    while (ready.size() < 2 && run + ready.size() < runs) {
                        int id = run + ready.size();
                        int announceAt = 1 + random.nextInt(2_000);
                        ready.add(ChildJvm.startWith(FUTEX, Producer.class, root.toString(), name, "" + id, "" + limit,
                                "" + most, "" + announceAt));
                    }
                    try (ChildJvm victim = ready.poll()) {
                        victim.awaitLine("ready", BOUND);
                        victim.send("go");
                        liveTurns.release(limit / runs);
                        victim.awaitLine("streaming", BOUND);
                        victim.kill();
                    } catch (AssertionError stuck) {
                        if (consumer.isCompletedExceptionally()) {
                            consumer.join(); // throws what stopped the consumer, the real failure
                        }
                        throw stuck;
                    }
                    assertTrue(!consumer.isDone(), "the consumer is still taking");
                }
            } finally {
                ready.forEach(ChildJvm::close);
                threads.shutdown();
            }
            int liveCount = liveProducer.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            q.closeForPuts();
            consumer.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            for (int seq = 0; seq < liveCount; seq++) {
                assertEquals(1, received[live][seq], "live message " + seq);
            }
            for (int run = 0; run < runs; run++) {
                long done = committed.get(run);
                assertTrue(done >= 1, "run " + run + " committed something before its kill");
                for (int seq = 0; seq < limit; seq++) {
                    int times = received[run][seq];
                    if (seq < done && times != 1 || seq == done && times > 1 || seq > done && times != 0) {
                        throw new AssertionError("run " + run + " (seed " + seed + "): message " + seq + " delivered " + times
                                + " times, " + done + " puts had returned before the kill");
                    }
                }
            }
            long skipped = q.deadProducerClaimsSkipped();
            System.out.println("kill loop: " + runs + " producers killed mid-stream, " + skipped
                    + " unfinished claims of dead producers skipped, " + liveCount + " live messages, seed " + seed);
            assertTrue(skipped >= 1, "some kill landed mid-write (seed " + seed + ")");
            assertTrue(q.isDrained());
        }
    }

    /** A codec that writes half a stamp, says "writing", then waits forever: a producer caught mid-write. */
    static final class StallingCodec implements Codec<Stamp> {
        private final boolean stallOnEncode;

        StallingCodec(boolean stallOnEncode) {
            this.stallOnEncode = stallOnEncode;
        }

        @Override
        public int encodedLength(Stamp s) {
            return Stamp.CODEC.encodedLength(s);
        }

        @Override
        public int encode(Stamp s, MutableDirectBuffer buffer, int offset) {
            if (stallOnEncode && s.seq() < 0) {
                buffer.putInt(offset, s.producer());
                stall("writing");
            }
            return Stamp.CODEC.encode(s, buffer, offset);
        }

        @Override
        public Stamp decode(DirectBuffer buffer, int offset, int length) {
            Stamp s = Stamp.CODEC.decode(buffer, offset, length);
            if (!stallOnEncode) {
                stall("reading " + s.seq());
            }
            return s;
        }

        private static void stall(String what) {
            System.out.println(what);
            try {
                awaitGo();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String descriptor() {
            return Stamp.CODEC.descriptor();
        }
    }

    /** args: root ns. Puts one stamp, then one whose writing stalls until the process is killed. */
    public static final class DiesMidWrite {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", new StallingCodec(true))) {
                q.put(new Stamp(1, 0, 100));
                q.put(new Stamp(1, -1, 100));
            }
        }
    }

    /** args: root ns. Takes one stamp and stalls in the middle of reading it until killed. */
    public static final class DiesMidRead {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", new StallingCodec(false))) {
                q.take();
            }
        }
    }

    /**
     * args: root ns. Takes the stamps in one batch and stalls at the one of seq 2, so those of seq 0 and 1
     * are delivered, but their bytes not yet released, when it is killed.
     */
    public static final class DiesMidBatch {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", Stamp.CODEC)) {
                q.drain((buffer, offset, length) -> {
                    if (Stamp.CODEC.decode(buffer, offset, length).seq() == 2) {
                        StallingCodec.stall("reading 2");
                    }
                }, 100);
            }
        }
    }

    @Test
    void aConsumerKilledPartWayThroughABatchHasTheMessagesItTookCountedOnceAndTheRestDelivered() throws Exception {
        String name = TestNamespaces.unique("midbatch");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC)) {
            for (int seq = 0; seq < 5; seq++) {
                q.put(new Stamp(4, seq, 50));
            }
            try (ChildJvm consumer = ChildJvm.startWith(FUTEX, DiesMidBatch.class, root.toString(), name)) {
                consumer.awaitLine("reading 2", BOUND);
                consumer.kill();
            }
            assertEquals(new Stamp(4, 2, 50), q.poll(BOUND.toSeconds(), TimeUnit.SECONDS),
                    "the message being read comes again; the two delivered before it do not");
            assertEquals(2, q.size(), "the dead consumer's two messages are counted as taken, once");
            assertEquals(List.of(new Stamp(4, 3, 50), new Stamp(4, 4, 50)), List.of(q.take(), q.take()));
            assertEquals(0, q.size());
            assertEquals(0, q.ring().bytesUsed(), "every byte taken is released for reuse");
        }
    }

    @Test
    void aProducerKilledWhileWritingARecordIsWaitedForWhileAliveThenSkipped() throws Exception {
        String name = TestNamespaces.unique("midwrite");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC);
             ChildJvm producer = ChildJvm.startWith(FUTEX, DiesMidWrite.class, root.toString(), name)) {
            producer.awaitLine("writing", BOUND);
            q.put(new Stamp(2, 0, 10)); // behind the unfinished record
            assertEquals(new Stamp(1, 0, 100), q.take());
            assertNull(q.poll(300, TimeUnit.MILLISECONDS), "a slow live producer is waited for, never clobbered");
            assertEquals(0, q.deadProducerClaimsSkipped());
            producer.kill();
            long killed = System.nanoTime();
            assertEquals(new Stamp(2, 0, 10), q.poll(BOUND.toSeconds(), TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("dead producer's claim skipped " + millis + " ms after SIGKILL");
            assertEquals(1, q.deadProducerClaimsSkipped());
            assertEquals(0, q.size());
            q.put(new Stamp(2, 1, 10));
            assertEquals(1, q.size(), "the dead producer's claim counts for nothing: it died before its commit counted it");
            assertEquals(new Stamp(2, 1, 10), q.take());
        }
    }

    @Test
    void aConsumerThatOnlyPollsWithoutWaitingSkipsTheClaimOfAProducerKilledWhileWriting() throws Exception {
        String name = TestNamespaces.unique("midwrite-poll");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC);
             ChildJvm producer = ChildJvm.startWith(FUTEX, DiesMidWrite.class, root.toString(), name)) {
            producer.awaitLine("writing", BOUND);
            q.put(new Stamp(2, 0, 10)); // behind the unfinished record
            assertEquals(new Stamp(1, 0, 100), q.take());
            producer.kill();
            producer.awaitExit(BOUND);
            // a spinning consumer, as an event loop polls: it never waits, so it never sleeps into a liveness look
            long deadline = System.nanoTime() + BOUND.toNanos();
            Stamp next;
            long polls = 0;
            while ((next = q.poll()) == null && System.nanoTime() - deadline < 0) {
                polls++;
            }
            assertEquals(new Stamp(2, 0, 10), next, "the dead producer's claim was never skipped after " + polls + " polls");
            assertEquals(1, q.deadProducerClaimsSkipped());
        }
    }

    /** args: root ns. Puts one stamp whose writing stalls until a line comes, then finishes it and leaves. */
    public static final class FinishesWriteThenLeaves {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args);
                 SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", new StallingCodec(true))) {
                q.put(new Stamp(4, -1, 100));
            }
            System.out.println("left");
        }
    }

    @Test
    void aRecordCommittedWhileAConsumerAsksWhetherItsWriterLivesIsDeliveredThoughTheWriterHasLeftSince() throws Exception {
        String name = TestNamespaces.unique("leaves");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC);
             ChildJvm producer = ChildJvm.startWith(FUTEX, FinishesWriteThenLeaves.class, root.toString(), name)) {
            producer.awaitLine("writing", BOUND);
            java.util.concurrent.FutureTask<Stamp> take = new java.util.concurrent.FutureTask<>(() -> q.poll(20, TimeUnit.SECONDS));
            Thread consumer = new Thread(take, "consumer");
            consumer.start();
            io.shmproc.memory.LivenessProbes.holdWhile(ns, () -> {
                // the consumer has read the record's header (being written) and its owner, and now waits to
                // ask the kernel whether the owner lives: meanwhile the owner commits, closes and exits
                long deadline = System.nanoTime() + BOUND.toNanos();
                while (!probing(consumer)) {
                    assertTrue(System.nanoTime() - deadline < 0, "the consumer never checked the writer's liveness");
                    Thread.onSpinWait();
                }
                producer.send("go");
                producer.awaitLine("left", BOUND);
                return producer.awaitExit(BOUND);
            });
            assertEquals(new Stamp(4, -1, 100), take.get(BOUND.toSeconds(), TimeUnit.SECONDS),
                    "a record committed before its writer left is delivered, never skipped as abandoned");
            assertEquals(0, q.deadProducerClaimsSkipped());
            assertEquals(0, q.size());
        }
    }

    private static boolean probing(Thread consumer) {
        if (consumer.getState() != Thread.State.BLOCKED) {
            return false;
        }
        for (StackTraceElement frame : consumer.getStackTrace()) {
            if (frame.getMethodName().equals("isSlotHeld")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aConsumerKilledWhileReadingARecordLeavesItToTheNextConsumer() throws Exception {
        String name = TestNamespaces.unique("midread");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC)) {
            q.put(new Stamp(3, 0, 50));
            q.put(new Stamp(3, 1, 50));
            try (ChildJvm consumer = ChildJvm.startWith(FUTEX, DiesMidRead.class, root.toString(), name)) {
                consumer.awaitLine("reading 0", BOUND);
                assertNull(q.poll(100, TimeUnit.MILLISECONDS), "the consumer lock is held by a live reader");
                consumer.kill();
            }
            assertEquals(new Stamp(3, 0, 50), q.poll(BOUND.toSeconds(), TimeUnit.SECONDS), "the half-read message comes again");
            assertEquals(new Stamp(3, 1, 50), q.take());
            assertEquals(0, q.size());
        }
    }
}

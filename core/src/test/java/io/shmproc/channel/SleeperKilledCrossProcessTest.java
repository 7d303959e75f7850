package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM SIGKILLed while it sleeps in a channel leaves its announced sleep behind. The first commit (or
 * take) after it answers that announcement and clears it, so a dead sleeper costs one wake-up call, not
 * one on every message for the rest of the channel's life; and nothing the survivors send is lost.
 */
class SleeperKilledCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    /** args: root ns. Blocks in a receive at the pipe's first end until killed. */
    public static final class SleepsInRecv {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", Stamp.CODEC)) {
                Connection<Stamp> in = pipe.first();
                System.out.println("receiving");
                System.out.println("got " + in.recv());
            }
        }
    }

    /** args: root ns. Blocks in a take from the queue until killed. */
    public static final class SleepsInTake {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", Stamp.CODEC)) {
                System.out.println("taking");
                System.out.println("got " + q.take());
            }
        }
    }

    /** args: root ns. Blocks in a put into the full queue until killed. */
    public static final class SleepsInPut {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); SharedQueue<Stamp> q = SharedQueue.attach(ns, "q", Stamp.CODEC)) {
                System.out.println("putting");
                q.put(Stamp.of(9, 9, 100));
                System.out.println("put");
            }
        }
    }

    @Test
    void aReaderKilledAsleepInAPipeCostsTheNextSendOneWakeAndTheMessageGoesToTheEndsNextHolder() throws Exception {
        String name = TestNamespaces.unique("pipe-sleeper");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).oneWay().create(ns, "p");
             ChildJvm reader = ChildJvm.startWith(FUTEX, SleepsInRecv.class, root.toString(), name)) {
            reader.awaitLine("receiving", BOUND);
            MessageRing ring = pipe.first().receivingRing();
            awaitTrue(ring::readerSleepAnnounced, "the child reader never announced a sleep");
            reader.kill();
            reader.awaitExit(BOUND);

            Connection<Stamp> out = pipe.second();
            out.send(Stamp.of(1, 0, 200));
            assertFalse(ring.readerSleepAnnounced(), "the first send after the reader died answered its announced sleep");
            out.send(Stamp.of(1, 1, 200));
            assertFalse(ring.readerSleepAnnounced(), "and nothing announces a sleep again while nobody sleeps");

            Connection<Stamp> in = pipe.first();
            assertEquals(Stamp.of(1, 0, 200), in.recv());
            assertEquals(Stamp.of(1, 1, 200), in.recv());
            assertFalse(in.poll(0, TimeUnit.SECONDS));
        }
    }

    @Test
    void aConsumerKilledAsleepInTakeCostsTheNextPutOneWakeAndTheMessageIsTakenByAnother() throws Exception {
        String name = TestNamespaces.unique("queue-sleeper");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).create(ns, "q");
             ChildJvm consumer = ChildJvm.startWith(FUTEX, SleepsInTake.class, root.toString(), name)) {
            consumer.awaitLine("taking", BOUND);
            awaitTrue(q.ring()::readerSleepAnnounced, "the child consumer never announced a sleep");
            consumer.kill();
            consumer.awaitExit(BOUND);

            q.put(Stamp.of(1, 0, 300));
            assertFalse(q.ring().readerSleepAnnounced(), "the first put after the consumer died answered its announced sleep");
            q.put(Stamp.of(1, 1, 300));
            assertFalse(q.ring().readerSleepAnnounced());
            assertEquals(Stamp.of(1, 0, 300), q.take());
            assertEquals(Stamp.of(1, 1, 300), q.take());
            assertNull(q.poll());
        }
    }

    @Test
    void aProducerKilledAsleepOnAFullQueueCostsTheNextTakeOneWakeAndItsPutNeverHappened() throws Exception {
        String name = TestNamespaces.unique("queue-full-sleeper");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).maxMessages(1).create(ns, "q")) {
            q.put(Stamp.of(1, 0, 300));
            try (ChildJvm producer = ChildJvm.startWith(FUTEX, SleepsInPut.class, root.toString(), name)) {
                producer.awaitLine("putting", BOUND);
                awaitTrue(q.ring()::producerSleepAnnounced, "the child producer never announced a sleep for room");
                producer.kill();
                producer.awaitExit(BOUND);
            }
            assertEquals(Stamp.of(1, 0, 300), q.take());
            assertFalse(q.ring().producerSleepAnnounced(), "the first take after the producer died answered its announced sleep");
            assertNull(q.poll(), "the killed producer's put never returned, so nothing of it is in the queue");
            q.put(Stamp.of(1, 1, 300));
            assertEquals(Stamp.of(1, 1, 300), q.take());
            assertFalse(q.ring().producerSleepAnnounced());
        }
    }

    /** Polls shared state that another JVM changes, within the bound. */
    private static void awaitTrue(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, failure + " within " + BOUND);
            LockSupport.parkNanos(1_000_000);
        }
    }
}

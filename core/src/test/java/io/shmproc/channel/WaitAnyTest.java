package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Channels#waitAny}: several queues and connections at once, in this JVM and from another. */
class WaitAnyTest {
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path root;
    Namespace ns;
    ExecutorService threads;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("wait")).directory(root).open();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        ns.close();
    }

    @Test
    void returnsTheReadySourcesAtOnceAndNothingAfterTheTimeout() throws Exception {
        try (SharedQueue<Stamp> a = SharedQueue.create(ns, "a", Stamp.CODEC);
             SharedQueue<Stamp> b = SharedQueue.create(ns, "b", Stamp.CODEC);
             Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC)) {
            Connection<Stamp> c = pipe.first();
            List<Object> sources = List.of(a, b, c);
            long start = System.nanoTime();
            assertEquals(List.of(), Channels.waitAny(sources, 80, TimeUnit.MILLISECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 79 && waited < 5_000, "waited " + waited + " ms");
            b.put(Stamp.of(1, 1, 1));
            pipe.second().send(Stamp.of(2, 1, 1));
            assertEquals(List.of(b, c), Channels.waitAny(sources, 0, TimeUnit.SECONDS));
            a.closeForPuts();
            assertEquals(List.of(a, b, c), Channels.waitAny(sources, 0, TimeUnit.SECONDS), "a drained closed queue is ready: its end");
            assertThrows(IllegalArgumentException.class, () -> Channels.waitAny(List.of("a string"), 1, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> Channels.waitAny(List.of(), 1, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSleepingWaiterWakesWhenAnyOfItsSourcesGetsAMessage() throws Exception {
        try (SharedQueue<Stamp> a = SharedQueue.create(ns, "a", Stamp.CODEC);
             SharedQueue<Stamp> b = SharedQueue.create(ns, "b", Stamp.CODEC);
             SharedQueue<Stamp> c = SharedQueue.create(ns, "c", Stamp.CODEC)) {
            for (SharedQueue<Stamp> target : List.of(c, a, b)) {
                CompletableFuture<List<SharedQueue<Stamp>>> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Channels.waitAny(List.of(a, b, c), BOUND_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads);
                assertThrows(TimeoutException.class, () -> waiting.get(150, TimeUnit.MILLISECONDS), "asleep while all are empty");
                long put = System.nanoTime();
                target.put(Stamp.of(3, 1, 1));
                assertEquals(List.of(target), waiting.get(BOUND_SECONDS, TimeUnit.SECONDS));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - put);
                assertTrue(millis < 50, "woken by the put, not by the end of a sleep slice: " + millis + " ms");
                target.take();
            }
        }
    }

    /** args: root ns. Takes the second end of pipe "p" and waits to be killed. */
    public static final class HoldsAnEnd {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 Pipe<Stamp> pipe = Pipe.attach(ns, "p", Stamp.CODEC)) {
                pipe.second();
                System.out.println("holding");
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            }
        }
    }

    @Test
    void aPipeWhosePeerDiesBecomesReadyWithItsEnd() throws Exception {
        String name = ns.name();
        try (Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC);
             SharedQueue<Stamp> idle = SharedQueue.create(ns, "idle", Stamp.CODEC);
             ChildJvm peer = ChildJvm.startWith(List.of("--enable-native-access=ALL-UNNAMED"), HoldsAnEnd.class, root.toString(), name)) {
            peer.awaitLine("holding", Duration.ofSeconds(BOUND_SECONDS));
            Connection<Stamp> mine = pipe.first();
            assertEquals(List.of(), Channels.waitAny(List.of(idle, mine), 100, TimeUnit.MILLISECONDS));
            peer.kill();
            assertEquals(List.of(mine), Channels.waitAny(List.of(idle, mine), BOUND_SECONDS, TimeUnit.SECONDS));
            assertThrows(java.io.EOFException.class, mine::recv);
        }
    }

    @Test
    void aQueueHeldUpByAProducerKilledMidWriteBecomesReadyOnceItIsDeadAndNotBefore() throws Exception {
        String name = ns.name();
        try (SharedQueue<Stamp> q = SharedQueue.create(ns, "q", Stamp.CODEC);
             ChildJvm producer = ChildJvm.startWith(List.of("--enable-native-access=ALL-UNNAMED"),
                     QueueCrossProcessTest.DiesMidWrite.class, root.toString(), name)) {
            producer.awaitLine("writing", Duration.ofSeconds(BOUND_SECONDS));
            assertEquals(new Stamp(1, 0, 100), q.take());
            q.put(new Stamp(2, 0, 10)); // committed, behind the unfinished record: no take can reach it yet
            assertEquals(List.of(), Channels.waitAny(List.of(q), 100, TimeUnit.MILLISECONDS),
                    "a live producer's unfinished record holds the queue up: a take would wait");
            producer.kill();
            assertEquals(List.of(q), Channels.waitAny(List.of(q), BOUND_SECONDS, TimeUnit.SECONDS));
            // a waiting take looks at the producer's liveness once its spin ends (a no-wait poll, only now and then)
            assertEquals(new Stamp(2, 0, 10), q.poll(BOUND_SECONDS, TimeUnit.SECONDS), "the dead producer's claim is skipped");
            assertEquals(1, q.deadProducerClaimsSkipped());
        }
    }
}

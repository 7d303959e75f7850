package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.TestNamespaces;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers taking their claim entries at the same moment. An entry shared by two producers is how a
 * live producer's record came to be skipped as a dead one's: the second took the entry while the first
 * had set the owner but not yet its generation (so the owner looked dead), and once either of them
 * released the entry, or the two generations disagreed, consumers judged the other's unfinished record
 * abandoned and skipped it: a message lost with nobody killed.
 */
class RingEntryReservationTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void producersTakingClaimEntriesAtTheSameMomentNeverShareOne() throws Exception {
        int producers = 2;
        int rounds = 5_000; // before the fix, two producers came to share an entry within a few hundred rounds
        String name = TestNamespaces.unique("entries");
        long deadline = System.nanoTime() + BOUND.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(producers);
        int done = 0;
        try (Namespace ns = Namespace.builder(name).directory(root).open()) {
            for (; done < rounds && System.nanoTime() - deadline < 0; done++) {
                // a fresh queue each round: its entries have never been owned, as in a queue producers start on
                try (SharedQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).capacityBytes(1 << 12).producerThreads(producers)
                        .create(ns, "q" + done)) {
                    reserveAtOnce(ns, q, producers, done, deadline, threads);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.println(done + " rounds of " + producers + " producers taking entries at once");
    }

    private static void reserveAtOnce(Namespace ns, SharedQueue<Stamp> q, int producers, int round, long deadline,
                                      ExecutorService threads) throws Exception {
        MemorySegment control = q.ring().control();
        // a handle of its own per thread, each reserving an entry, as separate processes do
        List<SharedQueue<Stamp>> handles = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            handles.add(SharedQueue.attach(ns, q.name(), Stamp.CODEC));
        }
        try {
            AtomicInteger waiting = new AtomicInteger(producers);
            List<Future<Boolean>> puts = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                SharedQueue<Stamp> handle = handles.get(p);
                Stamp stamp = Stamp.of(p, round, 8);
                puts.add(threads.submit(() -> {
                    // spin, not park, so that the first puts (and their reservations) start together
                    waiting.decrementAndGet();
                    while (waiting.get() > 0 && System.nanoTime() - deadline < 0) {
                        Thread.onSpinWait();
                    }
                    return handle.offer(stamp);
                }));
            }
            for (Future<Boolean> put : puts) {
                assertEquals(true, put.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(producers, entriesOwned(control), "round " + round + ": " + producers
                    + " producers of their own handles took fewer claim entries: two share one");
        } finally {
            handles.forEach(SharedQueue::close);
        }
        for (int p = 0; p < producers; p++) {
            assertNotNull(q.poll());
        }
        assertEquals(0, entriesOwned(control), "closed handles give their entries back");
        assertEquals(0, q.deadProducerClaimsSkipped());
    }

    private static int entriesOwned(MemorySegment control) {
        int used = (int) RingLayout.INT.getVolatile(control, RingLayout.ENTRIES_USED_OFFSET);
        int owned = 0;
        for (int i = 0; i < used; i++) {
            if ((int) RingLayout.INT.getVolatile(control, RingLayout.entryOffset(i) + RingLayout.ENTRY_OWNER_SLOT) != 0) {
                owned++;
            }
        }
        return owned;
    }
}

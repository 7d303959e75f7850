package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedInt;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedConditionBarrierTest {
    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("cond")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void conditionHandsOffBetweenThreadsAndRequiresTheLock() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l");
             SharedCondition changed = SharedCondition.create(ns, "c", lock);
             SharedInt items = SharedInt.create(ns, "items", 0)) {
            assertThrows(IllegalMonitorStateException.class, changed::signal);
            assertThrows(IllegalMonitorStateException.class, changed::await);
            CompletableFuture<Boolean> consumer = CompletableFuture.supplyAsync(() -> {
                lock.lock();
                try {
                    boolean got = changed.waitFor(() -> items.get() > 0, 30, TimeUnit.SECONDS);
                    assertTrue(lock.isHeldByCurrentThread(), "returns holding the lock");
                    items.decrementAndGet();
                    return got;
                } catch (InterruptedException e) {
                    return false;
                } finally {
                    lock.unlock();
                }
            });
            lock.lock();
            try {
                items.incrementAndGet();
                changed.signal();
            } finally {
                lock.unlock();
            }
            assertTrue(consumer.get(30, TimeUnit.SECONDS));
            assertEquals(0, items.get());

            lock.lock();
            try {
                long start = System.nanoTime();
                assertFalse(changed.waitFor(() -> false, 100, TimeUnit.MILLISECONDS));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 100 && waited < 5_000, "gave up after " + waited + " ms");
                assertTrue(changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(20)) <= 0);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void conditionWithAnRLockReleasesEveryHold() throws Exception {
        try (SharedRLock lock = SharedRLock.create(ns, "r"); SharedCondition c = SharedCondition.create(ns, "c", lock)) {
            lock.lock();
            lock.lock();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                lock.lock(); // possible only while the owner waits with every hold released
                try {
                    c.signalAll();
                    return true;
                } finally {
                    lock.unlock();
                }
            });
            assertTrue(c.await(30, TimeUnit.SECONDS));
            assertEquals(2, lock.getHoldCount(), "both holds are back");
            assertTrue(other.get(30, TimeUnit.SECONDS));
            lock.unlock();
            lock.unlock();
        }
    }

    @Test
    void barrierReleasesAllPartiesAndRunsTheActionOnce() throws Exception {
        AtomicInteger actions = new AtomicInteger();
        // own threads: the common pool may have a single thread on 2 cores, and all parties must wait at once
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (SharedBarrier barrier = SharedBarrier.create(ns, "b", 3, actions::incrementAndGet)) {
            for (int round = 0; round < 3; round++) {
                List<CompletableFuture<Integer>> parties = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    parties.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return barrier.await(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }, threads));
                }
                List<Integer> indexes = new ArrayList<>();
                for (CompletableFuture<Integer> party : parties) {
                    indexes.add(party.get(60, TimeUnit.SECONDS));
                }
                indexes.sort(null);
                assertEquals(List.of(0, 1, 2), indexes, "round " + round);
            }
            assertEquals(3, actions.get(), "once per round");
            assertEquals(0, barrier.getNumberWaiting());
            assertFalse(barrier.isBroken());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTimeoutBreaksTheBarrierForEveryoneUntilReset() throws Exception {
        try (SharedBarrier barrier = SharedBarrier.create(ns, "b", 3)) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            assertThrows(TimeoutException.class, () -> barrier.await(100, TimeUnit.MILLISECONDS));
            assertTrue(other.get(30, TimeUnit.SECONDS) instanceof BrokenBarrierException);
            assertTrue(barrier.isBroken());
            assertThrows(BrokenBarrierException.class, barrier::await);
            barrier.reset();
            assertFalse(barrier.isBroken());
            barrier.abort();
            assertTrue(barrier.isBroken());
            assertThrows(BrokenBarrierException.class, () -> barrier.await(1, TimeUnit.SECONDS));
            barrier.reset();
            assertEquals(3, barrier.getParties());
        }
        assertThrows(IllegalArgumentException.class, () -> SharedBarrier.create(ns, "x", 0));
    }
}

package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedInt;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRLockEventSemaphoreTest {
    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("sync")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void rlockIsReentrantAndOwnedByOneThread() throws Exception {
        try (SharedRLock lock = SharedRLock.create(ns, "r")) {
            assertThrows(IllegalMonitorStateException.class, lock::unlock, "unheld");
            lock.lock();
            assertTrue(lock.tryLock());
            assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
            lock.lockInterruptibly();
            assertEquals(4, lock.getHoldCount());
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    assertEquals(0, lock.getHoldCount());
                    assertFalse(lock.tryLock());
                    lock.unlock();
                    return null;
                } catch (IllegalMonitorStateException e) {
                    return e;
                }
            });
            assertTrue(other.get(30, TimeUnit.SECONDS) instanceof IllegalMonitorStateException, "a non-owner cannot unlock");
            for (int i = 3; i >= 0; i--) {
                lock.unlock();
                assertEquals(i, lock.getHoldCount());
            }
            assertFalse(lock.isLocked());
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertThrows(IncompatibleObjectException.class, () -> SharedLock.attach(ns, "r"), "an RLock is not a Lock");
        }
    }

    @Test
    void rlockExcludesOtherThreads() throws Exception {
        try (SharedRLock lock = SharedRLock.create(ns, "r"); SharedInt n = SharedInt.create(ns, "n", 0)) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Concurrently.run(4, 20_000, () -> {
                lock.lock();
                lock.lock();
                try {
                    n.setPlain(n.getPlain() + 1);
                } finally {
                    lock.unlock();
                    lock.unlock();
                }
            }));
            assertEquals(80_000, n.get());
        }
    }

    @Test
    void eventWakesEveryWaiterAndTimesOut() throws Exception {
        try (SharedEvent event = SharedEvent.create(ns, "e")) {
            assertFalse(event.isSet());
            long start = System.nanoTime();
            assertFalse(event.await(100, TimeUnit.MILLISECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 100 && waited < 5_000, "timed out after " + waited + " ms");

            AtomicInteger woken = new AtomicInteger();
            List<CompletableFuture<Void>> waiters = List.of(1, 2, 3).stream().map(i -> CompletableFuture.runAsync(() -> {
                try {
                    event.await();
                    woken.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            })).toList();
            event.set();
            CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(3, woken.get());
            assertTrue(event.await(0, TimeUnit.SECONDS), "a set event does not block");
            event.clear();
            assertFalse(event.isSet());
            assertFalse(event.await(1, TimeUnit.MILLISECONDS));

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, event::await);
        }
    }

    @Test
    void semaphoreCountsPermitsAndBlocksWhenOut() throws Exception {
        try (SharedSemaphore sem = SharedSemaphore.create(ns, "s", 2)) {
            assertTrue(sem.tryAcquire());
            assertTrue(sem.tryAcquire(1, TimeUnit.SECONDS));
            assertFalse(sem.tryAcquire());
            assertFalse(sem.tryAcquire(50, TimeUnit.MILLISECONDS));
            assertEquals(0, sem.availablePermits());
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    sem.acquire(2);
                    return true;
                } catch (InterruptedException e) {
                    return false;
                }
            });
            sem.release();
            assertFalse(waiter.isDone() && waiter.get(), "needs two permits");
            sem.release();
            assertTrue(waiter.get(30, TimeUnit.SECONDS));
            sem.release(5);
            assertEquals(5, sem.availablePermits(), "unbounded: any number may be released");
            assertEquals(0, sem.bound());
            assertThrows(IllegalArgumentException.class, () -> sem.release(0));
        }
        assertThrows(IllegalArgumentException.class, () -> SharedSemaphore.create(ns, "bad", -1));
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() throws Exception {
        try (SharedSemaphore sem = SharedSemaphore.createBounded(ns, "b", 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertTrue(e.getMessage().contains("released too many times") && e.getMessage().contains("bound 2"), e.getMessage());
            sem.acquire();
            sem.release();
            assertEquals(2, sem.availablePermits());
            assertEquals(2, sem.bound());
            assertTrue(sem.toString().contains("2 permits of 2"), sem.toString());
        }
    }

    @Test
    void semaphoreLimitsConcurrency() throws Exception {
        try (SharedSemaphore sem = SharedSemaphore.create(ns, "s", 2); SharedInt inside = SharedInt.create(ns, "in", 0)) {
            AtomicInteger most = new AtomicInteger();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Concurrently.run(4, 5_000, () -> {
                try {
                    sem.acquire();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                try {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                } finally {
                    sem.release();
                }
            }));
            assertTrue(most.get() <= 2, "at most 2 inside at once, saw " + most.get());
            assertEquals(2, sem.availablePermits());
        }
    }
}

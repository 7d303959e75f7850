package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.shared.SharedInt;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every synchroniser serialised by name: the copy synchronises with the original. */
class SyncByNameTest {
    private static final long BOUND_SECONDS = 30;

    /** A barrier action that can travel: counts its runs. */
    static final class CountRuns implements Runnable, Serializable {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public void run() {
            RUNS.incrementAndGet();
        }
    }

    @TempDir
    Path root;
    private Namespace ns;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("syncbyname")).directory(root).open();
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left once both handles are closed");
    }

    @Test
    void aLockCopyIsTheSameLock() {
        try (SharedLock lock = SharedLock.create(ns, "lock"); SharedLock copy = Serialisation.roundTrip(lock)) {
            assertNotSame(lock, copy);
            lock.lock();
            assertFalse(copy.tryLock(), "held through the original");
            lock.unlock();
            assertTrue(copy.tryLock());
            assertFalse(lock.tryLock(), "held through the copy");
            copy.unlock();
        }
    }

    @Test
    void aReentrantLockCopyIsTheSameLockWithAnotherOwner() {
        try (SharedRLock lock = SharedRLock.create(ns, "rlock"); SharedRLock copy = Serialisation.roundTrip(lock)) {
            lock.lock();
            lock.lock();
            assertTrue(copy.isLocked());
            assertFalse(copy.tryLock(), "the copy is attached through another process slot, so another owner");
            lock.unlock();
            lock.unlock();
            assertTrue(copy.tryLock());
            assertTrue(lock.isLocked());
            copy.unlock();
        }
    }

    @Test
    void aSemaphoreCopySharesItsPermits() {
        try (SharedSemaphore sem = SharedSemaphore.createBounded(ns, "sem", 2);
             SharedSemaphore copy = Serialisation.roundTrip(sem)) {
            assertEquals(2, copy.bound());
            assertTrue(copy.tryAcquire(2));
            assertEquals(0, sem.availablePermits());
            assertFalse(sem.tryAcquire());
            copy.release(2);
            assertEquals(2, sem.availablePermits());
        }
    }

    @Test
    void anEventCopySeesSetAndClear() throws InterruptedException {
        try (SharedEvent event = SharedEvent.create(ns, "event"); SharedEvent copy = Serialisation.roundTrip(event)) {
            event.set();
            assertTrue(copy.await(BOUND_SECONDS, TimeUnit.SECONDS));
            copy.clear();
            assertFalse(event.isSet());
        }
    }

    @Test
    void aConditionTravelsWithItsLockAndIsSignalledThroughTheOriginal() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "lock");
             SharedCondition changed = SharedCondition.create(ns, "changed", lock);
             SharedInt ready = SharedInt.create(ns, "ready", 0)) {
            SharedCondition copy = Serialisation.roundTrip(changed);
            SharedLock copyLock = assertInstanceOf(SharedLock.class, copy.lock());
            assertNotSame(lock, copyLock);
            assertEquals("lock", copyLock.name());
            CountDownLatch holding = new CountDownLatch(1);
            Future<Boolean> woken = threads.submit(() -> {
                copyLock.lock();
                try {
                    holding.countDown();
                    return copy.waitFor(() -> ready.get() == 1, BOUND_SECONDS, TimeUnit.SECONDS);
                } finally {
                    copyLock.unlock();
                }
            });
            assertTrue(holding.await(BOUND_SECONDS, TimeUnit.SECONDS));
            // The waiter holds the lock until it waits: taking it here means the waiter is waiting.
            assertTrue(lock.tryLock(BOUND_SECONDS, TimeUnit.SECONDS));
            try {
                ready.set(1);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            assertTrue(woken.get(BOUND_SECONDS, TimeUnit.SECONDS), "the copy was woken by the original's signal");
        }
    }

    @Test
    void aConditionOfAReentrantLockTravelsWithIt() {
        try (SharedRLock lock = SharedRLock.create(ns, "rlock");
             SharedCondition changed = SharedCondition.create(ns, "changed", lock)) {
            SharedCondition copy = Serialisation.roundTrip(changed);
            assertInstanceOf(SharedRLock.class, copy.lock());
        }
    }

    @Test
    void aBarrierCopyIsAPartyOfTheSameBarrierAndKeepsItsAction() throws Exception {
        CountRuns.RUNS.set(0);
        try (SharedBarrier barrier = SharedBarrier.create(ns, "step", 2, new CountRuns());
             SharedBarrier copy = Serialisation.roundTrip(barrier, CountRuns.class)) {
            assertEquals(2, copy.getParties());
            Future<Integer> other = threads.submit(() -> copy.await(BOUND_SECONDS, TimeUnit.SECONDS));
            int mine = barrier.await(BOUND_SECONDS, TimeUnit.SECONDS);
            int theirs = other.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, mine + theirs, "one arrived first (index 1), the other last (index 0)");
            assertEquals(1, CountRuns.RUNS.get(), "the last to arrive ran the action once");
        }
    }

    @Test
    void aBarrierWithAnActionThatCannotTravelIsRefusedByName() {
        Runnable local = () -> { };
        try (SharedBarrier barrier = SharedBarrier.create(ns, "step", 2, local)) {
            NotSerializableException e = assertThrows(NotSerializableException.class, () -> Serialisation.write(barrier));
            assertTrue(e.getMessage().contains("barrier 'step'"), e.getMessage());
            assertTrue(e.getMessage().contains("pass a Serializable action"), e.getMessage());
        }
        try (SharedBarrier none = SharedBarrier.create(ns, "plain", 2)) {
            assertEquals(2, Serialisation.roundTrip(none).getParties(), "no action travels fine");
        }
    }

    @Test
    void aSynchronizedCopyGuardsTheSameObjectWithTheSameLock() {
        try (Synchronized<SharedLong> balance = Synchronized.of(SharedLong.create(ns, "balance", 100))) {
            Synchronized<SharedLong> copy = Serialisation.roundTrip(balance);
            copy.withLock(() -> copy.get().addAndGet(-30));
            assertEquals(70, balance.get().get());
            copy.getLock().lock();
            try {
                assertFalse(balance.getLock().tryLock());
            } finally {
                copy.getLock().unlock();
            }
        }
    }
}

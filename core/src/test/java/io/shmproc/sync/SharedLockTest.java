package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLockTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("lock")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void theTestJvmWaitsWithTheFutex() {
        assertEquals("futex", WaitStrategy.DEFAULT.name(), "surefire enables native access for this JVM");
    }

    @Test
    void lockAndUnlockByTheOwningThread() {
        try (SharedLock lock = SharedLock.create(ns, "l"); SharedLock other = SharedLock.attach(ns, "l")) {
            assertFalse(lock.isLocked());
            lock.lock();
            assertTrue(other.isLocked(), "a second handle sees the same lock");
            assertTrue(other.isHeldByCurrentThread(), "held by this thread, whichever handle asks");
            assertFalse(other.tryLock(), "not reentrant");
            assertEquals(ns.self().slot(), other.ownerSlot());
            assertFalse(lock.acquiredFromDeadOwner());
            other.unlock();
            assertFalse(lock.isLocked());
            assertEquals(-1, lock.ownerSlot());
            assertTrue(lock.toString().contains("unlocked"), lock.toString());
        }
    }

    @Test
    void unlockingAnUnheldLockOrAnotherThreadsHoldIsRefused() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l")) {
            IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertTrue(e.getMessage().contains("not held"), e.getMessage());
            lock.lock();
            CompletableFuture<Throwable> fromOtherThread = CompletableFuture.supplyAsync(() -> {
                try {
                    lock.unlock();
                    return null;
                } catch (IllegalMonitorStateException refused) {
                    return refused;
                }
            });
            Throwable refused = fromOtherThread.get(30, TimeUnit.SECONDS);
            assertTrue(refused instanceof IllegalMonitorStateException && refused.getMessage().contains("another thread"),
                    String.valueOf(refused));
            assertTrue(lock.isHeldByCurrentThread(), "still held after the refused unlock");
            lock.unlock();
        }
    }

    @Test
    void tryLockWithTimeoutGivesUpInAboutItsTime() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l")) {
            lock.lock();
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try {
                    assertFalse(lock.tryLock(200, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            long millis = waited.get(30, TimeUnit.SECONDS);
            assertTrue(millis >= 200 && millis < 5_000, "gave up after " + millis + " ms");
            lock.unlock();
            assertTrue(lock.tryLock(0, TimeUnit.SECONDS));
            lock.unlock();
        }
    }

    @Test
    void aWaiterIsWokenByUnlockAndAnInterruptWakesAnInterruptibleWaiter() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l")) {
            lock.lock();
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicBoolean got = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                waiting.countDown();
                lock.lock();
                got.set(true);
                lock.unlock();
            });
            waiter.start();
            assertTrue(waiting.await(30, TimeUnit.SECONDS));
            lock.unlock();
            waiter.join(BOUND.toMillis());
            assertTrue(got.get(), "the waiter acquired after unlock");

            lock.lock();
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread sleeper = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                    interrupted.complete(false);
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                }
            });
            sleeper.start();
            sleeper.interrupt();
            assertTrue(interrupted.get(30, TimeUnit.SECONDS), "lockInterruptibly threw InterruptedException");
            lock.unlock();
        }
    }

    @Test
    void threadsIncrementingUnderTheLockLoseNothing() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l"); SharedLong counter = SharedLong.create(ns, "n", 0)) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Concurrently.run(4, 50_000, () -> {
                lock.lock();
                try {
                    counter.setPlain(counter.getPlain() + 1); // not atomic: only the lock makes it exact
                } finally {
                    lock.unlock();
                }
            }));
            assertEquals(200_000, counter.get());
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void newConditionIsTheLocksOneNamedConditionForEveryHandle() throws Exception {
        try (SharedLock lock = SharedLock.create(ns, "l"); SharedLock other = SharedLock.attach(ns, "l")) {
            SharedCondition condition = lock.newCondition();
            assertTrue(ns.exists("l" + SharedLock.CONDITION_SUFFIX));
            assertSame(condition, lock.newCondition(), "one per handle");
            SharedCondition same = other.newCondition();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                lock.lock();
                try {
                    return condition.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                } finally {
                    lock.unlock();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean signalled = false;
            while (!signalled && System.nanoTime() < deadline) {
                other.lock();
                try {
                    same.signalAll(); // repeated until the waiter is surely asleep and woken
                } finally {
                    other.unlock();
                }
                signalled = waiter.isDone();
                Thread.onSpinWait();
            }
            assertTrue(waiter.get(30, TimeUnit.SECONDS), "a signal through another handle's condition woke it");
        }
        assertFalse(ns.exists("l" + SharedLock.CONDITION_SUFFIX), "closed with the lock that created it");
    }

    @Test
    void theParkStrategyAlsoWaitsAndReturnsWhenTheWordChanges() {
        try (SharedLong word = SharedLong.create(ns, "w", 0)) {
            WaitStrategy park = new WaitStrategy.ParkWait();
            java.lang.foreign.MemorySegment memory = java.lang.foreign.Arena.ofAuto().allocate(8, 8);
            long start = System.nanoTime();
            park.await(memory, 0, 1, TimeUnit.SECONDS.toNanos(5), 0);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "returns at once when the word differs");
            start = System.nanoTime();
            park.await(memory, 0, 0, TimeUnit.MILLISECONDS.toNanos(20), 10);
            long waited = System.nanoTime() - start;
            assertTrue(waited >= TimeUnit.MICROSECONDS.toNanos(500), "slept while the word matched: " + waited + " ns");
            assertEquals("park", park.name());
            assertEquals(0, word.get());
        }
    }

    @Test
    void theParkStrategyBacksOffToTenMillisecondsThenParksLongerOnceIdleForASecond() {
        assertEquals(TimeUnit.MICROSECONDS.toNanos(50), WaitStrategy.ParkWait.backoff(0));
        assertEquals(TimeUnit.MICROSECONDS.toNanos(100), WaitStrategy.ParkWait.backoff(1));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), WaitStrategy.ParkWait.backoff(8));
        long parked = 0;
        for (int round = 0; round < WaitStrategy.ParkWait.IDLE_ROUNDS; round++) {
            assertTrue(WaitStrategy.ParkWait.backoff(round) <= TimeUnit.MILLISECONDS.toNanos(10), "round " + round);
            parked += WaitStrategy.ParkWait.backoff(round);
        }
        assertTrue(parked >= TimeUnit.SECONDS.toNanos(1), "short parks for the first second of a wait: " + parked + " ns");
        assertEquals(WaitStrategy.ParkWait.IDLE_NANOS, WaitStrategy.ParkWait.backoff(WaitStrategy.ParkWait.IDLE_ROUNDS));
        assertEquals(WaitStrategy.ParkWait.IDLE_NANOS, WaitStrategy.ParkWait.backoff(Integer.MAX_VALUE));
    }

    @Test
    void anotherKindOfObjectIsNotALockAndUseAfterCloseIsRefused() {
        try (SharedLong value = SharedLong.create(ns, "v", 0)) {
            IncompatibleObjectException e = assertThrows(IncompatibleObjectException.class, () -> SharedLock.attach(ns, "v"));
            assertTrue(e.getMessage().contains("LOCK"), e.getMessage());
            assertEquals(0, value.get());
        }
        SharedLock lock = SharedLock.create(ns, "l");
        lock.close();
        assertThrows(ClosedObjectException.class, lock::lock);
        assertThrows(ClosedObjectException.class, lock::tryLock);
        assertThrows(ClosedObjectException.class, lock::newCondition);
    }
}

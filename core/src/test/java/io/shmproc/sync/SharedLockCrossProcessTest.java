package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SharedLock across real JVMs: exclusion, and recovery from a holder killed with SIGKILL. */
class SharedLockCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");

    @TempDir
    Path root;

    /** Waits for "go", then does N non-atomic read-modify-writes of "counter" under "lock". */
    public static final class Incrementer {
        public static void main(String[] args) throws Exception {
            int times = Integer.parseInt(args[2]);
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedLock lock = SharedLock.attach(ns, "lock");
                 SharedLong counter = SharedLong.attach(ns, "counter")) {
                System.out.println("ready " + WaitStrategy.DEFAULT.name());
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = 0; i < times; i++) {
                    lock.lock();
                    try {
                        counter.setPlain(counter.getPlain() + 1);
                    } finally {
                        lock.unlock();
                    }
                }
            }
            System.out.println("done");
        }
    }

    /** Takes "lock", half-updates "counter" (a torn invariant), says "locked", and waits to be killed. */
    public static final class DiesHolding {
        public static void main(String[] args) throws Exception {
            Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
            SharedLock lock = SharedLock.attach(ns, "lock");
            SharedLong counter = SharedLong.attach(ns, "counter");
            lock.lock();
            counter.set(-1);
            System.out.println("locked");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
    }

    /** Takes "rlock" three times over (reentrantly), says "locked", and waits to be killed. */
    public static final class DiesHoldingRLock {
        public static void main(String[] args) throws Exception {
            Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
            SharedRLock lock = SharedRLock.attach(ns, "rlock");
            lock.lock();
            lock.lock();
            lock.lock();
            System.out.println("locked " + lock.getHoldCount());
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
    }

    @Test
    void anRLockHeldReentrantlyByAKilledProcessGoesToTheNextAcquirerWhoIsTold() throws Exception {
        String name = TestNamespaces.unique("rlock");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedRLock lock = SharedRLock.create(ns, "rlock");
             ChildJvm holder = ChildJvm.startWith(FUTEX, DiesHoldingRLock.class, root.toString(), name)) {
            holder.awaitLine("locked 3", BOUND);
            assertFalse(lock.tryLock(), "held by a live process");
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                lock.lock();
                try {
                    return lock.acquiredFromDeadOwner() && lock.getHoldCount() == 1;
                } finally {
                    lock.unlock();
                }
            });
            assertFalse(waiter.isDone());
            holder.kill();
            assertTrue(waiter.get(BOUND.toSeconds(), TimeUnit.SECONDS), "taken over with a hold count of 1 and told");
            assertFalse(lock.isLocked(), "one unlock released the taken-over lock: the dead holder's holds are gone");
        }
    }

    @Test
    void threeProcessesDoingNonAtomicIncrementsUnderTheLockMakeAnExactTotal() {
        String name = TestNamespaces.unique("mutex");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLock lock = SharedLock.create(ns, "lock");
             SharedLong counter = SharedLong.create(ns, "counter", 0);
             ChildJvm a = ChildJvm.startWith(FUTEX, Incrementer.class, root.toString(), name, "100000");
             ChildJvm b = ChildJvm.startWith(FUTEX, Incrementer.class, root.toString(), name, "100000");
             ChildJvm c = ChildJvm.start(Incrementer.class, root.toString(), name, "100000")) {
            a.awaitLine("ready futex", BOUND);
            b.awaitLine("ready futex", BOUND);
            c.awaitLine("ready park", BOUND); // strategies mix: correctness must not depend on them agreeing
            for (ChildJvm child : List.of(a, b, c)) {
                child.send("go");
            }
            for (ChildJvm child : List.of(a, b, c)) {
                child.awaitLine("done", BOUND);
                assertEquals(0, child.awaitExit(BOUND));
            }
            assertEquals(300_000, counter.get());
            assertFalse(lock.isLocked());
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aHolderKilledWithSigkillIsDetectedAndTheNextAcquirerIsTold() throws Exception {
        String name = TestNamespaces.unique("robust");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLock lock = SharedLock.create(ns, "lock");
             SharedLong counter = SharedLong.create(ns, "counter", 0);
             ChildJvm holder = ChildJvm.start(DiesHolding.class, root.toString(), name)) {
            holder.awaitLine("locked", BOUND);
            assertTrue(lock.isLocked());
            assertFalse(lock.tryLock(), "held by a live process");

            // one waiter already asleep in lock() when the holder dies
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                lock.lock();
                long acquired = System.nanoTime();
                boolean told = lock.acquiredFromDeadOwner();
                if (told) {
                    counter.set(0); // repair the torn invariant
                }
                lock.unlock();
                return told ? acquired : -1L;
            });
            assertFalse(waiter.isDone());
            holder.kill();
            long dead = System.nanoTime();
            long acquired = waiter.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertTrue(acquired > 0, "the waiter was told the owner died");
            long millis = TimeUnit.NANOSECONDS.toMillis(acquired - dead);
            assertTrue(millis < 5_000, "took over " + millis + " ms after the death");
            System.out.println("SharedLock take-over after SIGKILL: " + millis + " ms");
            assertEquals(0, counter.get());
            assertEquals(1, lock.deadOwnerRecoveries());
            assertFalse(lock.isLocked());
            assertTrue(lock.tryLock());
            assertFalse(lock.acquiredFromDeadOwner(), "a normal hold is not flagged");
            lock.unlock();
        }
    }
}

package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedInt;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Barriers and conditions across real JVMs. */
class BarrierConditionCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path root;

    /** Passes barrier "b" three times (its action counts rounds in "actions"), printing each index. */
    public static final class Party {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedLong actions = SharedLong.attach(ns, "actions");
                 SharedBarrier barrier = SharedBarrier.attach(ns, "b", actions::incrementAndGet)) {
                System.out.println("ready");
                for (int round = 0; round < 3; round++) {
                    System.out.println("passed " + barrier.await(60, TimeUnit.SECONDS));
                }
                try {
                    barrier.await(60, TimeUnit.SECONDS);
                    System.out.println("passed again");
                } catch (BrokenBarrierException e) {
                    System.out.println("broken");
                }
            }
        }
    }

    /** Consumes N items from "items" under lock "l" and condition "c", adding them to "sum". */
    public static final class Consumer {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[2]);
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedLock lock = SharedLock.attach(ns, "l");
                 SharedCondition changed = SharedCondition.attach(ns, "c", lock);
                 SharedInt items = SharedInt.attach(ns, "items");
                 SharedLong sum = SharedLong.attach(ns, "sum")) {
                System.out.println("ready");
                for (int i = 0; i < n; i++) {
                    lock.lock();
                    try {
                        if (!changed.waitFor(() -> items.get() > 0, 60, TimeUnit.SECONDS)) {
                            System.out.println("starved");
                            return;
                        }
                        sum.addAndGet(items.getAndDecrement());
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
            System.out.println("done");
        }
    }

    @Test
    void fourProcessesPassABarrierWithOneActionPerRoundThenAKilledPartyBreaksIt() throws Exception {
        String name = TestNamespaces.unique("barrier");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLong actions = SharedLong.create(ns, "actions", 0);
             SharedBarrier barrier = SharedBarrier.create(ns, "b", 4, actions::incrementAndGet)) {
            List<ChildJvm> parties = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    parties.add(ChildJvm.start(Party.class, root.toString(), name));
                }
                for (ChildJvm party : parties) {
                    party.awaitLine("ready", BOUND);
                }
                List<String> indexes = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    indexes.add("passed " + barrier.await(60, TimeUnit.SECONDS));
                    for (ChildJvm party : parties) {
                        indexes.add(party.nextLine(BOUND));
                    }
                }
                assertEquals(3, actions.get(), "the action ran exactly once per round, in whichever process came last");
                indexes.sort(null);
                assertEquals(List.of("passed 0", "passed 0", "passed 0", "passed 1", "passed 1", "passed 1",
                        "passed 2", "passed 2", "passed 2", "passed 3", "passed 3", "passed 3"), indexes);

                // round four: the three children wait for a fourth party that never comes; one of them dies
                long deadline = System.nanoTime() + BOUND.toNanos();
                while (barrier.getNumberWaiting() < 3) {
                    assertTrue(System.nanoTime() < deadline, "the children did not all arrive");
                    Thread.onSpinWait();
                }
                parties.get(0).kill();
                for (ChildJvm survivor : parties.subList(1, 3)) {
                    survivor.awaitLine("broken", BOUND);
                    assertEquals(0, survivor.awaitExit(BOUND));
                }
                assertTrue(barrier.isBroken());
                assertThrows(BrokenBarrierException.class, barrier::await);
            } finally {
                parties.forEach(ChildJvm::close);
            }
        }
    }

    @Test
    void producerAndConsumersInOtherJvmsHandOffThroughACondition() throws Exception {
        String name = TestNamespaces.unique("cond");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLock lock = SharedLock.create(ns, "l");
             SharedCondition changed = SharedCondition.create(ns, "c", lock);
             SharedInt items = SharedInt.create(ns, "items", 0);
             SharedLong sum = SharedLong.create(ns, "sum", 0);
             ChildJvm a = ChildJvm.start(Consumer.class, root.toString(), name, "50");
             ChildJvm b = ChildJvm.start(Consumer.class, root.toString(), name, "50")) {
            a.awaitLine("ready", BOUND);
            b.awaitLine("ready", BOUND);
            for (int i = 0; i < 100; i++) {
                lock.lock();
                try {
                    assertTrue(changed.waitFor(() -> items.get() == 0, 60, TimeUnit.SECONDS), "consumers keep up");
                    items.set(1);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            a.awaitLine("done", BOUND);
            b.awaitLine("done", BOUND);
            assertEquals(100, sum.get(), "each item consumed exactly once");
        }
    }
}

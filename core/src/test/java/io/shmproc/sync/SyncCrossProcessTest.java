package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events and semaphores across real JVMs, including a permit holder killed with SIGKILL. */
class SyncCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");

    @TempDir
    Path root;

    /** Says "waiting", waits (bounded) for event "go", prints "woken" or "timeout". */
    public static final class EventWaiter {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedEvent go = SharedEvent.attach(ns, "go")) {
                System.out.println("waiting");
                System.out.println(go.await(60, TimeUnit.SECONDS) ? "woken" : "timeout");
            }
        }
    }

    /** Takes N permits of "sem", says "holding", waits to be killed. */
    public static final class PermitHolder {
        public static void main(String[] args) throws Exception {
            Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
            SharedSemaphore sem = SharedSemaphore.attach(ns, "sem");
            sem.acquire(Integer.parseInt(args[2]));
            System.out.println("holding");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
    }

    @Test
    void anEventSetInOneJvmWakesWaitersInTwoOthers() {
        String name = TestNamespaces.unique("event");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedEvent go = SharedEvent.create(ns, "go");
             ChildJvm futexWaiter = ChildJvm.startWith(FUTEX, EventWaiter.class, root.toString(), name);
             ChildJvm parkWaiter = ChildJvm.start(EventWaiter.class, root.toString(), name)) {
            futexWaiter.awaitLine("waiting", BOUND);
            parkWaiter.awaitLine("waiting", BOUND);
            go.set();
            futexWaiter.awaitLine("woken", BOUND);
            parkWaiter.awaitLine("woken", BOUND);
            assertEquals(0, futexWaiter.awaitExit(BOUND));
            assertEquals(0, parkWaiter.awaitExit(BOUND));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void permitsOfAKilledHolderGoToTheNextAcquirer() throws Exception {
        String name = TestNamespaces.unique("sem");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedSemaphore sem = SharedSemaphore.createBounded(ns, "sem", 3);
             ChildJvm holder = ChildJvm.start(PermitHolder.class, root.toString(), name, "2")) {
            holder.awaitLine("holding", BOUND);
            assertEquals(1, sem.availablePermits());
            sem.acquire();
            assertFalse(sem.tryAcquire(), "the live holder keeps its two");
            holder.kill();
            long dead = System.nanoTime();
            assertTrue(sem.tryAcquire(2, 30, TimeUnit.SECONDS), "the dead holder's permits came back");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dead);
            System.out.println("SharedSemaphore permits recovered after SIGKILL: " + millis + " ms");
            sem.release(3);
            assertEquals(3, sem.availablePermits(), "the bound still holds");
        }
    }
}

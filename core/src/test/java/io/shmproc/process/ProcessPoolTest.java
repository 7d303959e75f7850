package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.sync.SharedEvent;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only a pool of JVMs can suffer: workers killed, exiting or out of memory mid-task, and limits per worker. */
@Timeout(180)
class ProcessPoolTest {
    private static final long BOUND = 60;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledDuringAMapFailsItsTaskOnlyAndIsReplaced() throws Exception {
        try (Namespace ns = Namespace.builder(TestNamespaces.unique("victim")).directory(dir).open();
             SharedLong victim = SharedLong.create(ns, "victim", 0);
             SharedEvent running = SharedEvent.create(ns, "running");
             ProcessPool pool = ProcessPool.create(2)) {
            List<Long> before = pids(pool);
            List<Integer> input = IntStream.range(0, 40).boxed().toList();
            try (ResultIterator<Integer> results = pool.imap(x -> squareOrHang(x, victim, running), input)) {
                assertTrue(running.await(BOUND, TimeUnit.SECONDS), "element 5 never started (it is within the imap window of 8)");
                ProcessHandle.of(victim.get()).orElseThrow().destroyForcibly();
                List<Object> seen = new ArrayList<>();
                for (int i = 0; i < input.size(); i++) {
                    try {
                        seen.add(results.next(BOUND, TimeUnit.SECONDS));
                    } catch (CompletionException e) {
                        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
                        assertEquals(-9, died.exitCode());
                        assertEquals(victim.get(), died.workerPid());
                        assertTrue(died.getMessage().contains("SIGKILL"), died.getMessage());
                        seen.add("died");
                    }
                }
                List<Object> expected = new ArrayList<>(input.stream().map(x -> x * x).toList());
                expected.set(5, "died");
                assertEquals(expected, seen, "every other element completed");
            }
            assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)), "later tasks run");
            List<Long> after = pids(pool);
            assertEquals(2, after.size());
            assertFalse(after.contains(victim.get()), "the dead worker was replaced");
            assertTrue(after.stream().filter(before::contains).count() == 1, before + " then " + after);
        }
    }

    @Test
    void cancellingARunningTaskKillsItsWorkerWhichIsReplaced() throws Exception {
        try (Namespace ns = Namespace.builder(TestNamespaces.unique("cancel")).directory(dir).open();
             SharedLong victim = SharedLong.create(ns, "victim", 0);
             SharedEvent running = SharedEvent.create(ns, "running");
             ProcessPool pool = ProcessPool.create(1)) {
            CompletableFuture<Integer> task = pool.applyAsync(() -> squareOrHang(5, victim, running));
            assertTrue(running.await(BOUND, TimeUnit.SECONDS), "the task never started");
            ProcessHandle worker = ProcessHandle.of(victim.get()).orElseThrow();
            assertTrue(task.cancel(true));
            worker.onExit().get(BOUND, TimeUnit.SECONDS);
            assertFalse(worker.isAlive(), "cancelling the running task killed its worker");
            assertThrows(CancellationException.class, task::get);
            long next = pool.apply(() -> ProcessHandle.current().pid());
            assertNotEquals(victim.get(), next, "a new worker took its place");
        }
    }

    @Test
    void systemExitInATaskFailsItWithTheExitCode() throws Exception {
        try (ProcessPool pool = ProcessPool.create(1)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                System.exit(3);
                return null;
            }));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failed.getCause());
            assertEquals(3, died.exitCode());
            assertEquals("still here", pool.apply(() -> "still here"));
        }
    }

    @Test
    void runningOutOfMemoryFailsTheTaskAndThePoolGoesOn() throws Exception {
        try (ProcessPool pool = ProcessPool.builder().processes(1).jvmOptions("-Xmx48m").build()) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> pool.apply(ProcessPoolTest::hoard));
            Throwable cause = failed.getCause();
            assertTrue(cause instanceof OutOfMemoryError || cause instanceof WorkerDiedException, cause.toString());
            assertEquals(2, pool.apply(() -> 1 + 1));
        }
    }

    @Test
    void aWorkerIsReplacedAfterMaxTasksPerChild() throws Exception {
        try (ProcessPool pool = ProcessPool.builder().processes(1).maxTasksPerChild(2).build()) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.apply(() -> ProcessHandle.current().pid()));
            }
            assertEquals(pids.get(0), pids.get(1));
            assertEquals(pids.get(2), pids.get(3));
            assertEquals(pids.get(4), pids.get(5));
            assertEquals(3, pids.stream().distinct().count(), pids.toString());
        }
    }

    @Test
    void workersThatCannotStartMakeThePoolFailRatherThanHang() throws Exception {
        ProcessPool pool = ProcessPool.builder().processes(1).jvmOptions("-XX:+NoSuchOptionAnywhere").build();
        try {
            CompletableFuture<Integer> task = pool.applyAsync(() -> 1);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> task.get(BOUND, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("died before running a task"), failed.getCause().getMessage());
            assertTrue(pool.awaitTermination(BOUND, TimeUnit.SECONDS));
            assertThrows(RejectedExecutionException.class, () -> pool.applyAsync(() -> 2));
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aTaskThatCannotTravelIsRefusedWithTheReason() {
        try (ProcessPool pool = ProcessPool.create(1)) {
            Object local = new Object();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> pool.apply(() -> local.hashCode()));
            assertTrue(refused.getMessage().contains("java.lang.Object is not Serializable"), refused.getMessage());
            IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                    () -> pool.submit(() -> 1));
            assertTrue(plain.getMessage().contains("not Serializable"), plain.getMessage());
        }
    }

    @Test
    void anExceptionWhoseClassCannotTravelArrivesAsARemoteCopy() throws Exception {
        try (ProcessPool pool = ProcessPool.create(1)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new JvmProcessTest.Unserialisable("in a worker");
            }));
            RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, failed.getCause());
            assertEquals(JvmProcessTest.Unserialisable.class.getName(), remote.remoteClassName());
        }
    }

    @Test
    void closingThePoolLeavesNothingInSharedMemory() throws Exception {
        ProcessPool pool = ProcessPool.create(2);
        Path namespace = pool.namespaceDirectory();
        assertTrue(Files.isDirectory(namespace));
        assertEquals(List.of(2, 3), pool.map(x -> x + 1, List.of(1, 2)));
        pool.close();
        assertTrue(pool.isTerminated());
        assertFalse(Files.exists(namespace), "left " + TestNamespaces.contents(namespace));
    }

    @Test
    void aProgramThatTerminatesItsPoolOrNeverClosesItLeavesNothingInSharedMemoryWhenItExits() throws Exception {
        for (String ending : List.of("terminate", "nothing")) {
            try (ChildJvm child = ChildJvm.start(PoolThenExit.class, ending)) {
                Path namespace = Path.of(child.nextLine(Duration.ofSeconds(BOUND)));
                assertEquals(0, child.awaitExit(Duration.ofSeconds(BOUND)));
                assertFalse(Files.exists(namespace), ending + " left " + TestNamespaces.contents(namespace));
            }
        }
    }

    /** args: "terminate" or "nothing". Runs a task on a pool, prints its namespace, then ends main. */
    public static final class PoolThenExit {
        public static void main(String[] args) throws Exception {
            ProcessPool pool = ProcessPool.create(2);
            if (pool.apply(() -> 6 * 7) != 42) {
                throw new AssertionError("the pool computed a wrong answer");
            }
            System.out.println(pool.namespaceDirectory());
            if (args[0].equals("terminate")) {
                pool.terminate();
            }
        }
    }

    @Test
    void terminateKillsRunningWorkers() throws Exception {
        ProcessPool pool = ProcessPool.create(2);
        List<JvmProcess> workers = pool.workers();
        CompletableFuture<Object> blocked = pool.applyAsync(PoolContractTest::blockForever);
        pool.terminate();
        assertThrows(CancellationException.class, () -> blocked.get(BOUND, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(BOUND, TimeUnit.SECONDS));
        for (JvmProcess worker : workers) {
            assertTrue(worker.join(java.time.Duration.ofSeconds(BOUND)));
            assertFalse(worker.isAlive());
        }
    }

    static int squareOrHang(int x, SharedLong victim, SharedEvent running) {
        if (x == 5) {
            victim.set(ProcessHandle.current().pid());
            running.set();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return x * x;
    }

    static Object hoard() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    private static List<Long> pids(ProcessPool pool) {
        return pool.workers().stream().map(JvmProcess::pid).toList();
    }
}

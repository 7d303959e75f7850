package io.shmproc.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.NamespaceView;
import io.shmproc.process.JvmProcess;
import io.shmproc.process.ProcessPool;
import io.shmproc.process.RunLeftovers;
import io.shmproc.sync.SharedEvent;
import io.shmproc.sync.SharedLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace whose only process was killed with SIGKILL while holding a lock, as the inspector sees it
 * from another JVM: its process dead, its lock owned by a dead process, and {@code gc} removing it while
 * leaving a namespace with a live process, and {@code rm} refusing a namespace a live JVM holds.
 */
@Timeout(120)
class CrashedNamespaceCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Namespace control;
    private SharedEvent ready;

    @BeforeEach
    void controlNamespace() {
        control = Namespace.builder("control").directory(root).open();
        ready = SharedEvent.create(control, "ready");
    }

    @AfterEach
    void close() {
        ready.close();
        control.close();
    }

    /** Starts a JVM that creates {@code name} with a held lock and a queue of two messages, then waits to be killed. */
    private JvmProcess holder(String name) throws InterruptedException {
        String dir = root.toString();
        JvmProcess child = JvmProcess.of(() -> {
            Namespace ns = Namespace.builder(name).directory(Path.of(dir)).open();
            SharedLock.create(ns, "lock").lock();
            SharedQueue<String> jobs = SharedQueue.create(ns, "jobs", Codecs.string());
            jobs.offer("a");
            jobs.offer("b");
            try (Namespace c = Namespace.builder("control").directory(Path.of(dir)).open();
                 SharedEvent signal = SharedEvent.attach(c, "ready")) {
                signal.set();
            }
            new CountDownLatch(1).await(); // until killed
            return null;
        }).setDaemon(true).start();
        assertTrue(ready.await(BOUND.toMillis(), TimeUnit.MILLISECONDS), "the child did not get ready");
        ready.clear();
        return child;
    }

    private static void kill(JvmProcess child) throws InterruptedException {
        child.kill();
        assertTrue(child.join(BOUND), "the killed child did not exit");
        assertEquals(-9, child.exitCode().orElseThrow());
    }

    @Test
    void aKilledProcessShowsDeadItsLockOwnedByTheDeadAndGcRemovesOnlyItsNamespace() throws Exception {
        JvmProcess child = holder("crashed");
        long pid = child.pid();
        kill(child);
        Path runLeftover = Files.createDirectory(root.resolve(".run-" + pid + "-1"));
        Files.writeString(runLeftover.resolve("outcome-1"), "x");

        Map<?, ?> crashed = (Map<?, ?>) ((List<?>) CliRun.of(root, "ps", "crashed", "--json").jsonObject().get("namespaces")).getFirst();
        Map<?, ?> process = (Map<?, ?>) ((List<?>) crashed.get("processes")).getFirst();
        assertEquals(pid, process.get("pid"));
        assertEquals(false, process.get("alive"));
        CliRun ps = CliRun.of(root, "ps", "crashed");
        assertTrue(ps.out().contains(" " + pid + " ") && ps.out().strip().endsWith("dead"), ps.out());

        Map<String, Object> lock = CliRun.of(root, "inspect", "crashed/lock", "--json").jsonObject();
        Map<?, ?> state = (Map<?, ?>) lock.get("state");
        assertEquals(true, state.get("held"));
        assertEquals(pid, state.get("ownerPid"));
        assertEquals(false, state.get("ownerAlive"));
        assertEquals(false, lock.get("creatorAlive"));
        assertEquals(2L, ((Map<?, ?>) CliRun.of(root, "inspect", "crashed/jobs", "--json").jsonObject().get("state")).get("messages"));

        CliRun ls = CliRun.of(root, "ls");
        assertTrue(ls.out().contains("crashed  1 process attached, 0 alive; 2 objects;"), ls.out());
        assertTrue(ls.out().contains("control  2 processes attached, 1 alive; 1 object;"), ls.out());

        CliRun dry = CliRun.of(root, "gc", "--dry-run", "--json");
        assertEquals(0, dry.code(), dry.err());
        List<?> wouldRemove = (List<?>) dry.jsonObject().get("removed");
        assertEquals(List.of("crashed", runLeftover.getFileName().toString()),
                wouldRemove.stream().map(m -> ((Map<?, ?>) m).get("name")).toList());
        assertTrue(Files.isDirectory(root.resolve("crashed")) && Files.isDirectory(runLeftover), "--dry-run removed something");

        CliRun gc = CliRun.of(root, "gc");
        assertEquals(0, gc.code(), gc.err());
        assertTrue(gc.out().matches("(?s).*removed +namespace +crashed +\\d+ +no live process\n.*"), gc.out());
        assertTrue(gc.out().matches("(?s).*kept +namespace +control +- +1 live process \\(pid " + ProcessHandle.current().pid() + "\\)\n.*"), gc.out());
        assertTrue(gc.out().matches("(?s).*removed +run directory +\\.run-" + pid + "-1 +1 +its JVM is gone\n.*"), gc.out());
        assertTrue(gc.out().endsWith("removed 2 leftovers, " + (dry.jsonObject().get("bytes")) + " bytes, from " + root + "\n"),
                dry.out() + "\n" + gc.out());
        assertFalse(Files.exists(root.resolve("crashed")), "gc left the dead namespace");
        assertFalse(Files.exists(runLeftover), "gc left the dead JVM's run directory");
        assertTrue(Files.isDirectory(root.resolve("control")), "gc removed a namespace with a live process");
        assertTrue(control.exists("ready"), "the live namespace lost an object");
        assertEquals(3, CliRun.of(root, "inspect", "crashed/lock").code(), "the namespace is gone");
    }

    @Test
    void aKilledPoolsPrivateNamespaceAndRunDirectoryAreCollectedOnceItsWorkersAreGone() throws Exception {
        String dir = root.toString();
        JvmProcess parent = JvmProcess.of(() -> {
            ProcessPool pool = ProcessPool.create(1);
            pool.apply(() -> 1); // its worker is up and attached
            try (Namespace c = Namespace.builder("control").directory(Path.of(dir)).open();
                 SharedEvent signal = SharedEvent.attach(c, "ready")) {
                signal.set();
            }
            new CountDownLatch(1).await(); // until killed
            return null;
        }).addJvmOptions("-D" + Namespace.DIRECTORY_PROPERTY + "=" + dir).setDaemon(true).start();
        assertTrue(ready.await(BOUND.toMillis(), TimeUnit.MILLISECONDS), "the pool's parent did not get ready");
        String pool = NamespaceView.namespaces(root).stream().filter(n -> n.startsWith("pool-" + parent.pid() + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no pool namespace in " + NamespaceView.namespaces(root)));
        Map<?, ?> poolPs = (Map<?, ?>) ((List<?>) CliRun.of(root, "ps", pool, "--json").jsonObject().get("namespaces")).getFirst();
        List<Long> pids = ((List<?>) poolPs.get("processes")).stream().map(m -> (Long) ((Map<?, ?>) m).get("pid")).toList();
        assertTrue(pids.contains(parent.pid()) && pids.size() >= 2, "parent and worker attached: " + pids);
        assertEquals(1, runDirectoriesOf(parent.pid()).size(), "the pool's parent made a run directory");

        kill(parent);
        for (long pid : pids) {
            // Daemon workers die with their parent, SIGKILL included; wait (bounded) until they have.
            ProcessHandle.of(pid).ifPresent(h -> assertDoesNotThrow(() -> h.onExit().get(BOUND.toSeconds(), TimeUnit.SECONDS)));
        }
        CliRun gc = CliRun.of(root, "gc", "--json");
        assertEquals(0, gc.code(), gc.err());
        List<?> removed = ((List<?>) gc.jsonObject().get("removed")).stream().map(m -> ((Map<?, ?>) m).get("name")).toList();
        assertTrue(removed.contains(pool), removed.toString());
        assertEquals(2, removed.size(), "the pool's namespace and its parent's run directory: " + removed);
        assertFalse(Files.exists(root.resolve(pool)));
        assertEquals(List.of(), runDirectoriesOf(parent.pid()), "gc left the killed JVM's run directory");
        assertTrue(Files.isDirectory(root.resolve("control")));
    }

    private List<Path> runDirectoriesOf(long pid) throws Exception {
        try (var entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(RunLeftovers.PREFIX + pid + "-")).toList();
        }
    }

    @Test
    void rmRefusesANamespaceALiveProcessHoldsUnlessForced() throws Exception {
        JvmProcess child = holder("busy");
        try {
            CliRun refused = CliRun.of(root, "rm", "busy");
            assertEquals(ExitCode.IN_USE, refused.code());
            assertEquals(1, refused.errLines().size(), refused.err());
            assertTrue(refused.err().startsWith("shmproc: will not delete namespace 'busy': 1 live process is attached to it (pid "
                    + child.pid() + ")"), refused.err());
            assertTrue(refused.err().contains("--force"), refused.err());
            CliRun objectRefused = CliRun.of(root, "rm", "busy/jobs");
            assertEquals(ExitCode.IN_USE, objectRefused.code(), objectRefused.err());
            assertTrue(Files.exists(root.resolve("busy").resolve("jobs.shm")), "a refused rm removed the object");

            CliRun forcedObject = CliRun.of(root, "rm", "busy/jobs", "--force");
            assertEquals(0, forcedObject.code(), forcedObject.err());
            assertTrue(forcedObject.out().startsWith("removed object busy/jobs: "), forcedObject.out());
            assertFalse(Files.exists(root.resolve("busy").resolve("jobs.shm")));
            assertEquals(ExitCode.NOT_FOUND, CliRun.of(root, "inspect", "busy/jobs").code());
            assertEquals(0, CliRun.of(root, "inspect", "busy/lock").code(), "rm of one object removed another");

            CliRun forced = CliRun.of(root, "rm", "busy", "--force", "--json");
            assertEquals(0, forced.code(), forced.err());
            assertEquals("namespace", forced.jsonObject().get("removed"));
            assertEquals(true, forced.jsonObject().get("forced"));
            assertFalse(Files.exists(root.resolve("busy")));
        } finally {
            kill(child);
        }
    }

    @Test
    void rmRemovesADeadNamespaceWithoutForce() throws Exception {
        kill(holder("dead"));
        CliRun rm = CliRun.of(root, "rm", "dead");
        assertEquals(0, rm.code(), rm.err());
        assertFalse(Files.exists(root.resolve("dead")));
        assertEquals(ExitCode.NOT_FOUND, CliRun.of(root, "rm", "dead").code());
    }
}

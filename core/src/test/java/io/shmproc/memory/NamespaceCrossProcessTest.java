package io.shmproc.memory;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness and clean-up across real JVMs, including SIGKILL. */
class NamespaceCrossProcessTest {
    private static final ObjectType LONG = new ObjectType("VALU", "int64");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path root;

    /** Opens the namespace, creates "NAME-of-pid" = 7, prints its slot and generation, waits for "exit". */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open()) {
                ns.create(args[2], LONG, 8, p -> p.set(JAVA_LONG, 0, 7L));
                if (args.length > 3) {
                    ns.create(args[3], LONG, 1 << 20, p -> { }); // a large object: its own file
                }
                System.out.println(ns.self().slot() + " " + ns.self().generation());
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            }
            System.out.println("closed");
        }
    }

    @Test
    void killedProcessReadsDeadWhileLiveOneReadsAlive() {
        String name = TestNamespaces.unique("live");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             ChildJvm live = ChildJvm.start(Holder.class, root.toString(), name, "a");
             ChildJvm doomed = ChildJvm.start(Holder.class, root.toString(), name, "b", "bigB")) {
            ProcessId liveId = parse(live.nextLine(STARTUP));
            ProcessId doomedId = parse(doomed.nextLine(STARTUP));
            assertTrue(ns.processes().isAlive(liveId));
            assertTrue(ns.processes().isAlive(doomedId));
            assertEquals(7L, ns.attach("b", LONG).payload().get(JAVA_LONG, 0));

            doomed.kill();

            assertFalse(ns.processes().isAlive(doomedId), "the kernel dropped the killed process's lock");
            assertTrue(ns.processes().isAlive(liveId));
            assertTrue(ns.processes().isAlive(ns.self()));
            List<ProcessInfo> table = ns.processes().attached();
            assertTrue(table.stream().anyMatch(p -> p.id().equals(doomedId) && !p.alive() && p.pid() == doomed.pid()), table.toString());
            assertTrue(table.stream().anyMatch(p -> p.id().equals(liveId) && p.alive() && p.pid() == live.pid()), table.toString());

            live.send("exit");
            live.awaitLine("closed", STARTUP);
            assertEquals(0, live.awaitExit(STARTUP));
            assertFalse(ns.processes().isAlive(liveId));
            assertFalse(ns.exists("a"), "a clean close unlinks what the process created");
            assertTrue(ns.exists("b"), "a killed process could not unlink");
        }
        assertEquals(List.of(), TestNamespaces.contents(root), "the last close reclaims what the killed process left");
    }

    @Test
    void namespaceLeftByKilledProcessesIsReclaimedByTheNextOpener() {
        String name = TestNamespaces.unique("stale");
        try (ChildJvm doomed = ChildJvm.start(Holder.class, root.toString(), name, "x", "bigX")) {
            parse(doomed.nextLine(STARTUP));
            doomed.kill();
        }
        Path dir = root.resolve(name);
        assertTrue(Files.exists(dir.resolve("bigX.shm")), "left behind by the kill");
        try (Namespace ns = Namespace.builder(name).directory(root).open()) {
            assertEquals(List.of(), ns.objectNames(), "objects of dead processes are reclaimed");
            assertFalse(Files.exists(dir.resolve("bigX.shm")));
            assertEquals(0, ns.self().slot(), "the dead process's slot is free again");
            assertEquals(2, ns.self().generation());
        }
        assertFalse(Files.exists(dir));
    }

    private static ProcessId parse(String line) {
        String[] parts = line.split(" ");
        return new ProcessId(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }
}

package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.memory.Namespace;
import io.shmproc.sync.SharedEvent;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of children when their parent ends: daemons die with it, even when it is SIGKILLed;
 * at a normal exit daemons are terminated and the others waited for. The parent is a real JVM of its
 * own ({@link Parent}), so that the test can kill it.
 */
@Timeout(120)
class JvmProcessLifelineTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void aDaemonChildDiesWhenItsParentIsKilled() throws Exception {
        try (ChildJvm parent = ChildJvm.start(Parent.class, "daemon-then-block")) {
            long daemon = Long.parseLong(parent.nextLine(BOUND).replace("daemon running ", ""));
            ProcessHandle handle = ProcessHandle.of(daemon).orElseThrow();
            assertTrue(handle.isAlive());
            parent.kill();
            handle.onExit().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertFalse(handle.isAlive(), "the daemon outlived its SIGKILLed parent");
        }
    }

    @Test
    void aDaemonChildIsTerminatedWhenItsParentExitsNormally() throws Exception {
        String name = TestNamespaces.unique("lifeline");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedEvent running = SharedEvent.create(ns, "running");
             ChildJvm parent = ChildJvm.start(Parent.class, "daemon-then-return", root.toString(), name)) {
            long daemon = Long.parseLong(parent.nextLine(BOUND).replace("daemon running ", ""));
            ProcessHandle handle = ProcessHandle.of(daemon).orElseThrow();
            assertEquals(0, parent.awaitExit(BOUND));
            handle.onExit().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertFalse(handle.isAlive());
        }
    }

    @Test
    void aNonDaemonChildIsWaitedForWhenItsParentsMainReturns() throws Exception {
        String name = TestNamespaces.unique("lifeline");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedEvent go = SharedEvent.create(ns, "go");
             ChildJvm parent = ChildJvm.start(Parent.class, "child-then-return", root.toString(), name)) {
            Set<String> first = new HashSet<>(Set.of(parent.nextLine(BOUND), parent.nextLine(BOUND)));
            assertEquals(Set.of("child waiting", "main returned"), first);
            go.set();
            assertEquals("child done, parent alive: true", parent.nextLine(BOUND));
            assertEquals(0, parent.awaitExit(BOUND));
        }
    }

    @Test
    void aParentThatExitsLeavesNeitherItsRunDirectoryNorAnEmptyRootBehind() throws Exception {
        Path defaultRoot = root.resolve("default-root");
        try (ChildJvm parent = ChildJvm.startWith(List.of("-D" + Namespace.DIRECTORY_PROPERTY + "=" + defaultRoot),
                Parent.class, "child-joined")) {
            assertEquals("child joined: 0", parent.nextLine(BOUND));
            assertTrue(Files.isDirectory(defaultRoot), "the parent's run directory lives in the root while it runs");
            parent.send("exit");
            assertEquals(0, parent.awaitExit(BOUND));
        }
        assertFalse(Files.exists(defaultRoot), "the exiting parent removed its run directory and then the empty root");
    }

    /** The parent JVM: starts a child the way its argument says, then blocks or returns. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "daemon-then-block" -> {
                    JvmProcess.of(Parent::announceAndBlock).setDaemon(true).start();
                    new CountDownLatch(1).await();
                }
                case "daemon-then-return" -> {
                    // Return only once the daemon runs, so that it is terminated, not merely never started.
                    String dir = args[1];
                    String namespace = args[2];
                    try (Namespace ns = Namespace.builder(namespace).directory(Path.of(dir)).open();
                         SharedEvent running = SharedEvent.attach(ns, "running")) {
                        JvmProcess daemon = JvmProcess.of(() -> setAndBlock(dir, namespace)).setDaemon(true).start();
                        if (!running.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the daemon did not start");
                        }
                        System.out.println("daemon running " + daemon.pid());
                    }
                }
                case "child-then-return" -> {
                    String dir = args[1];
                    String namespace = args[2];
                    JvmProcess.of(() -> waitForGo(dir, namespace)).start();
                    System.out.println("main returned");
                }
                case "child-joined" -> {
                    JvmProcess child = JvmProcess.of(Parent::returnAtOnce).start();
                    child.join();
                    System.out.println("child joined: " + child.exitCode().getAsInt());
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        }

        static void returnAtOnce() {
        }

        static void announceAndBlock() {
            System.out.println("daemon running " + ProcessHandle.current().pid());
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void setAndBlock(String dir, String namespace) {
            try (Namespace ns = Namespace.builder(namespace).directory(Path.of(dir)).open();
                 SharedEvent running = SharedEvent.attach(ns, "running")) {
                running.set();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void waitForGo(String dir, String namespace) {
            try (Namespace ns = Namespace.builder(namespace).directory(Path.of(dir)).open();
                 SharedEvent go = SharedEvent.attach(ns, "go")) {
                System.out.println("child waiting");
                if (!go.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("nobody said go");
                }
                System.out.println("child done, parent alive: " + JvmProcess.parent().orElseThrow().isAlive());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

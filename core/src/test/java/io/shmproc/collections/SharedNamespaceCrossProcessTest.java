package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.Codecs;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SharedNamespace (and SharedList) across real JVMs: attributes of every type set by a child are read by its
 * parent and back; two processes adding to one attribute lose no update; processes SIGKILLed while updating
 * leave attributes that others read and update; both kinds of handle captured by a
 * JvmProcess task are attached by name in the child.
 */
class SharedNamespaceCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    /** args: root ns. Sets one attribute of each type, then prints what the parent set in reply. */
    public static final class Setter {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args);
                 SharedNamespace state = SharedNamespace.builder().allow(SharedNamespaceTest.Progress.class).attach(ns, "state")) {
                state.set("count", 7);
                state.set("total", 1L << 33);
                state.set("ratio", 0.25);
                state.set("ready", true);
                state.set("phase", "loaded");
                state.set("digest", new byte[] {9, 8, 7});
                state.set("progress", new SharedNamespaceTest.Progress(5, 8));
                state.set("pid", ProcessHandle.current().pid());
                System.out.println("set");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                System.out.println(state.getString("reply") + " " + state.getInt("count"));
            }
        }
    }

    /** args: root ns count. Adds 1 to "hits" count times, after a line on stdin. */
    public static final class Adder {
        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[2]);
            try (Namespace ns = namespace(args);
                 SharedNamespace state = SharedNamespace.attach(ns, "state")) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = 0; i < count; i++) {
                    state.addAndGet("hits", 1);
                }
            }
            System.out.println("done");
        }
    }

    /** One random update of the attributes the kill test checks. */
    static void churn(SharedNamespace state, int i) {
        switch (i % 4) {
            case 0 -> state.update("log", String.class, log -> log.length() > 3000 ? "x" : log + "x".repeat(50));
            case 1 -> state.addAndGet("n", 1);
            case 2 -> state.set("k" + i % 20, "v".repeat(i % 500));
            default -> state.remove("k" + (i + 7) % 20);
        }
    }

    /** args: root ns. Updates attributes forever, announcing progress after 2000 updates. */
    public static final class Churner {
        public static void main(String[] args) {
            try (Namespace ns = namespace(args);
                 SharedNamespace state = SharedNamespace.attach(ns, "state")) {
                for (int i = 0;; i++) {
                    churn(state, i);
                    if (i == 2000) {
                        System.out.println("progress");
                    }
                }
            }
        }
    }

    @Test
    void processesSigkilledWhileUpdatingLeaveAttributesThatOthersReadAndUpdate() {
        String name = TestNamespaces.unique("churn");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedNamespace state = SharedNamespace.builder().maxAttributes(64).maxBytes(1 << 20).create(ns, "state")) {
            state.set("log", "x");
            state.set("n", 0L);
            for (int round = 0; round < 3; round++) {
                List<ChildJvm> victims = List.of(
                        ChildJvm.startWith(List.of("--enable-native-access=ALL-UNNAMED"), Churner.class, root.toString(), name),
                        ChildJvm.start(Churner.class, root.toString(), name));
                try {
                    for (ChildJvm victim : victims) {
                        victim.awaitLine("progress", BOUND);
                    }
                    for (int i = 0; i < 500; i++) {
                        churn(state, i);
                    }
                    victims.forEach(ChildJvm::kill);
                } finally {
                    victims.forEach(ChildJvm::close);
                }
                long before = state.getLong("n");
                for (int i = 0; i < 2000; i++) {
                    churn(state, i);
                }
                assertEquals(before + 500, state.getLong("n"), "this process's increments all count");
                assertTrue(state.getString("log").chars().allMatch(c -> c == 'x'), "the log is whole");
                for (String attribute : state.names()) {
                    assertTrue(attribute.equals("log") || attribute.equals("n") || attribute.matches("k\\d+"), attribute);
                    if (attribute.startsWith("k")) {
                        assertTrue(state.getString(attribute).chars().allMatch(c -> c == 'v'), attribute);
                    }
                }
                assertEquals(state.names().size(), state.size());
            }
            System.out.println("SharedNamespace: half-done updates of killed processes rolled back: " + state.repairs());
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void attributesAChildSetsAreReadByItsParentAndBack() {
        String name = TestNamespaces.unique("attrs");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedNamespace state = SharedNamespace.builder().allow(SharedNamespaceTest.Progress.class).create(ns, "state");
             ChildJvm child = ChildJvm.start(Setter.class, root.toString(), name)) {
            child.awaitLine("set", BOUND);
            assertEquals(7, state.getInt("count"));
            assertEquals(1L << 33, state.getLong("total"));
            assertEquals(0.25, state.getDouble("ratio"));
            assertTrue(state.getBoolean("ready"));
            assertEquals("loaded", state.getString("phase"));
            assertArrayEquals(new byte[] {9, 8, 7}, state.getBytes("digest"));
            assertEquals(new SharedNamespaceTest.Progress(5, 8), state.get("progress", SharedNamespaceTest.Progress.class));
            assertEquals(child.pid(), state.getLong("pid"));
            assertEquals(8, state.size());
            state.set("reply", "seen");
            state.addAndGet("count", 1);
            child.send("go");
            assertEquals("seen 8", child.nextLine(BOUND));
            assertEquals(0, child.awaitExit(BOUND));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void twoJvmsAddingToOneAttributeLoseNoUpdate() {
        String name = TestNamespaces.unique("hits");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedNamespace state = SharedNamespace.create(ns, "state")) {
            state.set("hits", 0L);
            List<ChildJvm> children = List.of(
                    ChildJvm.startWith(List.of("--enable-native-access=ALL-UNNAMED"), Adder.class, root.toString(), name, "20000"),
                    ChildJvm.start(Adder.class, root.toString(), name, "20000"));
            try {
                for (ChildJvm child : children) {
                    child.awaitLine("ready", BOUND);
                }
                children.forEach(child -> child.send("go"));
                for (int i = 0; i < 5000; i++) {
                    state.addAndGet("hits", 1);
                }
                for (ChildJvm child : children) {
                    child.awaitLine("done", BOUND);
                    assertEquals(0, child.awaitExit(BOUND));
                }
            } finally {
                children.forEach(ChildJvm::close);
            }
            assertEquals(45_000, state.getLong("hits"));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aListAndANamespaceCapturedByAJvmProcessTaskAreAttachedByNameInTheChild() throws Exception {
        String name = TestNamespaces.unique("travel");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedList<String> list = SharedList.builder(Codecs.string()).create(ns, "list");
             SharedNamespace state = SharedNamespace.builder().allow(SharedNamespaceTest.Progress.class).create(ns, "state")) {
            list.add("from the parent");
            state.set("progress", new SharedNamespaceTest.Progress(1, 2));
            JvmProcess child = JvmProcess.of(() -> {
                list.add("from " + JvmProcess.current().name());
                SharedNamespaceTest.Progress p = state.get("progress", SharedNamespaceTest.Progress.class);
                state.set("progress", new SharedNamespaceTest.Progress(p.done() + 1, p.total()));
                state.set("child", JvmProcess.current().name());
                return list.size();
            }).start();
            assertTrue(child.join(BOUND), "the child finished");
            assertEquals(OptionalInt.of(0), child.exitCode());
            assertEquals(2, child.result());
            assertEquals(List.of("from the parent", "from " + child.name()), list);
            assertEquals(new SharedNamespaceTest.Progress(2, 2), state.get("progress"));
            assertEquals(child.name(), state.getString("child"));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.Codecs;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SharedMap across real JVMs: a map captured by a {@link JvmProcess} task is attached by name in the child,
 * whose updates its parent sees; two processes merging into the same keys lose no update; processes
 * SIGKILLed while updating leave a consistent map that others go on updating; a process halted at each
 * step of an update in turn leaves the map exactly as it was before that update.
 */
class SharedMapCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");
    private static final String CRASH_PROPERTY = "io.shmproc.collections.crashAtStep";

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    /** args: root ns count keys. Merges 1 into key i % keys, count times. */
    public static final class Merger {
        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[2]);
            int keys = Integer.parseInt(args[3]);
            try (Namespace ns = namespace(args);
                 SharedMap<String, Integer> counts = SharedMap.attach(ns, "counts", Codecs.string(), Codecs.ofInt())) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = 0; i < count; i++) {
                    counts.merge("k" + i % keys, 1, Integer::sum);
                }
            }
            System.out.println("done");
        }
    }

    /** A value that says what it should look like: "writer:seq:length:" padded with a letter chosen by seq. */
    static String value(int writer, int seq, int length) {
        String head = writer + ":" + seq + ":" + length + ":";
        return head + String.valueOf((char) ('a' + seq % 26)).repeat(Math.max(0, length - head.length()));
    }

    /** @throws AssertionError if {@code v} is not a value {@link #value} made */
    static void check(String key, String v) {
        String[] parts = v.split(":", 4);
        int seq = Integer.parseInt(parts[1]);
        int length = Integer.parseInt(parts[2]);
        if (!v.equals(value(Integer.parseInt(parts[0]), seq, length))) {
            throw new AssertionError("the value of " + key + " is damaged: " + v.substring(0, Math.min(80, v.length())));
        }
    }

    /** One random update of long values: puts, removes, merges that replace, compute that may remove. */
    static void update(SharedMap<String, String> map, Random random, int writer, int seq) {
        String key = "k" + random.nextInt(200);
        String v = value(writer, seq, 50 + random.nextInt(3000));
        switch (random.nextInt(5)) {
            case 0 -> map.remove(key);
            case 1 -> map.merge(key, v, Latest::pick);
            case 2 -> map.compute(key, (k, old) -> old != null && old.length() > 2000 ? null : v);
            default -> map.put(key, v);
        }
    }

    /** A merge function the child has on its class path. */
    static final class Latest {
        static String pick(String old, String given) {
            return given;
        }
    }

    /** args: root ns writer. Updates forever, announcing progress after 2000 updates. */
    public static final class Updater {
        public static void main(String[] args) {
            int writer = Integer.parseInt(args[2]);
            Random random = new Random(writer);
            try (Namespace ns = namespace(args);
                 SharedMap<String, String> map = SharedMap.attach(ns, "long", Codecs.string(), Codecs.string())) {
                for (int seq = 0;; seq++) {
                    update(map, random, writer, seq);
                    if (seq == 2000) {
                        System.out.println("progress");
                    }
                }
            }
        }
    }

    /** args: root ns. Replaces a, removes b, inserts c (into b's freed block), recording in "op" which has begun. */
    public static final class ThreeUpdates {
        public static void main(String[] args) {
            try (Namespace ns = namespace(args);
                 SharedMap<String, String> map = SharedMap.attach(ns, "steps", Codecs.string(), Codecs.string());
                 SharedLong op = SharedLong.attach(ns, "op")) {
                op.set(1);
                map.put("a", "A".repeat(100));
                op.set(2);
                map.remove("b");
                op.set(3);
                map.put("c", "C".repeat(40));
                op.set(4);
            }
            System.exit(0);
        }
    }

    @Test
    void aMapCapturedByAJvmProcessTaskIsAttachedByNameInTheChildAndTheParentSeesItsUpdates() throws Exception {
        String name = TestNamespaces.unique("captured");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedMap<String, Integer> scores = SharedMap.builder(Codecs.string(), Codecs.ofInt()).maxEntries(100).create(ns, "scores")) {
            scores.put("parent", 41);
            JvmProcess child = JvmProcess.of(() -> {
                int seen = scores.get("parent"); // the parent's entry: the same map, not a new one of that name
                scores.put("child", seen + 1);
                for (int i = 0; i < 1000; i++) {
                    scores.merge("both", 1, Integer::sum);
                }
                return scores.namespace().name() + "/" + scores.name() + " in " + ProcessHandle.current().pid();
            }).start();
            for (int i = 0; i < 1000; i++) {
                scores.merge("both", 1, Integer::sum);
            }
            assertTrue(child.join(BOUND), "the child finished within " + BOUND);
            assertEquals(OptionalInt.of(0), child.exitCode(), () -> "the child failed: " + child.exception().orElse(null));
            assertEquals(name + "/scores in " + child.pid(), child.result(), "the child attached the map by its name");
            assertEquals(Map.of("parent", 41, "child", 42, "both", 2000), new HashMap<>(scores),
                    "the parent sees the child's put and every merge of both processes");
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void twoJvmsEachMergingAHundredThousandTimesOverAHundredKeysLoseNoUpdate() {
        String name = TestNamespaces.unique("merge");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedMap<String, Integer> counts = SharedMap.builder(Codecs.string(), Codecs.ofInt()).maxEntries(100).create(ns, "counts")) {
            List<ChildJvm> children = List.of(
                    ChildJvm.startWith(FUTEX, Merger.class, root.toString(), name, "100000", "100"),
                    ChildJvm.start(Merger.class, root.toString(), name, "100000", "100"));
            try {
                for (ChildJvm child : children) {
                    child.awaitLine("ready", BOUND);
                }
                long start = System.nanoTime();
                children.forEach(child -> child.send("go"));
                for (ChildJvm child : children) {
                    child.awaitLine("done", BOUND);
                    assertEquals(0, child.awaitExit(BOUND));
                }
                long nanos = System.nanoTime() - start;
                System.out.printf("SharedMap: 200000 merges from 2 JVMs over 100 keys in %d ms (%.0f merges/s)%n",
                        nanos / 1_000_000, 200_000 / (nanos / 1e9));
            } finally {
                children.forEach(ChildJvm::close);
            }
            assertEquals(100, counts.size());
            for (int k = 0; k < 100; k++) {
                assertEquals(2000, counts.get("k" + k), "k" + k);
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void updatersSigkilledMidUpdateLeaveAConsistentMapThatOthersGoOnUpdating() {
        String name = TestNamespaces.unique("kill");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string())
                     .maxEntries(256).maxBytes(8 << 20).create(ns, "long")) {
            Random random = new Random(7);
            int seq = 0;
            for (int round = 0; round < 6; round++) {
                // two victims at once, so that one is often waiting on a stripe lock the other holds
                List<ChildJvm> victims = new ArrayList<>();
                try {
                    for (int v = 0; v < 2; v++) {
                        victims.add(ChildJvm.startWith(v == 0 ? FUTEX : List.of(), Updater.class, root.toString(), name,
                                "" + (round * 2 + v + 1)));
                    }
                    for (ChildJvm victim : victims) {
                        victim.awaitLine("progress", BOUND);
                    }
                    for (int i = 0; i < 200; i++) {
                        update(map, random, 0, seq++); // this process updates while they do, and while they die
                    }
                    victims.forEach(ChildJvm::kill);
                } finally {
                    victims.forEach(ChildJvm::close);
                }
                assertConsistent(map);
                for (int i = 0; i < 2000; i++) {
                    update(map, random, 0, seq++);
                }
                assertConsistent(map);
            }
            System.out.println("SharedMap: half-done updates of killed processes rolled back: " + map.repairs());
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    /** Every entry readable and well formed, no key twice, and size() the number of entries. */
    private static void assertConsistent(SharedMap<String, String> map) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(map.entrySet());
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, String> e : entries) {
            assertTrue(keys.add(e.getKey()), "key " + e.getKey() + " twice");
            check(e.getKey(), e.getValue());
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
        assertEquals(entries.size(), map.size(), "size() counts every entry once");
        for (int k = 0; k < 200; k++) {
            assertEquals(keys.contains("k" + k), map.containsKey("k" + k), "k" + k);
        }
    }

    @Test
    void aProcessHaltedAtEachStepOfAnUpdateInTurnLeavesTheMapAsItWasBeforeThatUpdate() {
        String name = TestNamespaces.unique("steps");
        String a1 = "A".repeat(10);
        String b1 = "B".repeat(40);
        List<Map<String, String>> states = List.of(
                Map.of("a", a1, "b", b1),                                   // before op 1
                Map.of("a", a1, "b", b1),                                   // op 1 began: replace a
                Map.of("a", "A".repeat(100), "b", b1),                      // op 2 began: remove b
                Map.of("a", "A".repeat(100)),                               // op 3 began: insert c
                Map.of("a", "A".repeat(100), "c", "C".repeat(40)));         // all done
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string())
                     .maxEntries(16).stripes(1).create(ns, "steps");
             SharedLong op = SharedLong.create(ns, "op", 0)) {
            int crashes = 0;
            for (int step = 1;; step++) {
                map.clear();
                map.put("a", a1);
                map.put("b", b1);
                op.set(0);
                long repairsBefore = map.repairs();
                int exit;
                try (ChildJvm child = ChildJvm.startWith(List.of("-D" + CRASH_PROPERTY + "=" + step), ThreeUpdates.class,
                        root.toString(), name)) {
                    exit = child.awaitExit(BOUND);
                }
                if (exit == 0) {
                    assertEquals(4, op.get());
                    assertEquals(states.get(4), new HashMap<>(map));
                    break;
                }
                assertEquals(99, exit, "the child halted at step " + step);
                crashes++;
                int began = (int) op.get();
                assertTrue(began >= 1 && began <= 3, "op " + began);
                assertEquals(states.get(began), new HashMap<>(map), "halted at step " + step + " of op " + began
                        + ": the op is rolled back, the ones before it stay");
                assertEquals(states.get(began).size(), map.size());
                assertEquals(repairsBefore + 1, map.repairs(), "one rollback, by the first to take the stripe");
                assertEquals(crashes, map.locksTakenFromTheDead(), "the stripe lock was taken from the dead child");
            }
            // replace: allocate (bump, next) + link + free (next, head) = 5 words; remove: link, free 2, count = 4;
            // insert from the free list: pop, next, bucket, count = 4; each word 2 steps, each update 1 more
            assertEquals(2 * (5 + 4 + 4) + 3, crashes, "every step of the three updates was crashed at");
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

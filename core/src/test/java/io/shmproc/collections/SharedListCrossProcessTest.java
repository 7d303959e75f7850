package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.Codecs;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SharedList across real JVMs: two processes appending at once add every element exactly once, each in its
 * own order; processes SIGKILLed while updating leave a consistent list that others go on updating; a
 * process halted at each step of its updates in turn leaves the list as it was before that update.
 */
class SharedListCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");
    private static final String CRASH_PROPERTY = "io.shmproc.collections.crashAtStep";

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    /** args: root ns writer count. Appends "writer:i" for i below count, after a line on stdin. */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            String writer = args[2];
            int count = Integer.parseInt(args[3]);
            try (Namespace ns = namespace(args);
                 SharedList<String> list = SharedList.attach(ns, "appends", Codecs.string())) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = 0; i < count; i++) {
                    list.add(writer + ":" + i);
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
    static void check(int index, String v) {
        String[] parts = v.split(":", 4);
        if (parts.length != 4 || !v.equals(value(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2])))) {
            throw new AssertionError("element " + index + " is damaged: " + v.substring(0, Math.min(80, v.length())));
        }
    }

    /** One random update with values never used before: appends, inserts, sets, removals, bulk updates. */
    static void update(SharedList<String> list, Random random, int writer, int[] seq) {
        int size = list.size();
        String v = value(writer, seq[0]++, 30 + random.nextInt(600));
        try {
            switch (random.nextInt(10)) {
                case 0 -> list.add(v);
                case 1 -> list.add(random.nextInt(size + 1), v);
                case 2 -> list.set(random.nextInt(size), v);
                case 3 -> list.remove(random.nextInt(size));
                case 4 -> list.update(random.nextInt(size), old -> v);
                case 5 -> list.addAll(random.nextInt(size + 1), List.of(v, value(writer, seq[0]++, 40), value(writer, seq[0]++, 50)));
                case 6 -> list.removeIf(e -> e.hashCode() % 5 == 0);
                case 7 -> list.removeRange(0, Math.min(size, random.nextInt(5)));
                case 8 -> list.sort(null);
                default -> {
                    if (size > 150) {
                        list.removeRange(0, size / 2);
                    } else {
                        list.add(v);
                    }
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException raced) {
            // another process changed the size since this one read it (random.nextInt(0) is one of these): fine
        } catch (ListFullException full) {
            list.removeIf(e -> (e.hashCode() & 1) == 0);
        }
    }

    /** args: root ns writer. Updates forever, announcing progress after 1000 updates. */
    public static final class Updater {
        public static void main(String[] args) {
            int writer = Integer.parseInt(args[2]);
            Random random = new Random(writer);
            int[] seq = {0};
            try (Namespace ns = namespace(args);
                 SharedList<String> list = SharedList.attach(ns, "long", Codecs.string())) {
                for (int n = 0;; n++) {
                    update(list, random, writer, seq);
                    if (n == 1000) {
                        System.out.println("progress");
                    }
                }
            }
        }
    }

    /** args: root ns. Twelve updates, recording in "op" which has begun (see the halting test). */
    public static final class TwelveUpdates {
        public static void main(String[] args) {
            try (Namespace ns = namespace(args);
                 SharedList<String> list = SharedList.attach(ns, "steps", Codecs.string());
                 SharedLong op = SharedLong.attach(ns, "op")) {
                op.set(1);
                list.add("C".repeat(24));
                op.set(2);
                list.add(0, "D".repeat(24));
                op.set(3);
                list.remove(1);
                op.set(4);
                list.set(0, "E".repeat(56));     // no room above the top: compacts first
                op.set(5);
                list.removeLast();
                op.set(6);
                list.clear();
                op.set(7);
                list.addAll(List.of("F".repeat(8), "G".repeat(8)));
                op.set(8);
                list.addAll(1, List.of("H".repeat(8), "I".repeat(8)));
                op.set(9);
                list.sort(java.util.Comparator.reverseOrder());
                op.set(10);
                list.removeIf(e -> e.startsWith("H"));
                op.set(11);
                list.replaceAll(String::toLowerCase);
                op.set(12);
                list.reverse();
                op.set(13);
            }
            System.exit(0);
        }
    }

    @Test
    void twoJvmsAppendingAtOnceAddEveryElementExactlyOnceInEachWritersOrder() {
        String name = TestNamespaces.unique("append");
        int each = 20_000;
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedList<String> list = SharedList.builder(Codecs.string()).maxElements(2 * each).create(ns, "appends")) {
            List<ChildJvm> children = List.of(
                    ChildJvm.startWith(FUTEX, Appender.class, root.toString(), name, "a", "" + each),
                    ChildJvm.start(Appender.class, root.toString(), name, "b", "" + each));
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
                System.out.printf("SharedList: %d appends from 2 JVMs in %d ms (%.0f appends/s)%n", 2 * each,
                        nanos / 1_000_000, 2 * each / (nanos / 1e9));
            } finally {
                children.forEach(ChildJvm::close);
            }
            List<String> all = list.snapshot();
            assertEquals(2 * each, all.size());
            assertEquals(2 * each, new HashSet<>(all).size(), "no element twice");
            int[] next = new int[2];
            boolean interleaved = false;
            for (int i = 0; i < all.size(); i++) {
                String[] parts = all.get(i).split(":");
                int w = parts[0].equals("a") ? 0 : 1;
                assertEquals(next[w]++, Integer.parseInt(parts[1]), "each writer's appends in its order, at " + i);
                interleaved |= i > 0 && !all.get(i - 1).startsWith(parts[0]);
            }
            assertEquals(each, next[0]);
            assertEquals(each, next[1]);
            System.out.println("SharedList: the two writers' appends interleaved: " + interleaved);
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void updatersSigkilledMidUpdateLeaveAConsistentListThatOthersGoOnUpdating() {
        String name = TestNamespaces.unique("kill");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedList<String> list = SharedList.builder(Codecs.string()).maxElements(400).maxBytes(64 << 10).create(ns, "long")) {
            Random random = new Random(7);
            int[] seq = {0};
            for (int round = 0; round < 6; round++) {
                // two victims at once, so that one is often waiting on the lock the other holds
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
                        update(list, random, 0, seq); // this process updates while they do, and while they die
                    }
                    victims.forEach(ChildJvm::kill);
                } finally {
                    victims.forEach(ChildJvm::close);
                }
                assertConsistent(list);
                for (int i = 0; i < 2000; i++) {
                    update(list, random, 0, seq);
                }
                assertConsistent(list);
            }
            System.out.println("SharedList: half-done updates of killed processes rolled back: " + list.repairs()
                    + ", locks taken from the dead: " + list.locksTakenFromTheDead() + ", compactions: " + list.compactions());
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    /** Every element well formed and there once, size() and usedBytes() those of the elements read. */
    private static void assertConsistent(SharedList<String> list) {
        List<String> elements = list.snapshot();
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        for (int i = 0; i < elements.size(); i++) {
            String e = elements.get(i);
            check(i, e);
            assertTrue(seen.add(e), "element " + e.substring(0, 20) + " twice");
            bytes += SharedListLayout.blockBytes(e.length());
        }
        assertEquals(elements.size(), list.size(), "size() counts every element once");
        assertEquals(bytes, list.usedBytes(), "the bytes in use are those of the elements");
        if (!elements.isEmpty()) {
            assertEquals(elements.getLast(), list.getLast());
        }
    }

    @Test
    void aProcessHaltedAtEachStepOfAnUpdateInTurnLeavesTheListAsItWasBeforeThatUpdate() {
        String name = TestNamespaces.unique("steps");
        String a = "A".repeat(24);
        String b = "B".repeat(24);
        String c = "C".repeat(24);
        String d = "D".repeat(24);
        String e = "E".repeat(56);
        String f = "F".repeat(8);
        String g = "G".repeat(8);
        String h = "H".repeat(8);
        String i = "I".repeat(8);
        List<List<String>> states = List.of(
                List.of(a, b),              // before op 1
                List.of(a, b),              // op 1 began: append c
                List.of(a, b, c),           // op 2 began: insert d at 0
                List.of(d, a, b, c),        // op 3 began: remove at 1
                List.of(d, b, c),           // op 4 began: set 0 (after a compaction)
                List.of(e, b, c),           // op 5 began: remove the last
                List.of(e, b),              // op 6 began: clear
                List.of(),                  // op 7 began: append two
                List.of(f, g),              // op 8 began: insert two at 1
                List.of(f, h, i, g),        // op 9 began: sort, reversed
                List.of(i, h, g, f),        // op 10 began: remove those starting with H
                List.of(i, g, f),           // op 11 began: replace all with lower case
                List.of(i.toLowerCase(), g.toLowerCase(), f.toLowerCase()),   // op 12 began: reverse
                List.of(f.toLowerCase(), g.toLowerCase(), i.toLowerCase()));
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             // blocks of 32 bytes (24 + 8) and 64 (56 + 8); 160 bytes of heap
             SharedList<String> list = SharedList.builder(Codecs.string()).maxElements(8).maxBytes(160).create(ns, "steps");
             SharedLong op = SharedLong.create(ns, "op", 0)) {
            int crashes = 0;
            for (int step = 1;; step++) {
                list.clear();
                list.addAll(List.of(a, b));
                op.set(0);
                long repairsBefore = list.repairs();
                long compactionsBefore = list.compactions();
                int exit;
                try (ChildJvm child = ChildJvm.startWith(List.of("-D" + CRASH_PROPERTY + "=" + step), TwelveUpdates.class,
                        root.toString(), name)) {
                    exit = child.awaitExit(BOUND);
                }
                if (exit == 0) {
                    assertEquals(13, op.get());
                    assertEquals(states.get(13), list);
                    assertEquals(compactionsBefore + 1, list.compactions());
                    break;
                }
                assertEquals(99, exit, "the child halted at step " + step);
                crashes++;
                int began = (int) op.get();
                assertTrue(began >= 1 && began <= 12, "op " + began);
                assertEquals(states.get(began), list.snapshot(), "halted at step " + step + " of op " + began
                        + ": the op is rolled back, the ones before it stay");
                assertEquals(states.get(began).size(), list.size());
                assertEquals(states.get(began).stream().mapToLong(s -> SharedListLayout.blockBytes(s.length())).sum(),
                        list.usedBytes());
                assertEquals(repairsBefore + 1, list.repairs(), "one rollback, by the first to take the lock");
                assertEquals(crashes, list.locksTakenFromTheDead(), "the lock was taken from the dead child");
            }
            // logged words: append 3, insert 4, remove inside 3, compaction 3 + set 3, remove last 2, clear 3,
            // append 3, insert two inside 4, sort 1, removeIf 3, replaceAll 3, reverse 1; each word 2 steps, each
            // update (the compaction is one) 1 more
            assertEquals(2 * (3 + 4 + 3 + 3 + 3 + 2 + 3 + 3 + 4 + 1 + 3 + 3 + 1) + 13, crashes,
                    "every step of the updates was crashed at");
            list.add("usable");
            assertEquals(4, list.size());
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

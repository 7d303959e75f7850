package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shareable list between real JVMs: writers taking turns, and writers killed with {@code kill -9}. */
class ShareableListCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path root;

    private static Namespace open(String root, String name) {
        return Namespace.builder(name).directory(Path.of(root)).open();
    }

    /** Sets slot 0 of "list" to one {@link ShareableListTest.Pattern} after another until killed. */
    public static final class WriterLoop {
        public static void main(String[] args) {
            int writer = Integer.parseInt(args[2]);
            try (Namespace ns = open(args[0], args[1]); ShareableList list = ShareableList.attach(ns, "list")) {
                System.out.println("writing");
                for (int i = 1; ; i++) {
                    list.set(0, ShareableListTest.Pattern.of(writer, i & 0xFFFFFF));
                }
            }
        }
    }

    /**
     * Plays a writer that dies halfway: takes slot 0 as its writer, writes part of a value into the copy
     * that is not current, says "stalled" and waits to be killed.
     */
    public static final class StalledWriter {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = open(args[0], args[1]); ShareableList list = ShareableList.attach(ns, "list")) {
                MemorySegment memory = ShareableListTest.payloadOf(list);
                long entry = ShareableListLayout.slotEntry(0);
                long writer = entry + ShareableListLayout.WRITER_OFFSET;
                if (!ShareableListLayout.LONG.compareAndSet(memory, writer, 0L, ShareableListLayout.writerToken(ns.self()))) {
                    throw new IllegalStateException("slot 0 was not free");
                }
                long version = memory.get(ValueLayout.JAVA_LONG, entry + ShareableListLayout.VERSION_OFFSET);
                long copy = memory.get(ValueLayout.JAVA_LONG, entry + ShareableListLayout.COPY_OFFSET_OFFSET)
                        + ((version + 1) & 1) * ShareableListLayout.copyBytes(list.slotBytes(0));
                memory.set(ValueLayout.JAVA_INT, copy + ShareableListLayout.TYPE_OFFSET, ShareableListLayout.TYPE_STRING);
                memory.set(ValueLayout.JAVA_INT, copy + ShareableListLayout.LENGTH_OFFSET, 40);
                memory.set(ValueLayout.JAVA_BYTE, copy + ShareableListLayout.VALUE_OFFSET, (byte) 'h');
                System.out.println("stalled");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            }
        }
    }

    /** Says "ready", waits for "go", then getAndSets slot 0 to args[2]..args[3]; prints the sum and sum of squares replaced. */
    public static final class TurnTaker {
        public static void main(String[] args) throws Exception {
            long from = Long.parseLong(args[2]);
            long to = Long.parseLong(args[3]);
            try (Namespace ns = open(args[0], args[1]); ShareableList list = ShareableList.attach(ns, "list")) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                long sum = 0;
                long squares = 0;
                for (long v = from; v <= to; v++) {
                    long replaced = (Long) list.getAndSet(0, v);
                    sum += replaced;
                    squares += replaced * replaced;
                }
                System.out.println(sum + " " + squares);
            }
        }
    }

    @Test
    void writersInTwoJvmsTakeTurnsOnOneSlotAndNoWriteIsLostOrAppliedTwice() throws Exception {
        String name = TestNamespaces.unique("turns");
        long n = 20_000;
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             ShareableList list = ShareableList.create(ns, "list", List.of(0L));
             ChildJvm child = ChildJvm.start(TurnTaker.class, root.toString(), name, Long.toString(n + 1), Long.toString(2 * n))) {
            child.awaitLine("ready", BOUND);
            child.send("go");
            long sum = 0;
            long squares = 0;
            for (long v = 1; v <= n; v++) {
                long replaced = (Long) list.getAndSet(0, v);
                sum += replaced;
                squares += replaced * replaced;
            }
            String[] theirs = child.nextLine(BOUND).split(" ");
            assertEquals(0, child.awaitExit(BOUND));
            long last = (Long) list.get(0);
            long total = 2 * n;
            assertEquals(total * (total + 1) / 2, sum + Long.parseLong(theirs[0]) + last,
                    "the values replaced, and the last, are every value written exactly once");
            assertEquals(total * (total + 1) * (2 * total + 1) / 6, squares + Long.parseLong(theirs[1]) + last * last);
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aWriterLoopKilledWithKill9NeverLeavesATornValueNorWedgesTheNextWriter() {
        String name = TestNamespaces.unique("kill");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             ShareableList list = ShareableList.create(ns, "list", Arrays.asList(ShareableListTest.Pattern.of(0, 0)), 64)) {
            for (int round = 1; round <= 3; round++) {
                try (ChildJvm child = ChildJvm.start(WriterLoop.class, root.toString(), name, Integer.toString(round))) {
                    child.awaitLine("writing", BOUND);
                    Set<String> seen = new HashSet<>();
                    long deadline = System.nanoTime() + BOUND.toNanos();
                    while (seen.size() < 200) {
                        Object value = list.get(0);
                        assertTrue(ShareableListTest.Pattern.isWhole(value), "torn: " + ShareableListTest.Pattern.key(value));
                        seen.add(ShareableListTest.Pattern.key(value));
                        assertTrue(System.nanoTime() < deadline, "the child wrote too few values within " + BOUND);
                    }
                    child.kill(); // at whatever point of a set it happens to be
                }
                Object survivor = list.get(0);
                assertTrue(ShareableListTest.Pattern.isWhole(survivor), "torn after kill: " + ShareableListTest.Pattern.key(survivor));
                Object mine = ShareableListTest.Pattern.of(9, round);
                assertEquals(ShareableListTest.Pattern.key(survivor), ShareableListTest.Pattern.key(
                        assertTimeoutPreemptively(BOUND, () -> list.getAndSet(0, mine))),
                        "the next writer replaced the dead writer's last whole value");
                assertEquals(ShareableListTest.Pattern.key(mine), ShareableListTest.Pattern.key(list.get(0)));
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aWriterKilledHalfwayThroughAValueLeavesThePreviousOneAndItsSlotIsTakenOver() throws Exception {
        String name = TestNamespaces.unique("stall");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             ShareableList list = ShareableList.create(ns, "list", Arrays.asList("before", 1), 48);
             ChildJvm child = ChildJvm.start(StalledWriter.class, root.toString(), name)) {
            child.awaitLine("stalled", BOUND);
            assertEquals("before", list.get(0), "readers never wait for a writer, even a live one");
            list.set(1, 2); // another slot is not held
            assertEquals(2, list.get(1));
            AtomicReference<Object> replaced = new AtomicReference<>();
            Thread setter = Thread.ofPlatform().start(() -> replaced.set(list.getAndSet(0, "after")));
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (setter.getState() != Thread.State.TIMED_WAITING) {
                assertTrue(setter.isAlive(), "the setter finished while a live process held the slot");
                assertTrue(System.nanoTime() < deadline, "the setter never waited");
                Thread.onSpinWait();
            }
            assertEquals("before", list.get(0), "a live writer's slot is not taken from it");
            child.kill();
            setter.join(BOUND);
            assertFalse(setter.isAlive(), "the setter took the dead writer's slot over");
            assertEquals("before", replaced.get());
            assertEquals("after", list.get(0));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

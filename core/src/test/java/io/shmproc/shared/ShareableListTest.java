package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectExistsException;
import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.memory.SharedObject;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shareable list in one JVM: types, sizes, the list operations, and writers taking turns per slot. */
class ShareableListTest {
    @TempDir
    Path root;

    private String nsName;
    private Namespace ns;

    @BeforeEach
    void open() {
        nsName = TestNamespaces.unique("list");
        ns = Namespace.builder(nsName).directory(root).open();
    }

    @AfterEach
    void nothingLeft() {
        ReferencedNamespaces.close(root, nsName);
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void everyTypeReadsBackAsItsOwnType() {
        byte[] bytes = {1, 2, 3};
        try (ShareableList list = ShareableList.create(ns, "all",
                Arrays.asList(7, 7L, -2.5, true, "howdy", bytes, null))) {
            assertEquals(7, list.size());
            assertEquals(Integer.valueOf(7), list.get(0));
            assertEquals(Long.valueOf(7), list.get(1));
            assertEquals(-2.5, list.get(2));
            assertEquals(Boolean.TRUE, list.get(3));
            assertEquals("howdy", list.get(4));
            assertArrayEquals(bytes, (byte[]) list.get(5));
            assertNull(list.get(6));
            assertEquals("ShareableList[" + nsName + "/all: [7, 7, -2.5, true, howdy, [1, 2, 3], null]]", list.toString());
        }
    }

    @Test
    void trailingNulBytesOfStringsAndByteArraysSurvive() {
        try (ShareableList list = ShareableList.create(ns, "nul", Arrays.asList("ab\0\0", new byte[] {9, 0, 0}, "", new byte[0]))) {
            assertEquals("ab\0\0", list.get(0), "Python's ShareableList would return 'ab'");
            assertArrayEquals(new byte[] {9, 0, 0}, (byte[]) list.get(1));
            assertEquals("", list.get(2));
            assertArrayEquals(new byte[0], (byte[]) list.get(3));
            list.set(0, "\0");
            assertEquals("\0", list.get(0));
            list.set(2, new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
            assertArrayEquals(new byte[8], (byte[]) list.get(2));
        }
    }

    @Test
    void aSlotMayChangeTypeWithinItsSize() {
        try (ShareableList list = ShareableList.create(ns, "types", Arrays.asList(1, null, "x"))) {
            list.set(0, "eight ch");
            assertEquals("eight ch", list.get(0));
            list.set(1, new byte[] {5});
            assertArrayEquals(new byte[] {5}, (byte[]) list.get(1));
            list.set(2, 3.25);
            assertEquals(3.25, list.get(2));
            list.set(2, null);
            assertNull(list.get(2));
            list.set(0, Long.MIN_VALUE);
            assertEquals(Long.MIN_VALUE, list.get(0));
        }
    }

    @Test
    void slotsAreSizedFromTheirInitialValuesAsInPythonOrReservedLarger() {
        try (ShareableList list = ShareableList.create(ns, "sizes", Arrays.asList(1, "howdy", "nine char", new byte[17], "é"));
             ShareableList roomy = ShareableList.create(ns, "roomy", Arrays.asList(1, "x"), 30)) {
            assertEquals(List.of(8, 8, 16, 24, 8), List.of(list.slotBytes(0), list.slotBytes(1), list.slotBytes(2),
                    list.slotBytes(3), list.slotBytes(4)));
            assertEquals(32, roomy.slotBytes(0), "30 rounded up to a multiple of 8");
            assertEquals(32, roomy.slotBytes(1));
            roomy.set(0, "a string of thirty-two bytes....");
            assertEquals("a string of thirty-two bytes....", roomy.get(0));
            list.set(4, "ééé"); // 6 bytes of UTF-8 in an 8-byte slot
            assertEquals("ééé", list.get(4));
        }
    }

    @Test
    void aValueTooLargeForItsSlotIsRefusedNamingBothSizesAndChangesNothing() {
        try (ShareableList list = ShareableList.create(ns, "full", Arrays.asList("howdy", new byte[] {1}))) {
            ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> list.set(0, "a longer string"));
            assertEquals(15, e.valueBytes());
            assertEquals(8, e.slotBytes());
            assertTrue(e.getMessage().contains("slot 0 of shareable list 'full' holds at most 8 bytes")
                    && e.getMessage().contains("is 15 bytes") && e.getMessage().contains("minimumSlotBytes"), e.getMessage());
            assertEquals("howdy", list.get(0));
            assertThrows(ValueTooLargeException.class, () -> list.getAndSet(1, new byte[9]));
            assertThrows(ValueTooLargeException.class, () -> list.set(0, "éééée")); // 10 bytes of UTF-8, 5 chars
            assertArrayEquals(new byte[] {1}, (byte[]) list.get(1));
            assertEquals("howdy", list.get(0));
        }
    }

    @Test
    void valuesOfOtherTypesAndBadArgumentsAreRefused() {
        IllegalArgumentException create = assertThrows(IllegalArgumentException.class,
                () -> ShareableList.create(ns, "bad", List.of(1, 2.5f)));
        assertTrue(create.getMessage().contains("value 1") && create.getMessage().contains("java.lang.Float")
                && create.getMessage().contains("Integer, Long, Double, Boolean, String, byte[] or null"), create.getMessage());
        assertFalse(ns.exists("bad"), "nothing was created");
        assertThrows(IllegalArgumentException.class, () -> ShareableList.create(ns, "bad", List.of(), -1));
        try (ShareableList list = ShareableList.create(ns, "ok", Arrays.asList(1, 2))) {
            assertThrows(IllegalArgumentException.class, () -> list.set(0, new Object()));
            assertThrows(IllegalArgumentException.class, () -> list.set(0, "\uD800"), "an unpaired surrogate");
            assertEquals(1, list.get(0));
            assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
            assertThrows(IndexOutOfBoundsException.class, () -> list.set(-1, 0));
            assertThrows(ObjectExistsException.class, () -> ShareableList.create(ns, "ok", List.of()));
        }
    }

    @Test
    void indexOfCountContainsAndIterationCompareByteArraysByContent() {
        try (ShareableList list = ShareableList.create(ns, "ops",
                Arrays.asList("a", 1, null, new byte[] {1, 2}, "a", 1L, new byte[] {1, 2}))) {
            assertEquals(0, list.indexOf("a"));
            assertEquals(2, list.count("a"));
            assertEquals(1, list.indexOf(1));
            assertEquals(5, list.indexOf(1L), "an Integer is not a Long");
            assertEquals(2, list.indexOf(null));
            assertEquals(3, list.indexOf(new byte[] {1, 2}));
            assertEquals(2, list.count(new byte[] {1, 2}));
            assertFalse(list.contains("b"));
            assertEquals(-1, list.indexOf(2));
            List<Object> iterated = new ArrayList<>();
            list.forEach(iterated::add);
            assertEquals(7, iterated.size());
            assertEquals("a", iterated.get(4));
            List<Object> snapshot = list.toList();
            assertThrows(UnsupportedOperationException.class, () -> snapshot.set(0, "z"));
            List<Object> view = list.asList();
            assertEquals("a", view.set(0, "b"), "the view's set returns what it replaced");
            assertEquals("b", list.get(0));
            assertEquals("a", snapshot.get(0), "a snapshot does not change");
            assertThrows(UnsupportedOperationException.class, () -> view.add("c"));
            assertEquals(1, view.indexOf(1));
        }
        try (ShareableList empty = ShareableList.create(ns, "empty", List.of())) {
            assertEquals(0, empty.size());
            assertFalse(empty.iterator().hasNext());
        }
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] bytes = {1, 2};
        try (ShareableList list = ShareableList.create(ns, "copies", Arrays.asList(bytes, 0))) {
            bytes[0] = 9;
            ((byte[]) list.get(0))[1] = 9;
            assertArrayEquals(new byte[] {1, 2}, (byte[]) list.get(0));
            list.set(1, bytes);
            bytes[1] = 7;
            assertArrayEquals(new byte[] {9, 2}, (byte[]) list.get(1));
        }
    }

    @Test
    void anotherHandleAttachesByNameAndByReference() throws Exception {
        try (ShareableList list = ShareableList.create(ns, "shared", Arrays.asList("x", 1));
             Namespace other = Namespace.builder(nsName).directory(root).open();
             ShareableList attached = ShareableList.attach(other, "shared")) {
            attached.set(0, "from b");
            assertEquals("from b", list.get(0));
            ShareableList copy = Serialisation.roundTrip(list);
            copy.set(1, 2);
            assertEquals(2, attached.get(1));
            try (SharedLong notAList = SharedLong.create(ns, "long", 0)) {
                assertThrows(IncompatibleObjectException.class, () -> ShareableList.attach(ns, "long"));
            }
        }
        assertFalse(ns.exists("shared"), "the creator's close unlinked it");
    }

    @Test
    void aClosedListRefusesUse() {
        ShareableList list = ShareableList.create(ns, "closed", List.of(1));
        list.close();
        assertThrows(ClosedObjectException.class, () -> list.get(0));
        assertThrows(ClosedObjectException.class, () -> list.set(0, 2));
    }

    @Test
    void aWriterThatDiedMidWriteLeavesThePreviousValueAndItsSlotIsTakenOver() {
        try (ShareableList list = ShareableList.create(ns, "dead", Arrays.asList("before", 1))) {
            MemorySegment memory = payloadOf(list);
            long entry = ShareableListLayout.slotEntry(0);
            int capacity = list.slotBytes(0);
            long copy0 = memory.get(ValueLayout.JAVA_LONG, entry + ShareableListLayout.COPY_OFFSET_OFFSET);
            // a writer of an attachment that no longer exists took the slot and wrote half of the other copy
            long deadWriter = ShareableListLayout.writerToken(new ProcessId(ns.processes().capacity() - 1, 77));
            memory.set(ValueLayout.JAVA_LONG, entry + ShareableListLayout.WRITER_OFFSET, deadWriter);
            long copy1 = copy0 + ShareableListLayout.copyBytes(capacity);
            memory.set(ValueLayout.JAVA_INT, copy1 + ShareableListLayout.TYPE_OFFSET, 99);
            memory.set(ValueLayout.JAVA_INT, copy1 + ShareableListLayout.LENGTH_OFFSET, 1 << 20);
            assertEquals("before", list.get(0), "a reader never sees, nor waits for, a dead writer's copy");
            assertEquals("before", assertTimeoutPreemptively(Duration.ofSeconds(30), () -> list.getAndSet(0, "after")),
                    "the next writer took the slot over and replaced the intact value");
            assertEquals("after", list.get(0));
            assertEquals(0L, memory.get(ValueLayout.JAVA_LONG, entry + ShareableListLayout.WRITER_OFFSET), "freed again");
            assertEquals(1, list.get(1), "other slots are untouched");
        }
    }

    @Test
    void concurrentWritersToOneSlotTakeTurnsAndReadersNeverSeeATornValue() throws Exception {
        int writers = 3;
        int writes = 20_000;
        try (ShareableList list = ShareableList.create(ns, "race", Arrays.asList(Pattern.of(0, 0)), 64)) {
            ConcurrentLinkedQueue<Object> replaced = new ConcurrentLinkedQueue<>();
            AtomicReference<String> torn = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(writers);
            List<Thread> threads = new ArrayList<>();
            for (int w = 1; w <= writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= writes; i++) {
                        replaced.add(list.getAndSet(0, Pattern.of(writer, i)));
                    }
                    done.countDown();
                }));
            }
            Thread reader = Thread.ofPlatform().start(() -> {
                while (done.getCount() > 0) {
                    Object value = list.get(0);
                    if (!Pattern.isWhole(value)) {
                        torn.compareAndSet(null, Pattern.key(value));
                    }
                }
            });
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(120));
            }
            reader.join(Duration.ofSeconds(120));
            assertTrue(threads.stream().noneMatch(Thread::isAlive) && !reader.isAlive(), "every thread finished");
            assertNull(torn.get(), "a reader saw a torn value");
            List<Object> all = new ArrayList<>(replaced);
            all.add(list.get(0));
            List<Object> expected = new ArrayList<>();
            expected.add(Pattern.of(0, 0));
            for (int w = 1; w <= writers; w++) {
                for (int i = 1; i <= writes; i++) {
                    expected.add(Pattern.of(w, i));
                }
            }
            assertEquals(sortedStrings(expected), sortedStrings(all),
                    "every write replaced exactly one value: none lost, none applied twice");
        }
    }

    private static List<String> sortedStrings(List<Object> values) {
        List<String> strings = new ArrayList<>(values.stream().map(Pattern::key).toList());
        Collections.sort(strings);
        return strings;
    }

    /** Values whose every byte says which write made them, of lengths and types that vary with the write. */
    static final class Pattern {
        private Pattern() {
        }

        /** @return a String or a byte[] of 1 to 64 bytes, each byte derived from (writer, i) */
        static Object of(int writer, int i) {
            int length = 1 + (writer * 31 + i * 7) % 64;
            char c = (char) ('a' + writer);
            String head = writer + ":" + i + ":";
            if (i % 2 == 0) {
                return (head + String.valueOf(c).repeat(64)).substring(0, Math.max(head.length(), Math.min(64, head.length() + length)));
            }
            byte[] bytes = new byte[Math.max(8, length)];
            bytes[0] = (byte) writer;
            bytes[1] = (byte) i;
            bytes[2] = (byte) (i >>> 8);
            bytes[3] = (byte) (i >>> 16);
            for (int k = 4; k < bytes.length; k++) {
                bytes[k] = (byte) (writer * 17 + i + k);
            }
            return bytes;
        }

        /** @return whether {@code value} is exactly some {@link #of} value */
        static boolean isWhole(Object value) {
            if (value instanceof String s) {
                String[] parts = s.split(":", 3);
                return parts.length == 3 && s.equals(of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            }
            if (value instanceof byte[] b && b.length >= 8) {
                int i = (b[1] & 0xFF) | (b[2] & 0xFF) << 8 | (b[3] & 0xFF) << 16;
                return Arrays.equals(b, (byte[]) of(b[0], i));
            }
            return false;
        }

        static String key(Object value) {
            return value instanceof byte[] b ? "b" + Arrays.toString(b) : "s" + value;
        }
    }

    /** The list's shared memory, through its region, for tests that play a dead writer. */
    static MemorySegment payloadOf(SharedObject object) {
        try {
            var field = SharedObject.class.getDeclaredField("region");
            field.setAccessible(true);
            return ((io.shmproc.memory.Region) field.get(object)).payload();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}

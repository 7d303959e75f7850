package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectNotFoundException;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.memory.Region;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link List} contract of {@link SharedList} in one JVM, beside ArrayList where they should agree. */
class SharedListContractTest {
    @TempDir
    Path root;
    private Namespace ns;
    private SharedList<String> list;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("list")).directory(root).open();
        list = SharedList.builder(Codecs.string()).maxElements(1000).create(ns, "l");
    }

    @AfterEach
    void close() {
        list.close();
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void positionalOperationsAgreeWithArrayList() {
        List<String> peer = new ArrayList<>();
        for (List<String> l : List.of(list, peer)) {
            assertTrue(l.isEmpty());
            assertTrue(l.add("a"));
            assertTrue(l.add("b"));
            l.add(0, "first");
            l.add(3, "last");
            l.add(2, "middle");
            assertEquals(List.of("first", "a", "middle", "b", "last"), List.copyOf(l));
            assertEquals("middle", l.get(2));
            assertEquals("a", l.set(1, "A"));
            assertEquals("middle", l.remove(2));
            assertTrue(l.remove("b"));
            assertFalse(l.remove("b"));
            assertEquals(3, l.size());
            assertTrue(l.addAll(List.of("x", "y", "x")));
            assertTrue(l.addAll(1, List.of("in", "serted")));
            assertFalse(l.addAll(List.of()));
            assertEquals(1, l.indexOf("in"));
            assertEquals(5, l.indexOf("x"));
            assertEquals(7, l.lastIndexOf("x"));
            assertEquals(-1, l.indexOf("zz"));
            assertTrue(l.contains("serted"));
            assertFalse(l.contains("none"));
            assertTrue(l.containsAll(List.of("x", "y")));
            assertEquals("first", l.getFirst());
            assertEquals("x", l.getLast());
            l.addFirst("0");
            l.addLast("9");
            assertEquals("0", l.removeFirst());
            assertEquals("9", l.removeLast());
        }
        assertEquals(peer, list);
        assertEquals(list, peer);
        assertEquals(peer.hashCode(), list.hashCode());
        assertEquals(peer.toString(), list.toString());
        assertEquals(peer, list.snapshot());
        assertEquals(peer, Arrays.asList(list.toArray()));
        assertEquals(peer, Arrays.asList(list.toArray(new String[0])));
        assertEquals(peer, list.stream().toList());
        assertEquals(peer.subList(2, 5), list.subList(2, 5));
    }

    @Test
    void bulkOperationsAgreeWithArrayList() {
        List<String> peer = new ArrayList<>();
        for (List<String> l : List.of(list, peer)) {
            for (int i = 0; i < 50; i++) {
                l.add("e" + (i * 7919 % 50));
            }
            assertTrue(l.removeIf(e -> e.endsWith("3")));
            assertFalse(l.removeIf(e -> e.endsWith("3")));
            l.replaceAll(e -> e + "!".repeat(e.length()));
            l.sort(Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder()));
            assertTrue(l.removeAll(List.of("e1!!", "e22!!!")));
            assertTrue(l.retainAll(List.copyOf(l.subList(0, 20))));
            l.sort(null);
        }
        list.reverse();
        java.util.Collections.reverse(peer);
        assertEquals(peer, list);
        list.removeRange(2, 5);
        peer.subList(2, 5).clear();
        assertEquals(peer, list);
        assertFalse(list.retainAll(list), "a list retains itself");
        assertTrue(list.removeAll(list));
        assertTrue(list.isEmpty());
        list.add("self");
        assertTrue(list.addAll(list));
        assertEquals(List.of("self", "self"), list);
    }

    @Test
    void randomOperationsAgreeWithArrayListAndRemovedBytesAreReused() {
        try (SharedList<String> small = SharedList.builder(Codecs.string()).maxElements(64).maxBytes(8 << 10).create(ns, "fuzz")) {
            List<String> peer = new ArrayList<>();
            Random random = new Random(11);
            for (int step = 0; step < 20_000; step++) {
                String e = "v" + step + "-" + "x".repeat(random.nextInt(120));
                int size = peer.size();
                int op = random.nextInt(12);
                if (size >= 40 && op < 5) {
                    op = 5 + op; // keep the list below its capacity: removals
                }
                switch (op) {
                    case 0 -> { small.add(e); peer.add(e); }
                    case 1 -> { int at = random.nextInt(size + 1); small.add(at, e); peer.add(at, e); }
                    case 2 -> {
                        List<String> more = List.of(e, e + "b", e + "c");
                        int at = random.nextInt(size + 1);
                        small.addAll(at, more);
                        peer.addAll(at, more);
                    }
                    case 3, 4 -> { if (size > 0) { int at = random.nextInt(size); assertEquals(peer.set(at, e), small.set(at, e)); } }
                    case 5, 6 -> { if (size > 0) { int at = random.nextInt(size); assertEquals(peer.remove(at), small.remove(at)); } }
                    case 7 -> { if (size > 0) { String victim = peer.get(random.nextInt(size)); assertEquals(peer.remove(victim), small.remove(victim)); } }
                    case 8 -> { if (size > 0) { int at = random.nextInt(size); assertEquals(peer.get(at) + "+", small.update(at, v -> v + "+")); peer.set(at, peer.get(at) + "+"); } }
                    case 9 -> { int from = random.nextInt(size + 1); int to = from + random.nextInt(size - from + 1); small.removeRange(from, to); peer.subList(from, to).clear(); }
                    case 10 -> { String ends = "" + random.nextInt(10); assertEquals(peer.removeIf(v -> v.endsWith(ends)), small.removeIf(v -> v.endsWith(ends))); }
                    default -> {
                        int which = random.nextInt(20);
                        if (which == 0) {
                            small.clear();
                            peer.clear();
                        } else if (which < 10) {
                            small.sort(null);
                            peer.sort(null);
                        } else {
                            small.reverse();
                            java.util.Collections.reverse(peer);
                        }
                    }
                }
                if (step % 97 == 0) {
                    assertEquals(peer, small.snapshot(), "after step " + step);
                }
                assertEquals(peer.size(), small.size());
            }
            assertEquals(peer, small.snapshot());
            long used = peer.stream().mapToLong(v -> SharedListLayout.blockBytes(v.length())).sum();
            assertEquals(used, small.usedBytes(), "usedBytes counts the live elements' blocks");
            assertTrue(small.compactions() > 10, "8 KiB of heap was reused by compaction: " + small.compactions());
            assertEquals(0, small.repairs());
        }
    }

    @Test
    void aListSetAndEmptiedOverAndOverNeverFillsUp() {
        try (SharedList<String> small = SharedList.builder(Codecs.string()).maxElements(10).maxBytes(2048).create(ns, "churn")) {
            for (int i = 0; i < 10; i++) {
                small.add("x".repeat(100));
            }
            for (int round = 0; round < 50_000; round++) {
                int at = round % 10;
                small.set(at, ("" + round).repeat(100 / ("" + round).length()));
                if (round % 7 == 0) {
                    small.remove(at);
                    small.add(at, "y".repeat(round % 150));
                }
            }
            assertEquals(10, small.size());
            assertTrue(small.compactions() > 1000, "" + small.compactions());
            assertTrue(small.usedBytes() <= 2048);
        }
    }

    @Test
    void atomicExtras() {
        try (SharedList<Integer> counters = SharedList.builder(Codecs.ofInt()).create(ns, "counters")) {
            counters.addAll(List.of(0, 0, 0));
            assertEquals(1, counters.update(1, n -> n + 1));
            assertEquals(2, counters.update(1, n -> n + 1));
            assertTrue(counters.compareAndSet(2, 0, 5));
            assertFalse(counters.compareAndSet(2, 0, 6), "the element is 5 now");
            assertEquals(List.of(0, 2, 5), counters);
            assertTrue(counters.addIfAbsent(7));
            assertFalse(counters.addIfAbsent(7));
            assertEquals(List.of(0, 2, 5, 7), counters);
            assertThrows(NullPointerException.class, () -> counters.update(0, n -> null));
            assertEquals(0, counters.get(0), "an update whose function returned null changed nothing");
        }
        list.add("x");
        assertEquals("x", list.removeLast());
        assertThrows(NoSuchElementException.class, list::removeLast);
        assertThrows(NoSuchElementException.class, list::removeFirst);
        assertThrows(NoSuchElementException.class, list::getFirst);
        NoSuchElementException empty = assertThrows(NoSuchElementException.class, list::getLast);
        assertTrue(empty.getMessage().contains("'l'") && empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void aFunctionThatThrowsLeavesTheListAsItWasAndUnlocked() {
        list.addAll(List.of("a", "bb", "ccc"));
        assertThrows(ArithmeticException.class, () -> list.update(1, v -> "" + 1 / (v.length() - 2)));
        assertThrows(ArithmeticException.class, () -> list.replaceAll(v -> "" + 1 / (v.length() - 3)));
        assertThrows(ArithmeticException.class, () -> list.removeIf(v -> 1 / (v.length() - 3) > 0));
        assertThrows(ClassCastException.class, () -> list.sort((a, b) -> { throw new ClassCastException("no order"); }));
        assertEquals(List.of("a", "bb", "ccc"), list);
        assertEquals("bb!", list.update(1, v -> v + "!"), "the lock was released");
    }

    @Test
    void aFunctionMustNotUseTheListItRunsUnder() {
        list.add("x");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> list.update(0, v -> list.get(0)));
        assertTrue(refused.getMessage().contains("must not use the list"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> list.removeIf(v -> list.contains("y")));
        assertEquals(List.of("x"), list);
    }

    @Test
    @SuppressWarnings("unlikely-arg-type")
    void nullsAreRefusedAndNeverFound() {
        list.add("k");
        assertThrows(NullPointerException.class, () -> list.add(null));
        assertThrows(NullPointerException.class, () -> list.add(0, null));
        assertThrows(NullPointerException.class, () -> list.set(0, null));
        assertThrows(NullPointerException.class, () -> list.addAll(Arrays.asList("ok", null)));
        assertThrows(NullPointerException.class, () -> list.addIfAbsent(null));
        assertThrows(NullPointerException.class, () -> list.compareAndSet(0, "k", null));
        assertThrows(NullPointerException.class, () -> list.replaceAll(v -> null));
        assertEquals(List.of("k"), list, "nothing changed: addAll added none of its elements");
        assertEquals(-1, list.indexOf(null));
        assertFalse(list.contains(null));
        assertFalse(list.remove(null));
        assertEquals(-1, list.indexOf(42), "an object that is not an element is not found");
        assertFalse(list.remove((Object) 42));
    }

    @Test
    void badIndexesSayWhatTheListHolds() {
        list.addAll(List.of("a", "b"));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
        assertTrue(e.getMessage().contains("index 2") && e.getMessage().contains("holds 2 elements"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.set(2, "c"));
        assertThrows(IndexOutOfBoundsException.class, () -> list.remove(2));
        assertThrows(IndexOutOfBoundsException.class, () -> list.add(3, "c"));
        assertThrows(IndexOutOfBoundsException.class, () -> list.addAll(3, List.of("c")));
        assertThrows(IndexOutOfBoundsException.class, () -> list.update(5, v -> v));
        assertThrows(IndexOutOfBoundsException.class, () -> list.removeRange(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> list.removeRange(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.subList(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> list.listIterator(3));
        assertEquals(List.of("a", "b"), list);
    }

    @Test
    void iterationIsASnapshotThatCannotChangeTheList() {
        for (int i = 0; i < 100; i++) {
            list.add("e" + i);
        }
        Iterator<String> it = list.iterator();
        list.clear();
        list.add("after");
        int seen = 0;
        while (it.hasNext()) {
            assertEquals("e" + seen, it.next());
            seen++;
        }
        assertEquals(100, seen, "the iterator walks what the list held when it was made");
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, it::remove);
        assertTrue(refused.getMessage().contains("snapshot"), refused.getMessage());
        ListIterator<String> back = list.listIterator(1);
        assertEquals("after", back.previous());
        assertThrows(UnsupportedOperationException.class, () -> back.set("x"));
        assertThrows(UnsupportedOperationException.class, () -> back.add("x"));
        List<String> range = list.subList(0, 1);
        list.add(0, "before");
        assertEquals(List.of("after"), range, "subList is a copy");
        assertThrows(UnsupportedOperationException.class, () -> range.add("x"));
        List<String> seenByForEach = new ArrayList<>();
        list.forEach(seenByForEach::add);
        assertEquals(List.of("before", "after"), seenByForEach);
        assertEquals("before,after", list.stream().collect(Collectors.joining(",")));
    }

    @Test
    void aFullListSaysWhichLimitAndChangesNothing() {
        try (SharedList<String> small = SharedList.builder(Codecs.string()).maxElements(4).maxBytes(256).create(ns, "small")) {
            small.addAll(List.of("a", "b", "c", "d"));
            ListFullException full = assertThrows(ListFullException.class, () -> small.add("e"));
            assertEquals(ListFullException.Limit.ELEMENTS, full.limit());
            assertTrue(full.getMessage().contains("maxElements"), full.getMessage());
            assertThrows(ListFullException.class, () -> small.add(0, "e"));
            small.remove(3);
            assertEquals(ListFullException.Limit.ELEMENTS,
                    assertThrows(ListFullException.class, () -> small.addAll(List.of("1", "2"))).limit());
            assertEquals(List.of("a", "b", "c"), small, "addAll adds all or none");
            assertTrue(small.add("d"));
        }
        try (SharedList<String> bytes = SharedList.builder(Codecs.string()).maxElements(100).maxBytes(256).create(ns, "bytes")) {
            String big = "x".repeat(56); // 8 + 56: a 64-byte block, 4 fit in 256
            bytes.addAll(List.of(big, big, big));
            ListFullException full = assertThrows(ListFullException.class, () -> bytes.addAll(List.of(big, big)));
            assertEquals(ListFullException.Limit.BYTES, full.limit());
            assertTrue(full.getMessage().contains("maxBytes"), full.getMessage());
            assertEquals(3, bytes.size());
            bytes.add(big);
            assertThrows(ListFullException.class, () -> bytes.add("y"));
            assertEquals(ListFullException.Limit.BYTES, assertThrows(ListFullException.class, () -> bytes.set(0, "small")).limit(),
                    "a replacement needs room for its new element first");
            assertEquals(List.of(big, big, big, big), bytes, "and a failed replacement changed nothing");
            bytes.remove(1);
            assertEquals(big, bytes.set(0, "small"), "a removed element's bytes are reused");
            ListFullException tooLarge = assertThrows(ListFullException.class, () -> bytes.add("z".repeat(300)));
            assertTrue(tooLarge.getMessage().contains("larger maxBytes"), tooLarge.getMessage());
            bytes.replaceAll(v -> "w".repeat(56));
            assertEquals(List.of(big.replace('x', 'w'), big.replace('x', 'w'), big.replace('x', 'w')), bytes,
                    "replaceAll writes into the other heap: its new elements need only fit by themselves");
            assertEquals(192, bytes.usedBytes());
        }
    }

    @Test
    void threadsOfOneJvmAppendEveryElementExactlyOnce() throws Exception {
        try (SharedList<Integer> numbers = SharedList.builder(Codecs.ofInt()).maxElements(20_000).create(ns, "numbers")) {
            AtomicInteger next = new AtomicInteger();
            Concurrently.run(4, 5000, () -> numbers.add(next.getAndIncrement()));
            List<Integer> all = numbers.snapshot();
            assertEquals(20_000, all.size());
            assertEquals(20_000, new HashSet<>(all).size(), "no element twice, none lost");
        }
    }

    @Test
    void attachingSeesTheSameListAndRefusesOtherCodecsOrKinds() {
        list.add("shared");
        try (SharedList<String> other = SharedList.attach(ns, "l", Codecs.string())) {
            assertEquals(List.of("shared"), other);
            other.add("back");
            assertEquals("back", list.get(1));
            assertEquals(1000, other.maxElements());
            assertEquals(64_000, other.maxBytes());
        }
        IncompatibleObjectException wrongCodec = assertThrows(IncompatibleObjectException.class,
                () -> SharedList.attach(ns, "l", Codecs.ofLong()));
        assertTrue(wrongCodec.getMessage().contains("list"), wrongCodec.getMessage());
        try (SharedQueue<String> queue = SharedQueue.create(ns, "q", Codecs.string());
             SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string()).create(ns, "m")) {
            assertThrows(IncompatibleObjectException.class, () -> SharedList.attach(ns, "q", Codecs.string()));
            assertThrows(IncompatibleObjectException.class, () -> SharedList.attach(ns, "m", Codecs.string()));
            assertThrows(IncompatibleObjectException.class, () -> SharedQueue.attach(ns, "l", Codecs.string()));
        }
        assertThrows(ObjectNotFoundException.class, () -> SharedList.attach(ns, "none", Codecs.string()));
        try (SharedList<String> opened = SharedList.builder(Codecs.string()).maxElements(5).open(ns, "l")) {
            assertEquals(1000, opened.maxElements(), "open attaches with the list's own capacity");
        }
    }

    @Test
    void aToolReadsTheStateWithoutTheCodec() {
        list.addAll(List.of("a", "bb", "ccc"));
        try (Region region = ns.attach("l", SharedList.type(Codecs.string()))) {
            assertEquals(CollectionsInspection.LIST_KIND, region.type().kind());
            CollectionsInspection.ListState state = CollectionsInspection.list(region.payload());
            assertEquals(new CollectionsInspection.ListState(3, 1000, 16 * 3, 64_000, 0, 0), state);
            list.remove(0);
            assertEquals(2, CollectionsInspection.list(region.payload()).elements());
        }
        try (SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string()).maxEntries(100).create(ns, "m");
             Region region = ns.attach("m", SharedMap.type(Codecs.string(), Codecs.string()))) {
            map.put("k", "v");
            assertEquals(CollectionsInspection.MAP_KIND, region.type().kind());
            assertEquals(new CollectionsInspection.MapState(1, 100, 6400, map.stripes(), 0), CollectionsInspection.map(region.payload()));
            IllegalArgumentException notAList = assertThrows(IllegalArgumentException.class,
                    () -> CollectionsInspection.list(region.payload()));
            assertTrue(notAList.getMessage().contains("not a shared list"), notAList.getMessage());
        }
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> CollectionsInspection.list(java.lang.foreign.MemorySegment.ofArray(new byte[64])));
        assertTrue(tooSmall.getMessage().contains("too small"), tooSmall.getMessage());
    }

    @Test
    void aHandleTravelsByNameAndAClosedOneRefusesWork() {
        list.add("x");
        SharedList<String> copy = Serialisation.roundTrip(list);
        try {
            assertEquals(List.of("x"), copy);
            copy.add("y");
        } finally {
            copy.close();
        }
        assertEquals(List.of("x", "y"), list);
        SharedList<String> other = SharedList.attach(ns, "l", Codecs.string());
        other.close();
        assertThrows(ClosedObjectException.class, () -> other.get(0));
        assertThrows(ClosedObjectException.class, other::size);
        assertThrows(ClosedObjectException.class, () -> other.add("z"));
        assertTrue(other.toString().contains("closed"));
    }

    @Test
    void blocksTakeTheirHeaderAndArePaddedToEightBytes() {
        assertEquals(8, SharedListLayout.blockBytes(0));
        assertEquals(16, SharedListLayout.blockBytes(1));
        assertEquals(16, SharedListLayout.blockBytes(8));
        assertEquals(24, SharedListLayout.blockBytes(9));
        Set<Long> offsets = new HashSet<>(List.of(SharedListLayout.COUNT, SharedListLayout.SIDES, SharedListLayout.BUMP,
                SharedListLayout.LIVE_BYTES, SharedListLayout.UNDO_COUNT, SharedListLayout.REPAIRS, SharedListLayout.COMPACTIONS));
        assertEquals(7, offsets.size(), "every state word has a place of its own");
    }
}

package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectNotFoundException;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ConcurrentMap} contract of {@link SharedMap} in one JVM, beside ConcurrentHashMap where they should agree. */
class SharedMapContractTest {
    @TempDir
    Path root;
    private Namespace ns;
    private SharedMap<String, Integer> map;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("map")).directory(root).open();
        map = SharedMap.builder(Codecs.string(), Codecs.ofInt()).maxEntries(1000).create(ns, "m");
    }

    @AfterEach
    void close() {
        map.close();
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void putGetRemoveAndSizeAgreeWithConcurrentHashMap() {
        ConcurrentMap<String, Integer> peer = new ConcurrentHashMap<>();
        for (ConcurrentMap<String, Integer> m : List.of(map, peer)) {
            assertTrue(m.isEmpty());
            assertNull(m.put("a", 1));
            assertEquals(1, m.put("a", 2));
            assertNull(m.put("b", 3));
            assertEquals(2, m.get("a"));
            assertNull(m.get("zz"));
            assertTrue(m.containsKey("b"));
            assertFalse(m.containsKey("c"));
            assertTrue(m.containsValue(3));
            assertFalse(m.containsValue(4));
            assertEquals(2, m.size());
            assertEquals(3, m.remove("b"));
            assertNull(m.remove("b"));
            assertEquals(1, m.size());
            assertEquals(7, m.getOrDefault("nope", 7));
        }
        assertEquals(peer, map);
        assertEquals(map, peer);
        assertEquals(peer.hashCode(), map.hashCode());
        assertEquals("{a=2}", map.toString());
    }

    @Test
    void conditionalUpdates() {
        assertNull(map.putIfAbsent("k", 1));
        assertEquals(1, map.putIfAbsent("k", 2));
        assertEquals(1, map.get("k"));
        assertFalse(map.replace("k", 5, 6), "old value differs");
        assertTrue(map.replace("k", 1, 6));
        assertEquals(6, map.get("k"));
        assertEquals(6, map.replace("k", 7));
        assertNull(map.replace("absent", 1));
        assertFalse(map.containsKey("absent"), "replace does not add");
        assertFalse(map.remove("k", 6), "the value is 7 now");
        assertTrue(map.remove("k", 7));
        assertTrue(map.isEmpty());
    }

    @Test
    void computeFamilyAndMerge() {
        assertEquals(1, map.compute("c", (k, v) -> v == null ? 1 : v + 1));
        assertEquals(2, map.compute("c", (k, v) -> v == null ? 1 : v + 1));
        assertNull(map.compute("c", (k, v) -> null), "null removes");
        assertFalse(map.containsKey("c"));
        assertNull(map.compute("never", (k, v) -> null));
        assertFalse(map.containsKey("never"));

        assertEquals(3, map.computeIfAbsent("len", String::length));
        assertEquals(3, map.computeIfAbsent("len", k -> { throw new AssertionError("present: not called"); }));
        assertNull(map.computeIfAbsent("nothing", k -> null));
        assertFalse(map.containsKey("nothing"));

        assertNull(map.computeIfPresent("missing", (k, v) -> 1));
        assertFalse(map.containsKey("missing"));
        assertEquals(30, map.computeIfPresent("len", (k, v) -> v * 10));
        assertNull(map.computeIfPresent("len", (k, v) -> null));
        assertFalse(map.containsKey("len"));

        assertEquals(5, map.merge("m", 5, Integer::sum));
        assertEquals(8, map.merge("m", 3, Integer::sum));
        assertNull(map.merge("m", 1, (a, b) -> null));
        assertFalse(map.containsKey("m"));
        assertEquals(0, map.size());
    }

    @Test
    void aFunctionThatThrowsLeavesTheMapAsItWasAndUnlocked() {
        map.put("x", 1);
        assertThrows(ArithmeticException.class, () -> map.compute("x", (k, v) -> v / 0));
        assertThrows(ArithmeticException.class, () -> map.merge("x", 1, (a, b) -> a / 0));
        assertThrows(ArithmeticException.class, () -> map.computeIfAbsent("y", k -> 1 / 0));
        assertEquals(Map.of("x", 1), new HashMap<>(map));
        assertEquals(2, map.merge("x", 1, Integer::sum), "the stripe was unlocked");
    }

    @Test
    void aFunctionMustNotUseTheMapItRunsUnder() {
        map.put("x", 1);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> map.compute("x", (k, v) -> map.get("other")));
        assertTrue(refused.getMessage().contains("must not use the map"), refused.getMessage());
        assertEquals(1, map.get("x"));
    }

    @Test
    void nullsAreRefusedAsConcurrentHashMapRefusesThem() {
        for (ConcurrentMap<String, Integer> m : List.of(map, new ConcurrentHashMap<String, Integer>())) {
            m.put("k", 1);
            assertThrows(NullPointerException.class, () -> m.get(null));
            assertThrows(NullPointerException.class, () -> m.containsKey(null));
            assertThrows(NullPointerException.class, () -> m.containsValue(null));
            assertThrows(NullPointerException.class, () -> m.put(null, 1));
            assertThrows(NullPointerException.class, () -> m.put("k", null));
            assertThrows(NullPointerException.class, () -> m.putIfAbsent("k", null));
            assertThrows(NullPointerException.class, () -> m.remove(null));
            assertThrows(NullPointerException.class, () -> m.remove(null, 1));
            assertFalse(m.remove("k", null));
            assertThrows(NullPointerException.class, () -> m.replace("k", null));
            assertThrows(NullPointerException.class, () -> m.replace("k", null, 2));
            assertThrows(NullPointerException.class, () -> m.replace("k", 1, null));
            assertThrows(NullPointerException.class, () -> m.compute("k", null));
            assertThrows(NullPointerException.class, () -> m.compute(null, (k, v) -> v));
            assertThrows(NullPointerException.class, () -> m.computeIfAbsent("k", null));
            assertThrows(NullPointerException.class, () -> m.computeIfPresent("k", null));
            assertThrows(NullPointerException.class, () -> m.merge("k", null, Integer::sum));
            assertThrows(NullPointerException.class, () -> m.merge("k", 1, null));
            assertEquals(Map.of("k", 1), new HashMap<>(m), "nothing changed");
        }
    }

    @Test
    @SuppressWarnings("unlikely-arg-type")
    void keysOfAnotherTypeMapToNothing() {
        map.put("1", 1);
        assertNull(map.get(1));
        assertFalse(map.containsKey(1L));
        assertNull(map.remove(1));
        assertFalse(map.remove("1", "one"));
        assertFalse(map.containsValue("1"));
        assertEquals(1, map.size());
    }

    @Test
    void iterationIsASnapshotWhoseRemoveAndSetValueWriteThrough() {
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            map.put("key" + i, i);
            expected.put("key" + i, i);
        }
        assertEquals(expected, new TreeMap<>(map));
        assertEquals(expected.keySet(), new HashSet<>(map.keySet()));
        assertEquals(new HashSet<>(expected.values()), new HashSet<>(map.values()));
        assertEquals(300, map.entrySet().size());

        Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
        assertThrows(IllegalStateException.class, it::remove);
        int seen = 0;
        while (it.hasNext()) {
            Map.Entry<String, Integer> e = it.next();
            map.put("added-while-iterating" + seen, -1); // a snapshot: the iteration does not see them
            if (e.getValue() % 2 == 0) {
                it.remove();
            } else {
                e.setValue(e.getValue() * 100);
            }
            seen++;
        }
        assertEquals(300, seen, "exactly the entries of the snapshot");
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 2 == 0 ? null : i * 100, map.get("key" + i));
        }
        map.keySet().removeIf(k -> k.startsWith("added"));
        assertEquals(150, map.size());
        map.values().removeIf(v -> v > 10_000);
        assertEquals(50, map.size(), "odd keys up to 99 are left");
        map.replaceAll((k, v) -> v + 1);
        assertEquals(101, map.get("key1"));
        map.forEach((k, v) -> assertEquals(Integer.parseInt(k.substring(3)) * 100 + 1, v));
    }

    @Test
    void clearEmptiesEveryStripeAndTheRecordsAreReused() {
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 1000; i++) {
                map.put("k" + i, i);
            }
            assertEquals(1000, map.size());
            map.clear();
            assertTrue(map.isEmpty());
            assertEquals(Map.of(), new HashMap<>(map));
        }
    }

    @Test
    void variableLengthKeysAndValuesOfManySizesSurviveGrowingAndShrinking() {
        try (SharedMap<byte[], byte[]> blobs = SharedMap.builder(Codecs.bytes(), Codecs.bytes())
                .maxEntries(200).maxBytes(4 << 20).create(ns, "blobs")) {
            java.util.Random random = new java.util.Random(42);
            Map<String, byte[]> expected = new HashMap<>();
            for (int i = 0; i < 5000; i++) {
                byte[] key = ("k" + random.nextInt(150)).getBytes();
                byte[] value = new byte[random.nextInt(3000)];
                random.nextBytes(value);
                if (random.nextInt(5) == 0) {
                    blobs.remove(key);
                    expected.remove(new String(key));
                } else {
                    blobs.put(key, value);
                    expected.put(new String(key), value);
                }
            }
            assertEquals(expected.size(), blobs.size());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), blobs.get(e.getKey().getBytes()), e.getKey());
            }
            byte[] some = expected.values().iterator().next();
            assertTrue(blobs.containsValue(some.clone()), "values compare by their bytes");
            String key = expected.keySet().iterator().next();
            assertTrue(blobs.replace(key.getBytes(), expected.get(key).clone(), new byte[] {1}), "byte[] values compare as bytes");
        }
    }

    @Test
    void threadsOfOneJvmMergeWithoutLosingUpdates() throws Exception {
        Concurrently.run(4, 20_000, () -> map.merge("k" + (int) (Math.random() * 10), 1, Integer::sum));
        assertEquals(80_000, map.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aFullMapSaysWhichLimitAndStaysUsable() {
        try (SharedMap<Integer, String> small = SharedMap.builder(Codecs.ofInt(), Codecs.string())
                .maxEntries(100).stripes(1).create(ns, "small")) {
            for (int i = 0; i < 100; i++) {
                small.put(i, "v" + i);
            }
            MapFullException full = assertThrows(MapFullException.class, () -> small.put(100, "one too many"));
            assertEquals(MapFullException.Limit.ENTRIES, full.limit());
            assertTrue(full.getMessage().contains("maxEntries"), full.getMessage());
            assertThrows(MapFullException.class, () -> small.merge(101, "x", String::concat));
            assertEquals(100, small.size());
            assertEquals("v7", small.get(7), "the entries are intact");
            assertEquals("v7!", small.merge(7, "!", String::concat), "existing keys still update");
            small.remove(0);
            assertNull(small.put(100, "room again"));
            assertEquals(100, small.size());
        }
        try (SharedMap<Integer, String> bytes = SharedMap.builder(Codecs.ofInt(), Codecs.string())
                .maxEntries(100).maxBytes(4096).stripes(1).create(ns, "bytes")) {
            String big = "x".repeat(996); // 24 + 4 + 996 bytes: a 1024-byte block each, 4 fit in 4096
            int stored = 0;
            MapFullException full = null;
            for (; stored < 10; stored++) {
                try {
                    bytes.put(stored, big);
                } catch (MapFullException e) {
                    full = e;
                    break;
                }
            }
            assertEquals(4, stored, "4096 bytes of heap, 4 blocks of 1024");
            assertEquals(MapFullException.Limit.BYTES, full.limit());
            assertTrue(full.getMessage().contains("maxBytes"), full.getMessage());
            assertEquals(4, bytes.size());
            assertEquals(big, bytes.get(0));
            assertThrows(MapFullException.class, () -> bytes.put(0, big), "a replacement needs its new block first");
            assertEquals(big, bytes.get(0), "and a failed replacement changed nothing");
            bytes.remove(1);
            assertNull(bytes.put(5, big), "the freed block is reused by a record of its size");
            assertEquals(MapFullException.Limit.BYTES, assertThrows(MapFullException.class, () -> bytes.put(6, "small")).limit(),
                    "blocks are not split: a record of another size class finds no room");
            MapFullException tooLarge = assertThrows(MapFullException.class, () -> bytes.put(9, "y".repeat(10_000)));
            assertEquals(MapFullException.Limit.BYTES, tooLarge.limit());
            assertEquals(4, bytes.size());
        }
    }

    @Test
    void attachingSeesTheSameMapAndRefusesOtherCodecsOrKinds() {
        map.put("shared", 42);
        try (SharedMap<String, Integer> other = SharedMap.attach(ns, "m", Codecs.string(), Codecs.ofInt())) {
            assertEquals(42, other.get("shared"));
            other.put("back", 1);
            assertEquals(1, map.get("back"));
            assertEquals(map.stripes(), other.stripes());
            assertEquals(1000, other.maxEntries());
        }
        IncompatibleObjectException wrongValue = assertThrows(IncompatibleObjectException.class,
                () -> SharedMap.attach(ns, "m", Codecs.string(), Codecs.ofLong()));
        assertTrue(wrongValue.getMessage().contains("map"), wrongValue.getMessage());
        assertThrows(IncompatibleObjectException.class, () -> SharedMap.attach(ns, "m", Codecs.ofInt(), Codecs.ofInt()));
        try (SharedQueue<String> queue = SharedQueue.create(ns, "q", Codecs.string())) {
            assertThrows(IncompatibleObjectException.class, () -> SharedMap.attach(ns, "q", Codecs.string(), Codecs.ofInt()));
            assertThrows(IncompatibleObjectException.class, () -> SharedQueue.attach(ns, "m", Codecs.string()));
        }
        assertThrows(ObjectNotFoundException.class, () -> SharedMap.attach(ns, "none", Codecs.string(), Codecs.ofInt()));
    }

    @Test
    void aHandleTravelsByNameAndAClosedOneRefusesWork() throws Exception {
        map.put("x", 1);
        @SuppressWarnings("unchecked")
        SharedMap<String, Integer> copy = (SharedMap<String, Integer>) Serialisation.roundTrip(map);
        try {
            assertEquals(1, copy.get("x"));
        } finally {
            copy.close();
        }
        SharedMap<String, Integer> other = SharedMap.attach(ns, "m", Codecs.string(), Codecs.ofInt());
        other.close();
        assertThrows(ClosedObjectException.class, () -> other.get("x"));
        assertThrows(ClosedObjectException.class, other::size);
    }

    @Test
    void keysHashTheSameInEveryJvm() {
        byte[] bytes = "stable".getBytes();
        assertEquals(SharedMap.hash(bytes, bytes.length), SharedMap.hash("stable".getBytes(), 6));
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] k = ("k" + i).getBytes();
            hashes.add(SharedMap.hash(k, k.length));
        }
        assertEquals(10_000, hashes.size());
    }

    @Test
    void sizeClassesArePowersOfTwoFromThirtyTwoBytes() {
        assertEquals(0, SharedMapLayout.sizeClass(0, 0));
        assertEquals(0, SharedMapLayout.sizeClass(4, 4));
        assertEquals(1, SharedMapLayout.sizeClass(4, 5));
        assertEquals(1, SharedMapLayout.sizeClass(20, 20));
        assertEquals(2, SharedMapLayout.sizeClass(20, 21));
        assertEquals(1024, SharedMapLayout.blockBytes(SharedMapLayout.sizeClass(4, 996)));
        assertEquals(2048, SharedMapLayout.blockBytes(SharedMapLayout.sizeClass(4, 997)));
    }
}

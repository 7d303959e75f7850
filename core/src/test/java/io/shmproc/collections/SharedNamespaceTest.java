package io.shmproc.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.CodecException;
import io.shmproc.channel.Codecs;
import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectNotFoundException;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.memory.Region;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SharedNamespace} in one JVM: Python's Manager().Namespace() with Java types and atomic updates. */
class SharedNamespaceTest {
    /** A serialisable value the tests allow. */
    record Progress(int done, int total) implements Serializable {
    }

    /** One they do not. */
    record Secret(String text) implements Serializable {
    }

    @TempDir
    Path root;
    private Namespace ns;
    private SharedNamespace state;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("attrs")).directory(root).open();
        state = SharedNamespace.builder().allow(Progress.class).create(ns, "state");
    }

    @AfterEach
    void close() {
        state.close();
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void everyTypeIsReadBackAsItWasSet() {
        state.set("i", 42);
        state.set("l", 1L << 40);
        state.set("d", 2.5);
        state.set("f", 1.5f);
        state.set("s", (short) -7);
        state.set("b", (byte) 3);
        state.set("c", 'x');
        state.set("z", true);
        state.set("t", "héllo");
        state.set("y", new byte[] {1, 2, 3});
        state.set("o", new Progress(3, 10));
        state.set("nan", Double.NaN);
        assertEquals(42, state.getInt("i"));
        assertEquals(1L << 40, state.getLong("l"));
        assertEquals(2.5, state.getDouble("d"));
        assertEquals(1.5f, state.get("f", float.class));
        assertEquals((short) -7, state.get("s", Short.class));
        assertEquals((byte) 3, state.get("b", byte.class));
        assertEquals('x', state.get("c", char.class));
        assertTrue(state.getBoolean("z"));
        assertEquals("héllo", state.getString("t"));
        assertArrayEquals(new byte[] {1, 2, 3}, state.getBytes("y"));
        assertEquals(new Progress(3, 10), state.get("o", Progress.class));
        assertTrue(Double.isNaN(state.getDouble("nan")));
        assertInstanceOf(Integer.class, state.get("i"));
        assertEquals(Set.of("b", "c", "d", "f", "i", "l", "nan", "o", "s", "t", "y", "z"), state.names());
        assertEquals(List.of("b", "c", "d", "f", "i", "l", "nan", "o", "s", "t", "y", "z"), List.copyOf(state.names()), "sorted");
        assertEquals(12, state.size());
        state.set("i", "now a string");
        assertEquals("now a string", state.get("i"), "set replaces a value of any type");
        Map<String, Object> copy = state.asMap();
        assertEquals(12, copy.size());
        assertEquals(new Progress(3, 10), copy.get("o"));
        assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1));
    }

    @Test
    void valuesAreCopies() {
        byte[] bytes = {1, 2, 3};
        state.set("y", bytes);
        bytes[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, state.getBytes("y"));
        state.getBytes("y")[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, state.getBytes("y"));
    }

    @Test
    void aMissingAttributeIsNamedWithThoseThatExist() {
        state.set("width", 3);
        state.set("height", 4);
        NoSuchAttributeException missing = assertThrows(NoSuchAttributeException.class, () -> state.getInt("depth"));
        assertEquals("depth", missing.attribute());
        assertEquals(List.of("height", "width"), missing.existing());
        assertTrue(missing.getMessage().contains("no attribute 'depth'") && missing.getMessage().contains("height, width")
                && missing.getMessage().contains("'state'"), missing.getMessage());
        assertThrows(NoSuchAttributeException.class, () -> state.get("depth"));
        assertThrows(NoSuchAttributeException.class, () -> state.update("depth", Integer.class, v -> v + 1));
        assertThrows(NoSuchAttributeException.class, () -> state.addAndGet("depth", 1));
        assertEquals("none", state.getOrDefault("depth", "none"));
        assertFalse(state.has("depth"), "reading a missing attribute does not create it");
        state.remove("width");
        state.remove("height");
        assertTrue(assertThrows(NoSuchAttributeException.class, () -> state.get("x")).getMessage().contains("no attributes"));
    }

    @Test
    void aWrongTypeIsNamedWithTheTypeItHas() {
        state.set("timeout", 30L);
        state.set("blob", new byte[] {1});
        AttributeTypeException wrong = assertThrows(AttributeTypeException.class, () -> state.getInt("timeout"));
        assertEquals("long", wrong.actualType());
        assertEquals("int", wrong.requestedType());
        assertTrue(wrong.getMessage().contains("'timeout'") && wrong.getMessage().contains("is a long, not an int"),
                wrong.getMessage());
        AttributeTypeException bytes = assertThrows(AttributeTypeException.class, () -> state.getString("blob"));
        assertTrue(bytes.getMessage().contains("is a byte[], not a String"), bytes.getMessage());
        assertTrue(assertThrows(AttributeTypeException.class, () -> state.get("blob", Progress.class)).getMessage()
                .contains(Progress.class.getTypeName()));
        assertThrows(AttributeTypeException.class, () -> state.update("timeout", Integer.class, v -> v + 1));
        assertThrows(AttributeTypeException.class, () -> state.addAndGet("blob", 1));
        assertEquals(30L, state.get("timeout"), "a wrong type changes nothing");
    }

    @Test
    void badValuesAreRefusedAndNothingIsStored() {
        assertThrows(NullPointerException.class, () -> state.set("n", null));
        assertThrows(NullPointerException.class, () -> state.set(null, 1));
        assertThrows(IllegalArgumentException.class, () -> state.set("", 1));
        IllegalArgumentException notAValue = assertThrows(IllegalArgumentException.class, () -> state.set("thread", new Object()));
        assertTrue(notAValue.getMessage().contains("java.lang.Object"), notAValue.getMessage());
        CodecException notAllowed = assertThrows(CodecException.class, () -> state.set("secret", new Secret("x")));
        assertTrue(notAllowed.getMessage().contains("'secret'") && notAllowed.getMessage().contains("allow"),
                notAllowed.getMessage());
        assertEquals(Set.of(), state.names());
    }

    @Test
    void atomicUpdatesOfOneAttribute() {
        assertTrue(state.setIfAbsent("n", 1));
        assertFalse(state.setIfAbsent("n", 2));
        assertEquals(1, state.getInt("n"));
        assertFalse(state.compareAndSet("n", 1L, 5), "1L is not the int 1");
        assertTrue(state.compareAndSet("n", 1, 5));
        assertEquals(5, state.getInt("n"));
        assertFalse(state.compareAndSet("absent", 1, 2));
        assertFalse(state.has("absent"));
        assertEquals(15, state.update("n", int.class, v -> v * 3));
        assertEquals(20, state.addAndGet("n", 5));
        assertInstanceOf(Integer.class, state.get("n"), "addAndGet keeps the type");
        state.set("big", Integer.MAX_VALUE);
        assertThrows(ArithmeticException.class, () -> state.addAndGet("big", 1));
        assertEquals(Integer.MAX_VALUE, state.getInt("big"));
        state.set("total", Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE, state.addAndGet("total", 1));
        assertThrows(NullPointerException.class, () -> state.update("n", Integer.class, v -> null));
        assertEquals(20, state.getInt("n"));
        state.set("log", "a");
        assertEquals("ab", state.update("log", String.class, v -> v + "b"));
        assertTrue(state.compareAndSet("log", "ab", new byte[] {7}), "the new value may be of another type");
        assertTrue(state.compareAndSet("log", new byte[] {7}, "c"), "byte arrays compare by their bytes");
        assertTrue(state.remove("log"));
        assertFalse(state.remove("log"));
    }

    @Test
    void threadsOfOneJvmAddWithoutLosingUpdates() throws Exception {
        state.set("hits", 0L);
        Concurrently.run(4, 5000, () -> state.addAndGet("hits", 1));
        assertEquals(20_000, state.getLong("hits"));
    }

    @Test
    void aFullNamespaceSaysSoAndStaysUsable() {
        try (SharedNamespace small = SharedNamespace.builder().maxAttributes(3).create(ns, "small")) {
            int stored = 0;
            MapFullException full = null;
            for (; stored < 100; stored++) {
                try {
                    small.set("a" + stored, stored);
                } catch (MapFullException e) {
                    full = e;
                    break;
                }
            }
            assertTrue(stored >= 3, "at least maxAttributes fit: " + stored);
            assertEquals(MapFullException.Limit.ENTRIES, full.limit());
            assertTrue(full.getMessage().contains("'a" + stored + "'") && full.getMessage().contains("maxAttributes"),
                    full.getMessage());
            assertEquals(stored, small.size());
            small.set("a0", 100);
            assertEquals(100, small.getInt("a0"), "existing attributes still change");
        }
        try (SharedNamespace tiny = SharedNamespace.builder().maxAttributes(1).maxBytes(64).create(ns, "tiny")) {
            MapFullException full = assertThrows(MapFullException.class, () -> tiny.set("text", "x".repeat(100)));
            assertEquals(MapFullException.Limit.BYTES, full.limit());
            assertTrue(full.getMessage().contains("maxBytes"), full.getMessage());
        }
    }

    @Test
    void aHandleWithAnotherAllowListReadsWhatItAllows() {
        state.set("progress", new Progress(1, 2));
        state.set("plain", "text");
        try (SharedNamespace strict = SharedNamespace.attach(ns, "state")) {
            assertEquals("text", strict.getString("plain"));
            assertTrue(strict.has("progress"));
            assertEquals(Set.of("plain", "progress"), strict.names(), "names need no value decoded");
            CodecException refused = assertThrows(CodecException.class, () -> strict.get("progress"));
            assertTrue(refused.getMessage().contains(Progress.class.getName()), refused.getMessage());
            strict.set("progress", 7);
            assertEquals(7, state.getInt("progress"), "a value it cannot read it can still replace");
        }
    }

    @Test
    void attachingRefusesOtherKindsAndAToolCountsTheAttributes() {
        state.set("a", 1);
        state.set("b", 2);
        try (Region region = ns.attach("state", SharedNamespace.type(AttributeCodec.allowingNone()))) {
            assertEquals(CollectionsInspection.NAMESPACE_KIND, region.type().kind());
            assertEquals(2, CollectionsInspection.map(region.payload()).entries());
            assertThrows(IllegalArgumentException.class, () -> CollectionsInspection.list(region.payload()));
        }
        assertThrows(IncompatibleObjectException.class, () -> SharedMap.attach(ns, "state", Codecs.string(), Codecs.string()));
        try (SharedList<String> list = SharedList.builder(Codecs.string()).create(ns, "list");
             Region region = ns.attach("list", SharedList.type(Codecs.string()))) {
            assertThrows(IncompatibleObjectException.class, () -> SharedNamespace.attach(ns, "list"));
            assertThrows(IllegalArgumentException.class, () -> CollectionsInspection.map(region.payload()));
        }
        assertThrows(ObjectNotFoundException.class, () -> SharedNamespace.attach(ns, "none"));
        try (SharedNamespace opened = SharedNamespace.open(ns, "state")) {
            assertEquals(1, opened.getInt("a"));
        }
    }

    @Test
    void aHandleTravelsByNameWithItsAllowListAndAClosedOneRefusesWork() {
        state.set("progress", new Progress(2, 4));
        SharedNamespace copy = Serialisation.roundTrip(state, Progress.class);
        try {
            assertEquals(new Progress(2, 4), copy.get("progress", Progress.class), "the allow-list travelled");
            copy.set("back", true);
        } finally {
            copy.close();
        }
        assertTrue(state.getBoolean("back"));
        SharedNamespace other = SharedNamespace.attach(ns, "state");
        other.close();
        assertThrows(ClosedObjectException.class, () -> other.get("back"));
        assertThrows(ClosedObjectException.class, () -> other.set("x", 1));
        assertThrows(ClosedObjectException.class, () -> Serialisation.write(other));
        assertTrue(other.toString().contains("closed"));
    }
}

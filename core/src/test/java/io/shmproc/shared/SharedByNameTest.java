package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.memory.SharedObject;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.InvalidObjectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every value and array type serialised by name: the copy is the same object, not a copy of its memory. */
class SharedByNameTest {
    record Point(double x, double y) {}

    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("byname")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left once both handles are closed");
    }

    /** Writes through the original, reads through the copy, and the other way round. */
    private <T extends SharedObject> void seesBothWays(T original, BiConsumer<T, Integer> write, Function<T, Object> read) {
        try (T copy = Serialisation.roundTrip(original)) {
            assertNotSame(original, copy);
            assertSame(original.getClass(), copy.getClass());
            assertEquals(original.name(), copy.name());
            assertEquals(ns.directory(), copy.namespace().directory());
            write.accept(original, 1);
            assertEquals(read.apply(original), read.apply(copy), "the copy sees the original's write");
            write.accept(copy, 2);
            assertEquals(read.apply(copy), read.apply(original), "the original sees the copy's write");
        } finally {
            original.close();
        }
    }

    @Test
    void longIncrementedThroughTheCopyIsIncrementedForTheOriginal() {
        try (SharedLong hits = SharedLong.create(ns, "hits", 41); SharedLong copy = Serialisation.roundTrip(hits)) {
            assertEquals(42, copy.incrementAndGet());
            assertEquals(42, hits.get());
            hits.addAndGet(8);
            assertEquals(50, copy.get());
        }
    }

    @Test
    void everyValueTypeRoundTrips() {
        seesBothWays(SharedBoolean.create(ns, "bool", false), (v, i) -> v.set(i == 1), SharedBoolean::get);
        seesBothWays(SharedByte.create(ns, "byte", (byte) 0), (v, i) -> v.set((byte) (i * 3)), SharedByte::get);
        seesBothWays(SharedShort.create(ns, "short", (short) 0), (v, i) -> v.set((short) (i * 300)), SharedShort::get);
        seesBothWays(SharedChar.create(ns, "char", 'a'), (v, i) -> v.set('a' + i), SharedChar::get);
        seesBothWays(SharedInt.create(ns, "int", 0), (v, i) -> v.set(i * 70_000), SharedInt::get);
        seesBothWays(SharedLong.create(ns, "long", 'Q', 0), (v, i) -> v.set(-i), SharedLong::get);
        seesBothWays(SharedFloat.create(ns, "float", 0f), (v, i) -> v.set(i * 0.5f), SharedFloat::get);
        seesBothWays(SharedDouble.create(ns, "double", 0), (v, i) -> v.set(i * 0.25), SharedDouble::get);
    }

    @Test
    void everyArrayTypeRoundTrips() {
        seesBothWays(SharedBooleanArray.create(ns, "bools", 3), (a, i) -> a.set(i, true), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedByteArray.create(ns, "bytes", 3), (a, i) -> a.set(i, (byte) 7), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedShortArray.create(ns, "shorts", 3), (a, i) -> a.set(i, (short) 7), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedCharArray.create(ns, "chars", "abc"), (a, i) -> a.set(i, 'z'), SharedCharArray::toString);
        seesBothWays(SharedIntArray.create(ns, "ints", 3), (a, i) -> a.set(i, 7), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedLongArray.create(ns, "longs", 3), (a, i) -> a.set(i, 7), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedFloatArray.create(ns, "floats", 3), (a, i) -> a.set(i, 7f), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedDoubleArray.create(ns, "doubles", 3), (a, i) -> a.set(i, 7), a -> List.of(a.get(1), a.get(2)));
        seesBothWays(SharedByteString.create(ns, "text", 3), (a, i) -> a.set(i, (byte) 'x'), a -> List.of(a.get(1), a.get(2)));
    }

    @Test
    void aStructArrayOfARecordTravelsWithItsRecordClass() {
        try (SharedStructArray<Point> points = SharedStructArray.create(ns, "points", Point.class, 2);
             SharedStructArray<Point> copy = Serialisation.roundTrip(points, Point.class)) {
            assertSame(points.type(), copy.type(), "a record's layout reads back as the one instance");
            points.set(0, new Point(1, 2));
            assertEquals(new Point(1, 2), copy.get(0));
            copy.set(1, new Point(3, 4));
            assertEquals(new Point(3, 4), points.get(1));
        }
    }

    @Test
    void aStructArrayOfABuiltLayoutTravelsWithItsFields() {
        StructType<Map<String, Object>> inner = StructType.builder("Inner").field("n", 'h').build();
        StructType<Map<String, Object>> quote = StructType.builder("Quote")
                .string("symbol", 8).field("bid", 'd').charField("side").array("levels", 'I', 3)
                .struct("inner", inner).array("inners", inner, 2).struct("at", StructType.of(Point.class)).build();
        try (SharedStructArray<Map<String, Object>> quotes = SharedStructArray.create(ns, "quotes", quote, 1);
             SharedStructArray<Map<String, Object>> copy = Serialisation.roundTrip(quotes, Point.class)) {
            assertEquals(quote.descriptor(), copy.type().descriptor());
            quotes.setDouble(0, quote.field("bid"), 101.5);
            assertEquals(101.5, copy.getDouble(0, copy.type().field("bid")));
            assertEquals(0.0, copy.getDouble(0, copy.type().field("at.x")));
        }
    }

    @Test
    void aStructLayoutItselfIsSerialisable() {
        assertSame(StructType.of(Point.class), Serialisation.roundTrip(StructType.of(Point.class), Point.class));
    }

    @Test
    void anObjectGoneBeforeItsReferenceIsReadFailsNamingIt() throws Exception {
        byte[] bytes;
        try (SharedInt keepsNamespace = SharedInt.create(ns, "other", 0)) {
            try (SharedLong gone = SharedLong.create(ns, "gone", 0)) {
                bytes = Serialisation.write(gone);
            } // the creator's close unlinks it
            InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> Serialisation.read(bytes));
            assertTrue(e.getMessage().contains("'gone'") && e.getMessage().contains("'" + ns.name() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("keep it open"), e.getMessage());
            assertInstanceOf(io.shmproc.memory.ObjectNotFoundException.class, e.getCause());
        }
    }
}

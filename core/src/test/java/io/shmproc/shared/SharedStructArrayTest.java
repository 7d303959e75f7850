package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedStructArrayTest {
    public record Point(double x, double y) {}
    record Counter(@Length(8) String name, int hits, long total, boolean seen, short s, char c, byte b, float f) {}
    record OtherPoint(float x, float y) {}

    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("structs")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void createdFromElementsAndReadBack() {
        try (SharedStructArray<Point> points = SharedStructArray.create(ns, "p", Point.class,
                new Point(1.875, -6.25), new Point(-5.75, 2.0))) {
            assertEquals(2, points.length());
            assertEquals(List.of(new Point(1.875, -6.25), new Point(-5.75, 2.0)), points.toList());
            points.set(1, new Point(0, 1));
            assertEquals(new Point(0, 1), points.get(1));
            assertEquals("[Point[x=1.875, y=-6.25], Point[x=0.0, y=1.0]]", points.toString());
        }
    }

    @Test
    void attachedHandleSeesTheSameMemory() {
        try (SharedStructArray<Point> a = SharedStructArray.create(ns, "p", Point.class, 3);
             SharedStructArray<Point> b = SharedStructArray.attach(ns, "p", Point.class)) {
            assertEquals(List.of(new Point(0, 0), new Point(0, 0), new Point(0, 0)), b.toList(), "created zeroed");
            a.copyFrom(1, List.of(new Point(1, 1), new Point(2, 2)));
            assertEquals(new Point(2, 2), b.get(2));
            assertFalse(b.isCreator());
            try (SharedStructArray<Point> c = SharedStructArray.open(ns, "p", Point.class, 99)) {
                assertEquals(3, c.length(), "open attaches an existing array whatever length is asked");
            }
        }
    }

    @Test
    void fieldsAreReadAndUpdatedInPlace() {
        try (SharedStructArray<Counter> counters = SharedStructArray.create(ns, "c", Counter.class, 2)) {
            StructType<Counter> t = counters.type();
            StructField hits = t.field("hits");
            StructField total = t.field("total");
            counters.set(1, new Counter("one", 5, 50, false, (short) 1, 'a', (byte) 2, 1.5f));
            assertEquals(5, counters.getInt(1, hits));
            assertTrue(counters.compareAndSetInt(1, hits, 5, 6));
            assertFalse(counters.compareAndSetInt(1, hits, 5, 7));
            assertEquals(6, counters.getAndAddInt(1, hits, 10));
            assertEquals(16, counters.getInt(1, hits));
            assertEquals(50, counters.getAndAddLong(1, total, -60));
            assertTrue(counters.compareAndSetLong(1, total, -10, 3));
            counters.setBoolean(1, t.field("seen"), true);
            counters.setShort(1, t.field("s"), (short) -2);
            counters.setChar(1, t.field("c"), 'Ω');
            counters.setByte(1, t.field("b"), (byte) -1);
            counters.setFloat(1, t.field("f"), -0.5f);
            assertEquals(new Counter("one", 16, 3, true, (short) -2, 'Ω', (byte) -1, -0.5f), counters.get(1));
            assertEquals(new Counter("", 0, 0, false, (short) 0, '\0', (byte) 0, 0f), counters.get(0), "neighbour untouched");
            assertTrue(counters.getBoolean(1, t.field("seen")));
            assertEquals(-0.5f, counters.getFloat(1, t.field("f")));
            assertEquals((short) -2, counters.getShort(1, t.field("s")));
            assertEquals('Ω', counters.getChar(1, t.field("c")));
            assertEquals((byte) -1, counters.getByte(1, t.field("b")));
            assertEquals(3L, counters.getLong(1, total));
        }
    }

    @Test
    void fieldAccessWithTheWrongTypeOrAnotherStructsFieldIsRefused() {
        try (SharedStructArray<Counter> counters = SharedStructArray.create(ns, "c", Counter.class, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> counters.getLong(0, counters.type().field("hits")));
            assertTrue(e.getMessage().contains("'hits'") && e.getMessage().contains("int32"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> counters.getInt(0, counters.type().field("name")));
            e = assertThrows(IllegalArgumentException.class,
                    () -> counters.getDouble(0, StructType.of(Point.class).field("x")));
            assertTrue(e.getMessage().contains("belongs to struct Point"), e.getMessage());
        }
    }

    @Test
    void concurrentGetAndAddOnAFieldLosesNothing() throws Exception {
        try (SharedStructArray<Counter> counters = SharedStructArray.create(ns, "c", Counter.class, 2)) {
            StructField total = counters.type().field("total");
            Concurrently.run(4, 100_000, () -> counters.getAndAddLong(1, total, 1));
            assertEquals(400_000, counters.getLong(1, total));
            assertEquals(0, counters.getLong(0, total));
        }
    }

    @Test
    void indexesOutOfRangeAndBadLengthsAreRefused() {
        try (SharedStructArray<Point> points = SharedStructArray.create(ns, "p", Point.class, 2)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> points.get(2));
            assertTrue(e.getMessage().contains("2") && e.getMessage().contains("length 2"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> points.set(-1, new Point(0, 0)));
            assertThrows(IndexOutOfBoundsException.class, () -> points.copyFrom(1, List.of(new Point(0, 0), new Point(0, 0))));
            assertThrows(IndexOutOfBoundsException.class, () -> points.getDouble(5, points.type().field("x")));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedStructArray.create(ns, "q", Point.class, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertFalse(ns.exists("q"));
    }

    @Test
    void attachingWithAnotherLayoutNamesBoth() {
        try (SharedStructArray<Point> points = SharedStructArray.create(ns, "p", Point.class, 2)) {
            IncompatibleObjectException e = assertThrows(IncompatibleObjectException.class,
                    () -> SharedStructArray.attach(ns, "p", OtherPoint.class));
            assertTrue(e.getMessage().contains(StructType.of(Point.class).descriptor())
                    && e.getMessage().contains(StructType.of(OtherPoint.class).descriptor()), e.getMessage());
            assertEquals(2, points.length(), "still usable");
        }
    }

    @Test
    void builtLayoutsWorkAsArraysOfMaps() {
        StructType<Map<String, Object>> t = StructType.builder("Point").field("x", 'd').field("y", 'd').build();
        try (SharedStructArray<Point> records = SharedStructArray.create(ns, "p", Point.class, new Point(1, 2));
             SharedStructArray<Map<String, Object>> maps = SharedStructArray.attach(ns, "p", t)) {
            assertEquals(Map.of("x", 1.0, "y", 2.0), maps.get(0), "a built layout equal to the record's attaches it");
            maps.set(0, Map.of("x", 3.0));
            assertEquals(new Point(3, 0), records.get(0));
        }
    }

    @Test
    void useAfterCloseIsRefused() {
        SharedStructArray<Point> points = SharedStructArray.create(ns, "p", Point.class, 1);
        StructField x = points.type().field("x");
        points.close();
        assertThrows(ClosedObjectException.class, () -> points.get(0));
        assertThrows(ClosedObjectException.class, () -> points.setDouble(0, x, 1));
        assertThrows(ClosedObjectException.class, points::toList);
        assertFalse(ns.exists("p"), "the creator's close unlinks");
    }

    /** Attaches the parent's points, squares every coordinate in place, and says "done". */
    public static final class Squarer {
        public static void main(String[] args) {
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedStructArray<Point> points = SharedStructArray.attach(ns, "points", Point.class)) {
                for (int i = 0; i < points.length(); i++) {
                    Point p = points.get(i);
                    points.set(i, new Point(p.x() * p.x(), p.y() * p.y()));
                }
                points.set(points.length() - 1, new Point(Math.PI, -Math.E));
            }
            System.out.println("done");
        }
    }

    @Test
    void aChildJvmWritesStructsTheParentReadsBackExactly() {
        List<Point> initial = List.of(new Point(1.875, -6.25), new Point(-5.75, 2.0), new Point(0, 0));
        try (SharedStructArray<Point> points = SharedStructArray.create(ns, "points", StructType.of(Point.class), initial);
             ChildJvm child = ChildJvm.start(Squarer.class, root.toString(), ns.name())) {
            child.awaitLine("done", Duration.ofSeconds(60));
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)));
            assertEquals(List.of(new Point(3.515625, 39.0625), new Point(33.0625, 4.0), new Point(Math.PI, -Math.E)),
                    points.toList());
        }
    }
}

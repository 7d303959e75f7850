package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layouts must match what a C compiler gives for the same struct on x86-64 / AArch64 Linux. */
class StructTypeTest {
    record Padded(byte c, double d, short s) {}                  // struct { char c; double d; short s; }
    record Point(double x, double y) {}
    record Segment(Point start, Point end, byte flags) {}
    record Labelled(@Length(5) String label, int id) {}
    record Samples(@Length(3) short[] values, long stamp) {}
    record Path2(@Length(2) Point[] points, char mark) {}
    record Everything(boolean b, byte i8, short i16, char u16, int i32, long i64, float f32, double f64) {}

    record Loose(Object thing) {}
    record Unsized(String text) {}
    record UnsizedArray(int[] xs) {}
    record ZeroLength(@Length(0) int[] xs) {}
    record LengthOnScalar(@Length(2) int x) {}
    record Empty() {}
    record Cycle(@Length(1) Cycle[] next) {}

    @Test
    void fieldsSitAtTheirCAlignmentWithPaddingAndTrailingPadding() {
        StructType<Padded> t = StructType.of(Padded.class);
        assertEquals(List.of(0L, 8L, 16L), t.fields().stream().map(StructField::offset).toList());
        assertEquals(24, t.byteSize());
        assertEquals(8, t.alignment());
        assertEquals("Padded{c:int8@0,d:float64@8,s:int16@16}#24", t.descriptor());
    }

    @Test
    void nestedStructsAlignToTheirMostAlignedFieldAndPathsReachInside() {
        StructType<Segment> t = StructType.of(Segment.class);
        assertEquals(40, t.byteSize());
        assertEquals(16, t.field("end").offset());
        assertEquals(24, t.field("end.y").offset());
        assertEquals(32, t.field("flags").offset());
        assertEquals(double.class, t.field("end.y").carrier());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.field("end.z"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("[x, y]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.field("flags.x"));
    }

    @Test
    void stringsAndArraysAreHeldInline() {
        StructType<Labelled> labelled = StructType.of(Labelled.class);
        assertEquals(List.of(0L, 8L), labelled.fields().stream().map(StructField::offset).toList());
        assertEquals(12, labelled.byteSize());
        assertEquals("char[5]", labelled.field("label").typeName());

        StructType<Samples> samples = StructType.of(Samples.class);
        assertEquals(8, samples.field("stamp").offset());
        assertEquals(16, samples.byteSize());

        StructType<Path2> path = StructType.of(Path2.class);
        assertEquals(32, path.field("mark").offset());
        assertEquals(40, path.byteSize());
    }

    @Test
    void everyPrimitiveRoundTrips() {
        StructType<Everything> t = StructType.of(Everything.class);
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 16L, 24L, 32L), t.fields().stream().map(StructField::offset).toList());
        Everything[] values = {
            new Everything(true, (byte) -128, Short.MIN_VALUE, '\uFFFF', Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, -0.0),
            new Everything(false, (byte) 0xFF, (short) -1, 'é', -1, Long.MAX_VALUE, Float.NEGATIVE_INFINITY, Double.MIN_VALUE),
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(t.byteSize() * 2, 8);
            for (int i = 0; i < values.length; i++) {
                t.write(memory, i * t.byteSize(), values[i]);
            }
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], t.read(memory, i * t.byteSize()));
            }
        }
    }

    @Test
    void bytesMatchAByteBufferReadingTheCLayout() {
        StructType<Padded> t = StructType.of(Padded.class);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(t.byteSize(), 8);
            memory.fill((byte) 0x55);
            t.write(memory, 0, new Padded((byte) 7, 2.5, (short) -3));
            assertEquals(7, memory.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(2.5, memory.get(ValueLayout.JAVA_DOUBLE, 8));
            assertEquals(-3, memory.get(ValueLayout.JAVA_SHORT, 16));
            for (long padding : new long[] {1, 7, 18, 23}) {
                assertEquals(0, memory.get(ValueLayout.JAVA_BYTE, padding), "padding byte " + padding + " is zeroed");
            }
            MemoryLayout layout = t.layout();
            assertEquals(24, layout.byteSize());
            assertEquals(8, layout.byteOffset(MemoryLayout.PathElement.groupElement("d")));
        }
    }

    @Test
    void stringsAreUtf8UpToTheFirstNulAndMayFillTheField() {
        StructType<Labelled> t = StructType.of(Labelled.class);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(t.byteSize(), 8);
            for (String s : new String[] {"", "a", "héllo".substring(0, 4), "12345"}) {
                t.write(memory, 0, new Labelled(s, 1));
                assertEquals(s, t.read(memory, 0).label());
            }
            t.write(memory, 0, new Labelled("12345", 9));
            t.write(memory, 0, new Labelled("ab", 9));
            assertEquals("ab", t.read(memory, 0).label(), "a shorter string is NUL-padded over the longer one");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.write(memory, 0, new Labelled("héllo", 1)));
            assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("at most 5")
                    && e.getMessage().contains("6 bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.write(memory, 0, new Labelled(null, 1)));
        }
    }

    @Test
    void shorterArraysAreZeroPaddedAndLongerOnesRefused() {
        StructType<Samples> t = StructType.of(Samples.class);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(t.byteSize(), 8);
            t.write(memory, 0, new Samples(new short[] {1, 2, 3}, 4));
            t.write(memory, 0, new Samples(new short[] {9}, 4));
            assertArrayEquals(new short[] {9, 0, 0}, t.read(memory, 0).values());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.write(memory, 0, new Samples(new short[4], 0)));
            assertTrue(e.getMessage().contains("holds 3 elements") && e.getMessage().contains("has 4"), e.getMessage());

            StructType<Path2> paths = StructType.of(Path2.class);
            MemorySegment more = arena.allocate(paths.byteSize(), 8);
            Path2 p = new Path2(new Point[] {new Point(1, 2), new Point(3, 4)}, 'z');
            paths.write(more, 0, p);
            Path2 back = paths.read(more, 0);
            assertArrayEquals(p.points(), back.points());
            assertEquals('z', back.mark());
        }
    }

    @Test
    void recordsAStructCannotHoldAreRefusedNamingTheComponent() {
        assertRefused(Loose.class, "'thing'", "java.lang.Object");
        assertRefused(Unsized.class, "'text'", "@Length");
        assertRefused(UnsizedArray.class, "'xs'", "@Length");
        assertRefused(ZeroLength.class, "'xs'", "at least 1");
        assertRefused(LengthOnScalar.class, "'x'", "only to arrays and strings");
        assertRefused(Empty.class, "Empty", "no components");
        assertRefused(Cycle.class, "Cycle", "contains itself");
    }

    private static void assertRefused(Class<? extends Record> type, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StructType.of(type));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
    }

    @Test
    void derivedOncePerRecordClass() {
        assertSame(StructType.of(Point.class), StructType.of(Point.class));
    }

    @Test
    void builderMakesTheSameLayoutAsTheEquivalentRecord() {
        StructType<Map<String, Object>> built = StructType.builder("Padded").field("c", 'b').field("d", 'd').field("s", 'h').build();
        assertEquals(StructType.of(Padded.class).descriptor(), built.descriptor());
        assertTrue(built.sameLayout(StructType.of(Padded.class)));
    }

    @Test
    void builtTypesReadAndWriteMapsWithUnsignedStringsArraysAndNesting() {
        StructType<Map<String, Object>> point = StructType.builder("P").field("x", 'f').field("y", 'f').build();
        StructType<Map<String, Object>> t = StructType.builder("Quote")
                .string("symbol", 6).field("size", 'I').field("bid", TypeCode.FLOAT64)
                .array("levels", 'H', 2).struct("at", point).charField("side").build();
        assertEquals("Quote{symbol:char[6]@0,size:uint32@8,bid:float64@16,levels:uint16[2]@24,at:P{x:float32@0,y:float32@4}#8@28,side:char16@36}#40",
                t.descriptor());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(t.byteSize(), 8);
            t.write(memory, 0, Map.of("symbol", "ACME", "size", -1, "bid", 10.5,
                    "levels", new short[] {1, -1}, "at", Map.of("x", 1.5f, "y", -2f), "side", 'B'));
            Map<String, Object> back = t.read(memory, 0);
            assertEquals(List.of("symbol", "size", "bid", "levels", "at", "side"), List.copyOf(back.keySet()));
            assertEquals("ACME", back.get("symbol"));
            assertEquals(-1, back.get("size"));
            assertEquals(4294967295L, Integer.toUnsignedLong((Integer) back.get("size")));
            assertArrayEquals(new short[] {1, -1}, (short[]) back.get("levels"));
            assertEquals(Map.of("x", 1.5f, "y", -2f), back.get("at"));
            assertEquals('B', back.get("side"));

            t.write(memory, 0, Map.of("bid", 1.0));
            assertEquals("", t.read(memory, 0).get("symbol"), "fields a map leaves out are zero");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.write(memory, 0, Map.of("ask", 1.0)));
            assertTrue(e.getMessage().contains("'ask'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.write(memory, 0, Map.of("bid", "cheap")));
            assertTrue(e.getMessage().contains("'bid'") && e.getMessage().contains("float64"), e.getMessage());
        }
    }

    @Test
    void builderRefusesBadNamesDuplicatesLengthsAndTypecodes() {
        assertThrows(IllegalArgumentException.class, () -> StructType.builder("a.b"));
        assertThrows(IllegalArgumentException.class, () -> StructType.builder("S").field("x y", 'i'));
        assertThrows(IllegalArgumentException.class, () -> StructType.builder("S").field("x", 'i').field("x", 'd'));
        assertThrows(IllegalArgumentException.class, () -> StructType.builder("S").string("s", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StructType.builder("S").field("x", 'z'));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("'i'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StructType.builder("S").build());
    }
}

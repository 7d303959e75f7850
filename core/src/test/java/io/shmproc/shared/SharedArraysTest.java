package io.shmproc.shared;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shared array type: element access, atomics, bulk copies, Python's value/raw, errors. */
class SharedArraysTest {
    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("arrays")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void intArrayFromElementsWithAtomicsAndBulkCopies() {
        try (SharedIntArray xs = SharedIntArray.create(ns, "xs", new int[] {0, 1, 2, 3, 4});
             SharedIntArray same = SharedIntArray.attach(ns, "xs")) {
            assertEquals(5, same.length());
            assertEquals('i', same.typecode());
            xs.set(0, 10);
            assertEquals("[10, 1, 2, 3, 4]", same.toString());
            assertEquals(2, same.incrementAndGet(1));
            assertEquals(2, same.getAndAdd(2, 5));
            assertTrue(same.compareAndSet(3, 3, 30));
            assertFalse(same.compareAndSet(3, 3, 31));
            assertEquals(4, same.getAndSet(4, 40));
            assertEquals(39, same.decrementAndGet(4));
            same.setPlain(4, 41);
            assertEquals(41, xs.getPlain(4));
            same.setRelease(4, 42);
            assertEquals(42, xs.getAcquire(4));
            int[] dst = new int[7];
            xs.copyTo(1, dst, 2, 3);
            assertArrayEquals(new int[] {0, 0, 2, 7, 30, 0, 0}, dst);
            xs.copyFrom(new int[] {-1, -2, -3}, 1, 3, 2);
            assertArrayEquals(new int[] {10, 2, 7, -2, -3}, xs.toArray());
            xs.fill(6);
            assertArrayEquals(new int[] {6, 6, 6, 6, 6}, same.toArray());
        }
    }

    @Test
    void unsignedArraysPrintUnsigned() {
        try (SharedIntArray u32 = SharedIntArray.create(ns, "u32", 'I', new int[] {-1, 1});
             SharedByteArray u8 = SharedByteArray.create(ns, "u8", 'B', new byte[] {-1, 2});
             SharedShortArray u16 = SharedShortArray.create(ns, "u16", 'H', new short[] {-1});
             SharedLongArray u64 = SharedLongArray.create(ns, "u64", 'Q', new long[] {-1})) {
            assertEquals("[4294967295, 1]", u32.toString());
            assertEquals(4294967295L, u32.getUnsigned(0));
            assertEquals("[255, 2]", u8.toString());
            assertEquals(255, u8.getUnsigned(0));
            assertEquals("[65535]", u16.toString());
            assertEquals(65535, u16.getUnsigned(0));
            assertEquals("[18446744073709551615]", u64.toString());
        }
    }

    @Test
    @SuppressWarnings("try") // the creating handles only keep the arrays alive while attached copies are read
    void everyCarrierRoundTripsThroughBulkCopy() {
        long[] longs = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
        short[] shorts = {Short.MIN_VALUE, 0, Short.MAX_VALUE};
        byte[] bytes = {Byte.MIN_VALUE, 0, Byte.MAX_VALUE};
        float[] floats = {Float.NaN, -0f, Float.MAX_VALUE};
        double[] doubles = {Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE};
        boolean[] booleans = {true, false, true};
        try (SharedLongArray l = SharedLongArray.create(ns, "l", longs);
             SharedShortArray s = SharedShortArray.create(ns, "s", shorts);
             SharedByteArray b = SharedByteArray.create(ns, "b", bytes);
             SharedFloatArray f = SharedFloatArray.create(ns, "f", floats);
             SharedDoubleArray d = SharedDoubleArray.create(ns, "d", doubles);
             SharedBooleanArray z = SharedBooleanArray.create(ns, "z", booleans)) {
            assertArrayEquals(longs, SharedLongArray.attach(ns, "l").toArray());
            assertArrayEquals(shorts, SharedShortArray.attach(ns, "s").toArray());
            assertArrayEquals(bytes, SharedByteArray.attach(ns, "b").toArray());
            assertArrayEquals(floats, SharedFloatArray.attach(ns, "f").toArray());
            assertArrayEquals(doubles, SharedDoubleArray.attach(ns, "d").toArray());
            assertArrayEquals(booleans, SharedBooleanArray.attach(ns, "z").toArray());
            assertEquals("[true, false, true]", z.toString());
            assertEquals("[NaN, -0.0, 3.4028235E38]", f.toString());
        }
    }

    @Test
    void subWordElementAtomicsLeaveNeighboursIntact() throws Exception {
        try (SharedByteArray b = SharedByteArray.create(ns, "b", new byte[] {1, 2, 3, 4, 5});
             SharedShortArray s = SharedShortArray.create(ns, "s", new short[] {1, 2, 3});
             SharedBooleanArray z = SharedBooleanArray.create(ns, "z", 5)) {
            assertEquals(2, b.getAndAdd(1, (byte) 127));
            assertArrayEquals(new byte[] {1, -127, 3, 4, 5}, b.toArray(), "wraps within the byte, neighbours kept");
            assertTrue(b.compareAndSet(4, (byte) 5, (byte) -5));
            assertEquals(-5, b.getAndSet(4, (byte) 0));
            assertEquals(3, s.getAndAdd(2, (short) -4));
            assertTrue(s.compareAndSet(1, (short) 2, (short) 20));
            assertArrayEquals(new short[] {1, 20, -1}, s.toArray());
            assertTrue(z.compareAndSet(4, false, true));
            assertFalse(z.compareAndSet(4, false, true));
            assertTrue(z.getAndSet(4, false));
            z.set(3, true);
            assertArrayEquals(new boolean[] {false, false, false, true, false}, z.toArray());

            // four threads, each hammering its own byte of one 4-byte word: every count exact
            try (SharedByteArray counters = SharedByteArray.create(ns, "counters", 4)) {
                int[] next = {0};
                Concurrently.run(4, 1, () -> {
                    int mine;
                    synchronized (next) {
                        mine = next[0]++;
                    }
                    for (int i = 0; i < 100_003; i++) {
                        counters.incrementAndGet(mine);
                    }
                });
                for (int i = 0; i < 4; i++) {
                    assertEquals((byte) 100_003, counters.get(i), "byte " + i);
                }
            }
        }
    }

    @Test
    void floatingArraysAddAtomicallyAndCompareBits() throws Exception {
        try (SharedDoubleArray d = SharedDoubleArray.create(ns, "d", 2); SharedFloatArray f = SharedFloatArray.create(ns, "f", new float[] {-0f})) {
            Concurrently.run(4, 25_000, () -> d.addAndGet(1, 0.5));
            assertEquals(50_000.0, d.get(1));
            assertEquals(0.0, d.get(0));
            assertFalse(f.compareAndSet(0, 0f, 1f), "bitwise: -0.0 is not 0.0");
            assertTrue(f.compareAndSet(0, -0f, 1f));
            assertEquals(1f, f.getAndAdd(0, 0.5f));
            assertEquals(1.5f, f.getAndSet(0, 2f));
        }
    }

    @Test
    void byteStringHasPythonsValueAndRaw() {
        try (SharedByteString s = SharedByteString.create(ns, "s", "hello world".getBytes(US_ASCII))) {
            assertEquals(11, s.length());
            assertEquals('c', s.typecode());
            assertEquals("hello world", s.valueAsString(US_ASCII));
            s.setValue("HI".getBytes(US_ASCII));
            assertEquals("HI", s.valueAsString(US_ASCII), ".value stops at the NUL written after it");
            assertArrayEquals("HI\0lo world".getBytes(US_ASCII), s.raw(), ".raw keeps every byte");
            assertEquals("b'HI'", s.toString());
            s.setRaw("abc".getBytes(US_ASCII));
            assertEquals("abclo world", s.valueAsString(US_ASCII), "setRaw overwrites the NUL and adds none");
            s.setValue("exactly 11!".getBytes(US_ASCII));
            assertEquals("exactly 11!", s.valueAsString(US_ASCII), "a full-length value has no NUL");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.setValue(new byte[12]));
            assertTrue(e.getMessage().contains("11 bytes") && e.getMessage().contains("12 bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.setRaw(new byte[12]));
            assertEquals("exactly 11!", s.valueAsString(US_ASCII), "a refused value changes nothing");
            s.set(0, (byte) 0);
            assertEquals(0, s.value().length);
            assertEquals('x', SharedByteString.open(ns, "s", 3).get(1));
        }
        try (SharedByteString blank = SharedByteString.create(ns, "blank", 4)) {
            assertArrayEquals(new byte[4], blank.raw());
            blank.setRaw(new byte[] {'a', 0, 'b', '\''});
            assertEquals("b'a'", blank.toString());
        }
    }

    @Test
    void charArrayHoldsCodePointsWithPythonsValue() {
        try (SharedCharArray s = SharedCharArray.create(ns, "s", "Zoë 🙂"); SharedCharArray blank = SharedCharArray.create(ns, "b", 8)) {
            assertEquals(5, s.length(), "code points, not Java chars");
            assertEquals("Zoë 🙂", s.value());
            assertEquals(0x1F642, s.get(4));
            s.setValue("ab");
            assertEquals("ab", s.toString());
            assertArrayEquals(new int[] {'a', 'b', 0, ' ', 0x1F642}, s.toArray(), "code points after the NUL are left alone");
            assertEquals("", blank.value());
            blank.set(0, 'x');
            assertEquals("x", blank.value());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.setValue("abcdef"));
            assertTrue(e.getMessage().contains("holds 5") && e.getMessage().contains("has 6"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.set(0, -1));
            assertEquals('u', SharedCharArray.attach(ns, "s").typecode());
        }
    }

    @Test
    void badLengthsIndexesAndTypesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedIntArray.create(ns, "a", -1));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains(Integer.toString(Integer.MAX_VALUE - 8)), e.getMessage());
        assertFalse(ns.exists("a"));
        e = assertThrows(IllegalArgumentException.class, () -> SharedDoubleArray.create(ns, "a", 'i', 3));
        assertTrue(e.getMessage().contains("'i'") && e.getMessage().contains("SharedDoubleArray"), e.getMessage());

        try (SharedIntArray xs = SharedIntArray.create(ns, "xs", 3)) {
            IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> xs.get(3));
            assertTrue(oob.getMessage().contains("3") && oob.getMessage().contains("length 3"), oob.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> xs.set(-1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> xs.copyTo(2, new int[5], 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> xs.copyFrom(new int[2], 0, 2, 2));
            IncompatibleObjectException wrong = assertThrows(IncompatibleObjectException.class, () -> SharedDoubleArray.attach(ns, "xs"));
            assertTrue(wrong.getMessage().contains("int32") && wrong.getMessage().contains("float64"), wrong.getMessage());
            assertThrows(IncompatibleObjectException.class, () -> SharedInt.attach(ns, "xs"), "an array is not a value");
            assertEquals(3, SharedIntArray.open(ns, "xs", 10).length(), "open attaches whatever the length");
        }
        try (SharedIntArray empty = SharedIntArray.create(ns, "empty", 0)) {
            assertEquals(0, empty.length());
            assertEquals("[]", empty.toString());
        }
    }

    @Test
    void useAfterCloseIsRefused() {
        SharedIntArray xs = SharedIntArray.create(ns, "xs", 3);
        SharedByteString s = SharedByteString.create(ns, "s", 3);
        xs.close();
        s.close();
        assertThrows(ClosedObjectException.class, () -> xs.get(0));
        assertThrows(ClosedObjectException.class, xs::toArray);
        assertThrows(ClosedObjectException.class, s::value);
        assertThrows(ClosedObjectException.class, () -> s.setValue(new byte[1]));
    }
}

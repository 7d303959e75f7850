package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ClosedObjectException;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectNotFoundException;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shared value type: each access family, typecodes, atomics, errors. */
class SharedValuesTest {
    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("values")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left after close");
    }

    @Test
    void intHasEveryAccessFamily() {
        try (SharedInt v = SharedInt.create(ns, "v", 7); SharedInt other = SharedInt.attach(ns, "v")) {
            assertEquals('i', other.typecode());
            assertEquals(7, other.get());
            v.set(8);
            assertEquals(8, other.getPlain());
            v.setPlain(9);
            assertEquals(9, other.getOpaque());
            v.setOpaque(10);
            assertEquals(10, other.getAcquire());
            v.setRelease(11);
            assertEquals(11, other.get());
            assertTrue(other.compareAndSet(11, 12));
            assertFalse(other.compareAndSet(11, 13));
            assertEquals(12, v.compareAndExchange(0, 1));
            assertEquals(12, v.getAndSet(20));
            assertEquals(20, v.getAndAdd(5));
            assertEquals(30, v.addAndGet(5));
            assertEquals(31, v.incrementAndGet());
            assertEquals(30, v.decrementAndGet());
            assertEquals(30, v.getAndIncrement());
            assertEquals(31, v.getAndDecrement());
            assertEquals(30, v.getAndUpdate(x -> x * 2));
            assertEquals(61, v.updateAndGet(x -> x + 1));
            assertEquals(64, v.accumulateAndGet(3, Integer::sum));
            v.set(Integer.MAX_VALUE);
            assertEquals(Integer.MIN_VALUE, v.incrementAndGet(), "wraps like AtomicInteger");
            assertEquals("-2147483648", v.toString());
        }
    }

    @Test
    void unsignedTypecodesKeepTheBitsAndPrintUnsigned() {
        try (SharedInt u32 = SharedInt.create(ns, "u32", 'I', -1);
             SharedShort u16 = SharedShort.create(ns, "u16", 'H', (short) -1);
             SharedByte u8 = SharedByte.create(ns, "u8", 'B', (byte) -1);
             SharedLong u64 = SharedLong.create(ns, "u64", 'Q', -1)) {
            assertEquals(4294967295L, u32.getUnsigned());
            assertEquals("4294967295", u32.toString());
            assertEquals(65535, u16.getUnsigned());
            assertEquals("65535", u16.toString());
            assertEquals(255, u8.getUnsigned());
            assertEquals("255", u8.toString());
            assertEquals("18446744073709551615", u64.toString());
            assertEquals('I', SharedInt.attach(ns, "u32").typecode(), "attach accepts either signedness");
        }
    }

    @Test
    void shortAndByteAtomicsWrapWithinTheirWidth() {
        try (SharedShort s = SharedShort.create(ns, "s", Short.MAX_VALUE);
             SharedByte b = SharedByte.create(ns, "b", Byte.MAX_VALUE)) {
            assertEquals(Short.MIN_VALUE, s.incrementAndGet());
            assertTrue(s.compareAndSet(Short.MIN_VALUE, (short) 5));
            assertFalse(s.compareAndSet(Short.MIN_VALUE, (short) 6));
            assertEquals(5, s.getAndSet((short) -3));
            assertEquals(-3, s.getAndAdd((short) 1));
            assertEquals(-4, s.updateAndGet(x -> x * 2));
            assertEquals(Byte.MIN_VALUE, b.incrementAndGet());
            assertEquals(Byte.MIN_VALUE, b.compareAndExchange((byte) 0, (byte) 1));
            assertEquals(Byte.MIN_VALUE, b.getAndSet((byte) 1));
            assertEquals(1, b.getAndAdd((byte) -2));
            assertEquals(-1, b.get());
            assertEquals(-1, b.getAcquire());
        }
    }

    @Test
    void byteStringCharacterPrintsAsTheCharacter() {
        try (SharedByte c = SharedByte.create(ns, "c", 'c', (byte) 'x')) {
            assertEquals("x", c.toString());
            assertEquals('c', c.typecode());
        }
    }

    @Test
    void subWordAtomicsUnderContentionLoseNothing() throws Exception {
        try (SharedByte b = SharedByte.create(ns, "b", (byte) 0);
             SharedShort s = SharedShort.create(ns, "s", (short) 0);
             SharedBoolean flag = SharedBoolean.create(ns, "flag", false)) {
            int[] claims = new int[1];
            Concurrently.run(4, 100_000, () -> {
                b.incrementAndGet();
                s.incrementAndGet();
                if (flag.compareAndSet(false, true)) {
                    synchronized (claims) {
                        claims[0]++;
                    }
                    assertTrue(flag.compareAndSet(true, false));
                }
            });
            assertEquals((byte) 400_000, b.get(), "exact modulo 256");
            assertEquals((short) 400_000, s.get(), "exact modulo 65536");
            assertFalse(flag.get());
            assertTrue(claims[0] > 0);
        }
    }

    @Test
    void floatingPointAtomicsCompareBits() {
        try (SharedDouble d = SharedDouble.create(ns, "d", -0.0); SharedFloat f = SharedFloat.create(ns, "f", 'f', Float.NaN)) {
            assertFalse(d.compareAndSet(0.0, 1.0), "-0.0 does not match 0.0");
            assertTrue(d.compareAndSet(-0.0, 1.5));
            assertEquals(1.5, d.getAndAdd(2.0));
            assertEquals(5.5, d.addAndGet(2.0));
            assertEquals(11.0, d.updateAndGet(x -> x * 2));
            assertEquals(11.0, d.getAndSet(Double.NaN));
            assertTrue(d.compareAndSet(Double.NaN, 0.25), "a NaN matches the same NaN");
            d.setPlain(1);
            d.setOpaque(2);
            assertEquals(2.0, d.getOpaque());
            d.setRelease(3);
            assertEquals(3.0, d.getAcquire());
            assertEquals(3.0, d.getPlain());
            assertEquals(4.0, d.accumulateAndGet(1.0, Double::sum));
            assertEquals("4.0", d.toString());

            assertTrue(Float.isNaN(f.get()));
            assertTrue(f.compareAndSet(Float.NaN, 0.1f));
            assertEquals(0.1f + 0.2f, f.addAndGet(0.2f), "float arithmetic, not double");
            assertEquals('f', f.typecode());
            assertEquals('d', SharedDouble.attach(ns, "d").typecode());
        }
    }

    @Test
    void doubleAddUnderContentionLosesNothing() throws Exception {
        try (SharedDouble d = SharedDouble.create(ns, "d", 0)) {
            Concurrently.run(4, 50_000, () -> d.addAndGet(1.0));
            assertEquals(200_000.0, d.get());
        }
    }

    @Test
    void booleanAndChar() {
        try (SharedBoolean b = SharedBoolean.create(ns, "b", '?', false); SharedChar c = SharedChar.create(ns, "c", 'é')) {
            assertFalse(b.getAndSet(true));
            assertTrue(b.get());
            b.setPlain(false);
            assertFalse(b.getPlain());
            b.setOpaque(true);
            assertTrue(b.getOpaque());
            b.setRelease(false);
            assertFalse(b.getAcquire());
            assertEquals("false", b.toString());

            assertEquals('é', c.get());
            assertTrue(c.compareAndSet('é', 0x1F642));
            assertEquals("\uD83D\uDE42", c.toString(), "a code point beyond the BMP");
            assertEquals(0x1F642, c.getAndSet('a'));
            c.setRelease('b');
            assertEquals('b', c.getAcquire());
            assertEquals('b', c.getPlain());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.set(0x110000));
            assertTrue(e.getMessage().contains("0x110000"), e.getMessage());
            assertEquals('u', c.typecode());
        }
    }

    @Test
    void openCreatesOnceThenAttaches() {
        try (SharedInt a = SharedInt.open(ns, "n", 1); SharedInt b = SharedInt.open(ns, "n", 2);
             SharedDouble d = SharedDouble.open(ns, "d", 1.5); SharedBoolean f = SharedBoolean.open(ns, "f", true);
             SharedChar c = SharedChar.open(ns, "c", 'x'); SharedShort s = SharedShort.open(ns, "s", (short) 3);
             SharedByte y = SharedByte.open(ns, "y", (byte) 4); SharedFloat g = SharedFloat.open(ns, "g", 2f)) {
            assertTrue(a.isCreator());
            assertFalse(b.isCreator());
            assertEquals(1, b.get());
            assertEquals(1.5, d.get());
            assertTrue(f.get());
            assertEquals('x', c.get());
            assertEquals(3, s.get());
            assertEquals(4, y.get());
            assertEquals(2f, g.get());
        }
    }

    @Test
    void wrongTypecodesAndTypesAreRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedInt.create(ns, "x", 'd', 1));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("SharedInt") && e.getMessage().contains("'i', 'I'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedInt.create(ns, "x", 'u', 1), "'u' is SharedChar's");
        e = assertThrows(IllegalArgumentException.class, () -> SharedDouble.create(ns, "x", 'z', 1));
        assertTrue(e.getMessage().contains("unknown typecode 'z'"), e.getMessage());
        assertFalse(ns.exists("x"));

        try (SharedDouble d = SharedDouble.create(ns, "d", 1)) {
            IncompatibleObjectException wrong = assertThrows(IncompatibleObjectException.class, () -> SharedLong.attach(ns, "d"));
            assertTrue(wrong.getMessage().contains("float64") && wrong.getMessage().contains("int64"), wrong.getMessage());
            assertThrows(IncompatibleObjectException.class, () -> SharedIntArray.attach(ns, "d"));
            assertEquals(1.0, d.get(), "still usable");
        }
        assertThrows(ObjectNotFoundException.class, () -> SharedInt.attach(ns, "missing"));
    }

    @Test
    void useAfterCloseIsRefused() {
        SharedInt i = SharedInt.create(ns, "i", 1);
        SharedDouble d = SharedDouble.create(ns, "d", 1);
        SharedBoolean b = SharedBoolean.create(ns, "b", true);
        SharedByte y = SharedByte.create(ns, "y", (byte) 1);
        i.close();
        d.close();
        b.close();
        y.close();
        assertThrows(ClosedObjectException.class, i::get);
        assertThrows(ClosedObjectException.class, () -> i.compareAndSet(1, 2));
        assertThrows(ClosedObjectException.class, () -> d.addAndGet(1));
        assertThrows(ClosedObjectException.class, () -> b.compareAndSet(true, false));
        assertThrows(ClosedObjectException.class, y::incrementAndGet);
        assertEquals(List.of(), ns.objectNames(), "closing the creators unlinked every value");
    }
}

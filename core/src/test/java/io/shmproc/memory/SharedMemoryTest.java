package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.InvalidObjectException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw named regions in one JVM: names, sizes, close versus unlink, serialisation by name. */
class SharedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void twoHandlesOfOneNameShareTheBytesAsSegmentAndAsBuffer() {
        try (SharedMemory created = SharedMemory.create(dir, "frames", 100).unlinkOnClose();
             SharedMemory attached = SharedMemory.attach(dir, "frames")) {
            assertEquals("frames", created.name());
            assertEquals(100, created.size());
            assertEquals(100, attached.size());
            assertTrue(created.isCreator());
            assertFalse(attached.isCreator());
            assertEquals(dir.resolve("frames"), attached.path());
            for (int i = 0; i < 100; i++) {
                assertEquals(0, attached.segment().get(ValueLayout.JAVA_BYTE, i), "a new region is zeros");
            }
            created.segment().set(ValueLayout.JAVA_INT, 8, 0x01020304);
            ByteBuffer buffer = attached.buffer();
            assertEquals(ByteOrder.nativeOrder(), buffer.order());
            assertEquals(100, buffer.capacity());
            assertEquals(0x01020304, buffer.getInt(8));
            buffer.put(99, (byte) 7);
            assertEquals(7, created.segment().get(ValueLayout.JAVA_BYTE, 99));
            assertNotSame(buffer, attached.buffer(), "each call is a fresh view with its own position");
        }
        assertEquals(List.of(), TestNamespaces.contents(dir), "unlinkOnClose removed the file");
    }

    @Test
    void theFileIsOwnerOnlyAndHasExactlyTheSize() throws Exception {
        try (SharedMemory shm = SharedMemory.create(dir, "x", 12345).unlinkOnClose()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shm.path())));
            assertEquals(12345, Files.size(shm.path()));
            assertEquals(List.of(shm.path()), TestNamespaces.contents(dir), "no temporary file is left beside it");
        }
    }

    @Test
    void creatingATakenNameFailsAndLeavesTheRegionAlone() {
        try (SharedMemory first = SharedMemory.create(dir, "taken", 16).unlinkOnClose()) {
            first.segment().set(ValueLayout.JAVA_LONG, 0, 42L);
            ObjectExistsException e = assertThrows(ObjectExistsException.class, () -> SharedMemory.create(dir, "taken", 64));
            assertTrue(e.getMessage().contains("'taken' already exists") && e.getMessage().contains("attach"), e.getMessage());
            assertEquals(42L, first.segment().get(ValueLayout.JAVA_LONG, 0));
            assertEquals(16, SharedMemory.attach(dir, "taken").size());
        }
    }

    @Test
    void attachingAMissingNameFailsAndCreatesNothing() {
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> SharedMemory.attach(dir, "nope"));
        assertTrue(e.getMessage().contains("no shared memory 'nope'") && e.getMessage().contains("create it first"),
                e.getMessage());
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }

    @Test
    void badNamesAreRefusedSayingWhatIsAllowed() {
        for (String bad : List.of("", ".", "..", "a/b", "/frames", "back\\slash", "tab\tname", "x".repeat(256))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharedMemory.create(dir, bad, 8), bad);
            assertTrue(e.getMessage().contains("1 to 255 bytes of UTF-8"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach(dir, bad), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(dir, "/frames", 8))
                .getMessage().contains("drop the leading '/'"));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(dir, null, 8));
        try (SharedMemory longest = SharedMemory.create(dir, "y".repeat(255), 8).unlinkOnClose()) {
            assertEquals(255, longest.name().length());
        }
        assertEquals(List.of(), TestNamespaces.contents(dir), "nothing was created for a refused name");
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused() {
        for (long size : new long[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharedMemory.create(dir, "empty", size));
            assertTrue(e.getMessage().contains(size + " bytes") && e.getMessage().contains("positive size"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(dir, size));
        }
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }

    @Test
    void anAnonymousRegionGetsARandomNameOfPythonsForm() {
        try (SharedMemory a = SharedMemory.create(dir, 8).unlinkOnClose();
             SharedMemory b = SharedMemory.create(dir, 8).unlinkOnClose()) {
            assertTrue(a.name().matches("psm_[0-9a-f]{8}"), a.name());
            assertFalse(a.name().equals(b.name()));
            assertEquals(8, SharedMemory.attach(dir, a.name()).size());
        }
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }

    @Test
    void closeUnmapsOnlyThisViewAndNeverRemovesTheRegion() {
        SharedMemory created = SharedMemory.create(dir, "kept", 8);
        var segment = created.segment();
        ByteBuffer buffer = created.buffer();
        segment.set(ValueLayout.JAVA_LONG, 0, 5L);
        created.close();
        created.close(); // idempotent
        assertTrue(created.isClosed());
        assertThrows(ClosedObjectException.class, created::segment);
        assertThrows(ClosedObjectException.class, created::buffer);
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_LONG, 0), "unmapped, never touched");
        assertThrows(IllegalStateException.class, () -> buffer.getLong(0));
        try (SharedMemory again = SharedMemory.attach(dir, "kept")) {
            assertEquals(5L, again.segment().get(ValueLayout.JAVA_LONG, 0), "the creator's close left the region");
        }
        assertTrue(Files.exists(dir.resolve("kept")), "an attacher's close never removes it either");
        assertTrue(created.unlink(), "unlink works on a closed handle: it only needs the name");
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }

    @Test
    void unlinkRemovesTheNameWhileEveryMappingStaysValid() {
        try (SharedMemory created = SharedMemory.create(dir, "gone", 8);
             SharedMemory attached = SharedMemory.attach(dir, "gone")) {
            assertTrue(attached.unlink(), "any handle may unlink");
            assertFalse(created.unlink(), "the name is already gone");
            assertThrows(ObjectNotFoundException.class, () -> SharedMemory.attach(dir, "gone"));
            created.segment().set(ValueLayout.JAVA_LONG, 0, 9L);
            assertEquals(9L, attached.segment().get(ValueLayout.JAVA_LONG, 0), "both mappings still share the bytes");
            try (SharedMemory successor = SharedMemory.create(dir, "gone", 16)) {
                assertEquals(0L, successor.segment().get(ValueLayout.JAVA_LONG, 0), "a new region, not the old one");
                assertFalse(created.unlink(), "an old handle never unlinks the name's new region");
                assertTrue(Files.exists(successor.path()));
                assertTrue(successor.unlink());
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }

    @Test
    void aHandleSerialisesByNameAndReadingItAttachesTheSameBytes() throws Exception {
        try (SharedMemory created = SharedMemory.create(dir, "ref", 64).unlinkOnClose()) {
            byte[] bytes = Serialisation.write(created);
            assertTrue(bytes.length < 512, "a name, not the memory: " + bytes.length + " bytes");
            try (SharedMemory copy = (SharedMemory) Serialisation.read(bytes)) {
                assertFalse(copy.isCreator());
                assertEquals(64, copy.size());
                copy.segment().set(ValueLayout.JAVA_LONG, 0, 77L);
                assertEquals(77L, created.segment().get(ValueLayout.JAVA_LONG, 0));
            }
            created.unlink();
            InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> Serialisation.read(bytes));
            assertInstanceOf(ObjectNotFoundException.class, e.getCause());
            assertTrue(e.getMessage().contains("'ref'") && e.getMessage().contains("outlive"), e.getMessage());
        }
        SharedMemory closed = SharedMemory.create(dir, "closed", 8);
        closed.close();
        assertThrows(ClosedObjectException.class, () -> Serialisation.write(closed), "a closed handle may name a gone region");
        assertTrue(closed.unlink());
    }
}

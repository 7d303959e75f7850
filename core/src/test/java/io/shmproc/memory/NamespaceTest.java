package io.shmproc.memory;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.testing.TestNamespaces;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
    private static final ObjectType LONG = new ObjectType("VALU", "int64");
    private static final ObjectType DOUBLE = new ObjectType("VALU", "float64");
    private static final Consumer<MemorySegment> NOTHING = p -> { };

    @TempDir
    Path root;

    private Namespace open(String name) {
        return Namespace.builder(name).directory(root).open();
    }

    @Test
    void createsPrivateDirectoryAndFiles() throws IOException {
        try (Namespace ns = open("perm")) {
            ns.create("big", LONG, 1 << 20, NOTHING); // large: a file of its own
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ns.directory())));
            try (var files = Files.list(ns.directory())) {
                for (Path f : files.toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }
        }
    }

    @Test
    void createThenAttachSeesTheSameMemory() {
        try (Namespace a = open("share"); Namespace b = open("share")) {
            Region created = a.create("counter", LONG, 8, p -> p.set(JAVA_LONG, 0, 41L));
            Region attached = b.attach("counter", LONG);
            assertEquals(41L, attached.payload().get(JAVA_LONG, 0));
            created.payload().set(JAVA_LONG, 0, 42L);
            assertEquals(42L, attached.payload().get(JAVA_LONG, 0));
            assertTrue(created.isCreator());
            assertFalse(attached.isCreator());
            assertNotEquals(a.self().slot(), b.self().slot());
            assertEquals(0, created.payload().address() % 64, "payload is cache-line aligned");
        }
    }

    @Test
    void openCreatesOnceAndAttachesAfterwards() {
        try (Namespace ns = open("open")) {
            Region first = ns.open("x", LONG, 8, p -> p.set(JAVA_LONG, 0, 1L));
            Region second = ns.open("x", LONG, 8, p -> p.set(JAVA_LONG, 0, 2L));
            assertTrue(first.isCreator());
            assertFalse(second.isCreator());
            assertEquals(1L, second.payload().get(JAVA_LONG, 0));
        }
    }

    @Test
    void attachWithAnotherTypeNamesBothTypes() {
        try (Namespace ns = open("types")) {
            ns.create("counter", LONG, 8, NOTHING);
            IncompatibleObjectException e = assertThrows(IncompatibleObjectException.class, () -> ns.attach("counter", DOUBLE));
            assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("float64"), e.getMessage());
            assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
        }
    }

    @Test
    void attachAcceptsAnyOfSeveralTypes() {
        try (Namespace ns = open("types2")) {
            ns.create("counter", DOUBLE, 8, NOTHING);
            Region r = ns.attach("counter", LONG, DOUBLE);
            assertEquals(DOUBLE, r.type());
        }
    }

    @Test
    void missingAndDuplicateNamesAreReported() {
        try (Namespace ns = open("names")) {
            ObjectNotFoundException missing = assertThrows(ObjectNotFoundException.class, () -> ns.attach("nope", LONG));
            assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains("create it first"),
                    missing.getMessage());
            ns.create("x", LONG, 8, NOTHING);
            ObjectExistsException dup = assertThrows(ObjectExistsException.class, () -> ns.create("x", LONG, 8, NOTHING));
            assertTrue(dup.getMessage().contains("'x'") && dup.getMessage().contains("VALU 'int64'"), dup.getMessage());
            assertTrue(ns.exists("x"));
            assertFalse(ns.exists("y"));
            assertEquals(List.of("x"), ns.objectNames());
        }
    }

    @Test
    void badNamesAndSizesAreRejectedWithReasons() {
        try (Namespace ns = open("bad")) {
            assertMessage(IllegalArgumentException.class, () -> ns.create("a/b", LONG, 8, NOTHING), "path separator");
            assertMessage(IllegalArgumentException.class, () -> ns.create("a\\b", LONG, 8, NOTHING), "path separator");
            assertMessage(IllegalArgumentException.class, () -> ns.create("", LONG, 8, NOTHING), "empty");
            assertMessage(IllegalArgumentException.class, () -> ns.create(".hidden", LONG, 8, NOTHING), "starts with '.'");
            assertMessage(IllegalArgumentException.class, () -> ns.create("x".repeat(129), LONG, 8, NOTHING), "limit is 128");
            assertMessage(IllegalArgumentException.class, () -> ns.create("tab\there", LONG, 8, NOTHING), "control character");
            assertMessage(IllegalArgumentException.class, () -> ns.create("neg", LONG, -1, NOTHING), "-1 bytes");
            assertMessage(IllegalArgumentException.class, () -> Namespace.builder("x/../escape"), "path separator");
            assertEquals(List.of(), ns.objectNames(), "nothing was created by bad calls");
        }
    }

    @Test
    void objectLargerThanTheFileSystemIsRefusedAndLeavesNothing() throws IOException {
        try (Namespace ns = open("full")) {
            long tooBig = Files.getFileStore(root).getUsableSpace() + (1L << 30);
            InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                    () -> ns.create("huge", LONG, tooBig, NOTHING));
            assertTrue(e.getMessage().contains(ns.directory().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("directory(path)"), e.getMessage());
            assertFalse(ns.exists("huge"));
            assertFalse(Files.exists(ns.directory().resolve("huge.shm")));
            ns.create("small", LONG, 8, NOTHING); // still usable
        }
    }

    @Test
    void directoryFullIsReportedAndRecoversAfterUnlink() {
        try (Namespace ns = Namespace.builder("cap").directory(root).maxObjects(3).open()) {
            Region v0 = ns.create("v0", LONG, 8, NOTHING);
            ns.create("v1", LONG, 8, NOTHING);
            ns.create("v2", LONG, 8, NOTHING);
            assertMessage(InsufficientSpaceException.class, () -> ns.create("v3", LONG, 8, NOTHING), "maxObjects");
            assertTrue(ns.unlink("v0"));
            assertMessage(InsufficientSpaceException.class, () -> ns.create("v3", LONG, 8, NOTHING), "maxObjects");
            v0.close(); // the unlinked block is no longer mapped anywhere: its entry is free again
            ns.create("v3", LONG, 8, NOTHING);
        }
    }

    @Test
    void blocksOfUnsharedObjectsAreReused() {
        try (Namespace ns = Namespace.builder("reuse").directory(root).arenaBytes(1 << 20).maxObjects(16).maxProcesses(4)
                .arenaBytes(64 << 10).open()) {
            for (int i = 0; i < 10_000; i++) {
                try (Region r = ns.create("tmp", LONG, 1024, NOTHING)) {
                    assertEquals(0L, r.payload().get(JAVA_LONG, 0), "a reused block starts zeroed");
                    r.payload().set(JAVA_LONG, 0, i);
                }
            }
            assertEquals(List.of(), ns.objectNames());
        }
    }

    @Test
    void largeObjectsLiveInTheirOwnFile() {
        try (Namespace ns = open("large")) {
            Region big = ns.create("big", LONG, 1 << 20, p -> p.set(JAVA_LONG, (1 << 20) - 8, 7L));
            assertTrue(Files.exists(ns.directory().resolve("big.shm")));
            try (Namespace other = open("large")) {
                assertEquals(7L, other.attach("big", LONG).payload().get(JAVA_LONG, (1 << 20) - 8));
            }
            big.close();
            assertFalse(Files.exists(ns.directory().resolve("big.shm")), "creator's close unlinks");
        }
    }

    @Test
    void keptObjectsOutliveTheirCreatorUntilUnlinked() {
        try (Namespace ns = open("keep")) {
            ns.create("config", LONG, 8, p -> p.set(JAVA_LONG, 0, 99L)).keep();
            ns.create("temp", LONG, 8, NOTHING);
        }
        try (Namespace ns = open("keep")) {
            assertEquals(List.of("config"), ns.objectNames());
            assertEquals(99L, ns.attach("config", LONG).payload().get(JAVA_LONG, 0));
            assertTrue(ns.unlink("config"));
        }
        assertEquals(List.of(), TestNamespaces.contents(root), "the last close removes everything");
    }

    @Test
    @SuppressWarnings("try") // closing a early, inside its try, is the point
    void nothingRemainsAfterTheLastClose() {
        Path dir;
        try (Namespace a = open("clean"); Namespace b = open("clean")) {
            dir = a.directory();
            a.create("small", LONG, 8, NOTHING);
            a.create("big", LONG, 1 << 20, NOTHING);
            b.attach("small", LONG);
            b.create("mine", LONG, 8, NOTHING);
            a.close();
            assertTrue(Files.isDirectory(dir), "b still uses the namespace");
            assertFalse(b.exists("small"), "a unlinked what it created");
            assertTrue(b.exists("mine"));
        }
        assertFalse(Files.exists(dir));
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void defaultDirectoryIsUnderDevShm() {
        String name = TestNamespaces.unique("default");
        Path dir;
        try (Namespace ns = Namespace.open(name)) {
            dir = ns.directory();
            assertEquals(Namespace.defaultRoot().resolve(name), dir);
            if (Files.isDirectory(Path.of("/dev/shm"))) {
                assertTrue(dir.startsWith("/dev/shm"), dir.toString());
            }
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void useAfterCloseIsASpecificError() {
        Namespace ns = open("closed");
        Region r = ns.create("x", LONG, 8, NOTHING);
        r.close();
        assertMessage(ClosedObjectException.class, r::payload, "'x'");
        Region s = ns.create("y", LONG, 8, NOTHING);
        ns.close();
        assertTrue(s.isClosed(), "closing a namespace closes its objects");
        assertMessage(ClosedObjectException.class, s::payload, "'y'");
        assertMessage(ClosedObjectException.class, () -> ns.create("z", LONG, 8, NOTHING), "namespace");
        assertMessage(ClosedObjectException.class, () -> ns.attach("y", LONG), "namespace");
        ns.close(); // idempotent
    }

    @Test
    void foreignOrNewerArenaFilesAreRefused() throws IOException {
        Path dir = root.resolve("foreign");
        Files.createDirectories(dir);
        Files.write(dir.resolve(".arena"), new byte[4096]); // zeros: looks unpublished, so it is reformatted
        try (Namespace ns = Namespace.builder("foreign").directory(root).open()) {
            ns.create("ok", LONG, 8, NOTHING);
        }

        Files.createDirectories(dir);
        byte[] junk = new byte[4096];
        junk[12] = 1; // "initialised", but no magic
        Files.write(dir.resolve(".arena"), junk);
        assertMessage(IncompatibleObjectException.class, () -> Namespace.builder("foreign").directory(root).open(),
                "not a shmproc namespace file");

        try (Namespace ns = Namespace.builder("newer").directory(root).open()) {
            // Pretend a future library version wrote this namespace.
            try (var ch = java.nio.channels.FileChannel.open(ns.directory().resolve(".arena"),
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 99), 8);
            }
            assertMessage(IncompatibleObjectException.class, () -> Namespace.builder("newer").directory(root).open(),
                    "format version 99");
        }
    }

    @Test
    void creatorFailingInItsInitializerLeavesNoObject() {
        try (Namespace ns = open("initfail")) {
            assertThrows(IllegalStateException.class, () -> ns.create("x", LONG, 8, p -> {
                throw new IllegalStateException("boom");
            }));
            assertFalse(ns.exists("x"));
            ns.create("x", LONG, 8, p -> p.set(JAVA_INT, 0, 1));
        }
    }

    @Test
    void processTableTellsLiveFromClosed() {
        try (Namespace a = open("table")) {
            Namespace b = open("table");
            ProcessId bId = b.self();
            assertTrue(a.processes().isAlive(bId));
            b.close();
            assertFalse(a.processes().isAlive(bId));
            assertTrue(a.processes().isAlive(a.self()));
            try (Namespace c = open("table")) {
                assertEquals(bId.slot(), c.self().slot(), "the freed slot is reused");
                assertEquals(bId.generation() + 1, c.self().generation());
                assertFalse(a.processes().isAlive(bId), "a new occupant does not revive the old attachment");
                assertTrue(a.processes().isAlive(c.self()));
            }
        }
    }

    static void assertMessage(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call, String part) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(part), "message '" + e.getMessage()
                + "' should contain '" + part + "'");
    }
}

package io.shmproc.memory;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.testing.TestNamespaces;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NamespaceView}: what it reports, and that looking leaves no trace. */
class NamespaceViewTest {
    private static final ObjectType LONG = new ObjectType("VALU", "int64");
    private static final ObjectType BLOB = new ObjectType("BLOB", "raw");
    private static final Consumer<MemorySegment> NOTHING = p -> { };

    @TempDir
    Path root;

    private Namespace open(String name) {
        return Namespace.builder(name).directory(root).open();
    }

    @Test
    void listsObjectsWithKindsAndSizesAndTakesNoProcessSlot() {
        try (Namespace ns = open("seen")) {
            Region small = ns.create("counter", LONG, 8, p -> p.set(JAVA_LONG, 0, 41L));
            ns.create("big", BLOB, 1 << 20, NOTHING).keep();
            List<ProcessInfo> before = ns.processes().attached();
            List<Path> files = TestNamespaces.contents(root);
            try (NamespaceView view = NamespaceView.open(root, "seen")) {
                assertEquals("seen", view.name());
                assertEquals(ns.directory(), view.directory());
                assertEquals(List.of("counter", "big"), view.objects().stream().map(ObjectInfo::name).toList());
                ObjectInfo counter = view.object("counter");
                assertEquals(new ObjectInfo("counter", "VALU", "int64", 8, 192, false, false, ns.self(), true, null), counter);
                ObjectInfo big = view.object("big");
                assertEquals("BLOB", big.kind());
                assertEquals(1 << 20, big.payloadBytes());
                assertEquals((1 << 20) + 128, big.bytes(), "its own file");
                assertTrue(big.external() && big.kept());
                assertEquals(before, view.processes());
                assertTrue(view.isAlive(ns.self()) && view.anyAlive());
                assertEquals(List.of(), view.strayFiles());

                MemorySegment payload = view.payload(counter);
                assertEquals(41L, payload.get(JAVA_LONG, 0));
                small.payload().set(JAVA_LONG, 0, 42L);
                assertEquals(42L, payload.get(JAVA_LONG, 0), "payloads are read live");
                assertThrows(IllegalArgumentException.class, () -> payload.set(JAVA_LONG, 0, 0L), "read-only");
            }
            assertEquals(before, ns.processes().attached(), "looking took a process slot");
            assertEquals(files, TestNamespaces.contents(root), "looking made or removed a file");
            ns.unlink("big");
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void missingOrForeignNamespacesAreRefusedWithoutMakingAnyFile() throws Exception {
        ObjectNotFoundException missing = assertThrows(ObjectNotFoundException.class, () -> NamespaceView.open(root, "none"));
        assertTrue(missing.getMessage().startsWith("no namespace 'none' in " + root), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NamespaceView.open(root, "a/b"));

        Path noLock = Files.createDirectory(root.resolve("photos"));
        IncompatibleObjectException notOurs = assertThrows(IncompatibleObjectException.class, () -> NamespaceView.open(root, "photos"));
        assertTrue(notOurs.getMessage().contains("has no .lock file, so it is not a shmproc namespace"), notOurs.getMessage());
        assertEquals(List.of(), TestNamespaces.contents(noLock), "looking created a lock file");

        Path foreign = Files.createDirectory(root.resolve("foreign"));
        Files.createFile(foreign.resolve(".lock"));
        Files.write(foreign.resolve(".arena"), new byte[4096]);
        Files.write(foreign.resolve(".arena"), "not an arena".getBytes(), StandardOpenOption.WRITE);
        IncompatibleObjectException wrongMagic = assertThrows(IncompatibleObjectException.class, () -> NamespaceView.open(root, "foreign"));
        assertTrue(wrongMagic.getMessage().contains("is not a shmproc namespace file"), wrongMagic.getMessage());

        Files.write(foreign.resolve(".arena"), new byte[10]);
        IncompatibleObjectException unformatted = assertThrows(IncompatibleObjectException.class, () -> NamespaceView.open(root, "foreign"));
        assertTrue(unformatted.getMessage().contains("has no formatted arena: its creator died while creating it"), unformatted.getMessage());
        assertEquals(List.of("foreign", "photos"), NamespaceView.namespaces(root));
    }

    @Test
    void aDamagedHeaderAndAStrayFileAreReportedNotThrown() throws Exception {
        try (Namespace ns = open("damaged")) {
            ns.create("big", BLOB, 1 << 20, NOTHING);
            try (FileChannel file = FileChannel.open(ns.directory().resolve("big.shm"), StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap(new byte[] {'J', 'U', 'N', 'K'}), 0);
            }
            Path stray = Files.writeString(ns.directory().resolve("stray.shm"), "x");
            try (NamespaceView view = NamespaceView.open(root, "damaged")) {
                ObjectInfo big = view.object("big");
                assertFalse(big.isReadable());
                assertEquals(ObjectInfo.UNKNOWN_KIND, big.kind());
                assertTrue(big.problem().startsWith("does not start with a shmproc header"), big.problem());
                IncompatibleObjectException e = assertThrows(IncompatibleObjectException.class, () -> view.payload(big));
                assertTrue(e.getMessage().startsWith("object 'big' in namespace 'damaged' does not start"), e.getMessage());
                assertEquals(List.of(stray), view.strayFiles());
                ObjectNotFoundException notAnObject = assertThrows(ObjectNotFoundException.class, () -> view.object("stray.shm"));
                assertTrue(notAnObject.getMessage().contains(stray + " is there but is not a shmproc object"), notAnObject.getMessage());
            }
            Files.delete(stray);
        }
    }
}

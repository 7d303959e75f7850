package io.shmproc.memory;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.testing.TestNamespaces;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NamespaceRemoval}: what it removes, what it refuses, and that processes using an object keep it. */
class NamespaceRemovalTest {
    private static final ObjectType LONG = new ObjectType("VALU", "int64");
    private static final ObjectType BLOB = new ObjectType("BLOB", "raw");
    private static final Consumer<MemorySegment> NOTHING = p -> { };

    @TempDir
    Path root;

    private Namespace open(String name) {
        return Namespace.builder(name).directory(root).open();
    }

    @Test
    void aNamespaceInUseIsRefusedAndKeptOnes() {
        try (Namespace ns = open("busy")) {
            ns.create("x", LONG, 8, NOTHING);
            NamespaceInUseException e = assertThrows(NamespaceInUseException.class, () -> NamespaceRemoval.delete(root, "busy", false));
            assertTrue(e.getMessage().startsWith("will not delete namespace 'busy': 1 live process is attached to it (pid "
                    + ProcessHandle.current().pid() + ")"), e.getMessage());
            assertEquals(OptionalLong.empty(), NamespaceRemoval.deleteIfAbandoned(root, "busy"));
            assertEquals(OptionalLong.empty(), NamespaceRemoval.abandonedBytes(root, "busy"));
            assertTrue(ns.exists("x"));
        }
        try (Namespace ns = open("kept")) {
            ns.create("x", LONG, 8, NOTHING).keep();
        }
        assertEquals(OptionalLong.empty(), NamespaceRemoval.deleteIfAbandoned(root, "kept"), "kept objects are not garbage");
        long bytes = NamespaceRemoval.delete(root, "kept", false);
        assertTrue(bytes >= 4 << 20, "the arena is counted: " + bytes);
        assertEquals(List.of(), TestNamespaces.contents(root));
        try (Namespace again = open("kept")) {
            assertEquals(List.of(), again.objectNames(), "a namespace opened after the delete starts empty");
        }
    }

    @Test
    void abandonedBytesCountsWhatDeleteFrees() throws Exception {
        Path dir = root.resolve("leftover");
        Files.createDirectories(dir);
        Files.write(dir.resolve(".lock"), new byte[0]);
        Files.write(dir.resolve(".arena"), new byte[40]); // a creator died before formatting it
        assertEquals(OptionalLong.of(40), NamespaceRemoval.abandonedBytes(root, "leftover"));
        assertTrue(Files.exists(dir.resolve(".arena")));
        assertEquals(OptionalLong.of(40), NamespaceRemoval.deleteIfAbandoned(root, "leftover"));
        assertFalse(Files.exists(dir));
        assertThrows(ObjectNotFoundException.class, () -> NamespaceRemoval.delete(root, "leftover", true));

        Files.createDirectories(dir);
        Files.write(dir.resolve(".lock"), new byte[0]);
        java.nio.ByteBuffer halfFormatted = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.nativeOrder());
        halfFormatted.putLong(0, ArenaLayout.MAGIC).putInt(8, ArenaLayout.FORMAT_VERSION); // died before the rest
        Files.write(dir.resolve(".arena"), halfFormatted.array());
        assertEquals(OptionalLong.of(4096), NamespaceRemoval.deleteIfAbandoned(root, "leftover"),
                "a creator that died while formatting left garbage");
        assertFalse(Files.exists(dir));
    }

    @Test
    void unlinkingAnObjectInUseLeavesItsUsersTheirMemory() {
        try (Namespace ns = open("shared")) {
            Region old = ns.create("a", LONG, 8, p -> p.set(JAVA_LONG, 0, 1L));
            Region file = ns.create("big", BLOB, 1 << 20, NOTHING);
            assertThrows(NamespaceInUseException.class, () -> NamespaceRemoval.unlink(root, "shared", "a", false));
            assertEquals(192, NamespaceRemoval.unlink(root, "shared", "a", true));
            assertFalse(ns.exists("a"));
            old.payload().set(JAVA_LONG, 0, 2L);
            Region fresh = ns.create("a", LONG, 8, p -> p.set(JAVA_LONG, 0, 10L));
            assertEquals(2L, old.payload().get(JAVA_LONG, 0), "the retired block was handed to another object");
            assertEquals(10L, fresh.payload().get(JAVA_LONG, 0));

            assertEquals((1 << 20) + 128, NamespaceRemoval.unlink(root, "shared", "big", true));
            assertFalse(Files.exists(ns.directory().resolve("big.shm")));
            assertFalse(ns.exists("big"));
            file.payload().get(JAVA_LONG, 0); // still mapped here
            ObjectNotFoundException none = assertThrows(ObjectNotFoundException.class,
                    () -> NamespaceRemoval.unlink(root, "shared", "big", true));
            assertTrue(none.getMessage().startsWith("no object 'big' in namespace 'shared'"), none.getMessage());
        }
        assertEquals(List.of(), TestNamespaces.contents(root), "closing the namespace still cleans up");
    }
}

package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.ByteArrayInputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References by name at the memory layer: the per-JVM namespace handle, and what fails how. */
class SharedReferenceTest {
    private static final ObjectType TYPE = new ObjectType("TEST", "int64");

    /** Attaches a raw region: the memory layer's own stand-in for a typed object. */
    record RegionAttacher(String kind, String descriptor) implements Attacher<Region> {
        @Override
        public Region attach(Namespace ns, String name) {
            return ns.attach(name, new ObjectType(kind, descriptor));
        }
    }

    /** Not an attacher of the library, and not on the list: a filter must refuse it. */
    record Smuggled(String payload) implements Serializable {}

    @TempDir
    Path root;

    private static SharedReference reference(Namespace ns, String name) {
        return SharedReference.of(ns, name, new RegionAttacher(TYPE.kind(), TYPE.descriptor()));
    }

    private static Region read(byte[] bytes) throws Exception {
        return (Region) Serialisation.read(bytes, RegionAttacher.class, Region.class); // a filter sees what readResolve returns too
    }

    @Test
    void aReferenceHoldsNamesAndAttachesTheSameMemory() throws Exception {
        String name = TestNamespaces.unique("ref");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Region counter = ns.create("counter", TYPE, Long.BYTES, p -> p.set(ValueLayout.JAVA_LONG, 0, 41L))) {
            SharedReference ref = reference(ns, "counter");
            assertEquals(root, ref.root());
            assertEquals(name, ref.namespaceName());
            assertEquals("counter", ref.name());
            byte[] bytes = Serialisation.write(ref);
            assertTrue(bytes.length < 1024, "names, not memory: " + bytes.length + " bytes");
            Region copy = read(bytes);
            assertNotSame(counter, copy);
            copy.payload().set(ValueLayout.JAVA_LONG, 0, 42L);
            assertEquals(42L, counter.payload().get(ValueLayout.JAVA_LONG, 0));
        } finally {
            ReferencedNamespaces.close(root, name);
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void everyReferenceToANamespaceIsAttachedThroughOneHandleOfItsOwn() throws Exception {
        String name = TestNamespaces.unique("ref");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Region a = ns.create("a", TYPE, Long.BYTES, p -> { });
             Region b = ns.create("b", TYPE, Long.BYTES, p -> { })) {
            long before = ReferencedNamespaces.openedCount();
            Region first = read(Serialisation.write(reference(ns, "a")));
            Region second = read(Serialisation.write(reference(ns, "b")));
            Region third = read(Serialisation.write(reference(ns, "a")));
            assertEquals(before + 1, ReferencedNamespaces.openedCount(), "deserialising three times opened one handle");
            assertSame(first.namespace(), second.namespace());
            assertSame(first.namespace(), third.namespace());
            assertNotSame(ns, first.namespace(), "the reference handle is not the user's");
            assertEquals(2, ns.processes().attached().stream().filter(ProcessInfo::alive).count(),
                    "the user's handle and the reference handle");

            try (Namespace another = Namespace.builder(name).directory(root).open()) {
                assertNotSame(another, first.namespace());
            } // closing a user handle leaves the reference handle, and what it attached, open
            assertFalse(first.isClosed());
            first.payload().set(ValueLayout.JAVA_LONG, 0, 7L);
            assertEquals(7L, a.payload().get(ValueLayout.JAVA_LONG, 0));

            assertTrue(ReferencedNamespaces.close(ns));
            assertTrue(first.isClosed() && second.isClosed(), "closing the reference handle closes what it attached");
            Region again = read(Serialisation.write(reference(ns, "a")));
            assertEquals(before + 2, ReferencedNamespaces.openedCount(), "a closed reference handle is reopened");
            assertFalse(again.isClosed());
        } finally {
            ReferencedNamespaces.close(root, name);
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aReferenceToANamespaceThatIsGoneFailsAndDoesNotRecreateIt() throws Exception {
        String name = TestNamespaces.unique("gone");
        byte[] bytes;
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Region r = ns.create("r", TYPE, Long.BYTES, p -> { })) {
            bytes = Serialisation.write(reference(ns, "r"));
        }
        assertEquals(List.of(), TestNamespaces.contents(root), "the last process removed the namespace");
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains("'r'") && e.getMessage().contains("namespace '" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("keep it open"), e.getMessage());
        assertInstanceOf(ObjectNotFoundException.class, e.getCause());
        assertEquals(List.of(), TestNamespaces.contents(root), "reading a reference never creates a namespace");
    }

    @Test
    void aReferenceToAnObjectOfAnotherKindFailsNamingBoth() throws Exception {
        String name = TestNamespaces.unique("kind");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Region r = ns.create("r", new ObjectType("OTHR", "x"), Long.BYTES, p -> { })) {
            InvalidObjectException e = assertThrows(InvalidObjectException.class,
                    () -> read(Serialisation.write(reference(ns, "r"))));
            assertInstanceOf(IncompatibleObjectException.class, e.getCause());
            assertTrue(e.getMessage().contains("OTHR") && e.getMessage().contains("TEST"), e.getMessage());
        } finally {
            ReferencedNamespaces.close(root, name);
        }
    }

    @Test
    void theAllowListNamesRealClassesAndItsFiltersRefuseEverythingElse() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        for (String className : SharedReference.classesToAllow()) {
            Class.forName(className, false, loader); // throws if the list names a class that does not exist
        }
        String name = TestNamespaces.unique("filter");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Region r = ns.create("r", TYPE, Long.BYTES, p -> { })) {
            byte[] bytes = Serialisation.write(reference(ns, "r"));
            ObjectInputFilter pattern = ObjectInputFilter.Config.createFilter(SharedReference.filterPattern() + ";"
                    + RegionAttacher.class.getName() + ";" + Region.class.getName() + ";!*");
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                in.setObjectInputFilter(pattern);
                assertInstanceOf(Region.class, in.readObject(), "the pattern admits what the reference holds");
            }
            assertThrows(InvalidClassException.class, () -> Serialisation.read(Serialisation.write(new Smuggled("x"))));
            assertThrows(InvalidClassException.class, () -> Serialisation.read(bytes), "its attacher is not admitted");
        } finally {
            ReferencedNamespaces.close(root, name);
        }
    }
}

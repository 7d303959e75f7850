package io.shmproc.memory;

import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A shared object as Java serialisation writes it: by name. It holds the namespace's root directory and
 * name, the object's name, and an {@link Attacher}; nothing of the object's memory. Deserialising it, in
 * this JVM or another, attaches the existing object through this JVM's {@link ReferencedNamespaces}
 * handle of the namespace, and the stream gets that handle in its place.
 *
 * <p>Every shared object, queue, pipe and connection of shmproc serialises to one of these (through
 * {@code writeReplace}), so a {@code Serializable} lambda that captures them can run in a child JVM:
 *
 * <pre>{@code
 * SharedLong hits = SharedLong.create(ns, "hits", 0);
 * byte[] bytes = serialise(hits);                      // a few hundred bytes: names, not memory
 * // ... in any process of this machine, while "hits" exists:
 * ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes));
 * in.setObjectInputFilter(SharedReference.filter());
 * SharedLong same = (SharedLong) in.readObject();      // attached by name
 * same.incrementAndGet();                              // the creator sees it
 * }</pre>
 *
 * <p>The object must still exist when the reference is read: keep it open in some process (or
 * {@code keep()} it) until every receiver has attached it. Otherwise reading fails with an
 * {@link InvalidObjectException} naming the namespace and the object.
 *
 * <p><b>Filters.</b> A stream with an {@link ObjectInputFilter} allow-list must admit the classes of
 * {@link #classesToAllow()} (or {@link #filterPattern()}): the reference, the library's attachers and
 * codecs, and the handle classes that reading resolves to (a filter sees those too). A struct array of
 * a record, a record codec, or a serialising codec also names the user's classes, which the caller
 * admits as usual.
 */
public final class SharedReference implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Binary names of what a stream of shared references holds. Names, not classes, because the layers
     * above this one provide them and this layer must not depend on them; {@code SharedReferenceTest}
     * checks that each exists and that every kind of object round-trips through exactly this list.
     */
    private static final Set<String> CLASSES = Set.copyOf(Arrays.asList(
            "io.shmproc.memory.SharedReference",
            "io.shmproc.memory.SharedMemory", "io.shmproc.memory.SharedMemory$ByName",
            "java.lang.Enum",
            // shared/: attachers, struct layouts, and the handles read back
            "io.shmproc.shared.SharedAttachers", "io.shmproc.shared.StructArrayAttacher",
            "io.shmproc.shared.StructType", "io.shmproc.shared.StructType$SerialForm",
            "io.shmproc.shared.StructType$FieldForm",
            "io.shmproc.shared.SharedBoolean", "io.shmproc.shared.SharedByte", "io.shmproc.shared.SharedShort",
            "io.shmproc.shared.SharedChar", "io.shmproc.shared.SharedInt", "io.shmproc.shared.SharedLong",
            "io.shmproc.shared.SharedFloat", "io.shmproc.shared.SharedDouble",
            "io.shmproc.shared.SharedBooleanArray", "io.shmproc.shared.SharedByteArray",
            "io.shmproc.shared.SharedShortArray", "io.shmproc.shared.SharedCharArray",
            "io.shmproc.shared.SharedIntArray", "io.shmproc.shared.SharedLongArray",
            "io.shmproc.shared.SharedFloatArray", "io.shmproc.shared.SharedDoubleArray",
            "io.shmproc.shared.SharedByteString", "io.shmproc.shared.SharedStructArray",
            "io.shmproc.shared.ShareableList",
            // sync/
            "io.shmproc.sync.SyncAttachers", "io.shmproc.sync.ConditionAttacher", "io.shmproc.sync.BarrierAttacher",
            "io.shmproc.sync.Synchronized$SerialForm",
            "io.shmproc.sync.SharedLock", "io.shmproc.sync.SharedRLock", "io.shmproc.sync.SharedSemaphore",
            "io.shmproc.sync.SharedEvent", "io.shmproc.sync.SharedCondition", "io.shmproc.sync.SharedBarrier",
            "io.shmproc.sync.Synchronized",
            // channel/: attachers, codecs, and the handles read back
            "io.shmproc.channel.ChannelAttacher", "io.shmproc.channel.ChannelAttacher$Kind",
            "io.shmproc.channel.CodecForm",
            "io.shmproc.channel.BytesCodec", "io.shmproc.channel.StringCodec", "io.shmproc.channel.FixedLengthCodec",
            "io.shmproc.channel.RecordCodec", "io.shmproc.channel.SerializableCodec",
            "io.shmproc.channel.SharedQueue", "io.shmproc.channel.JoinableQueue", "io.shmproc.channel.SimpleQueue",
            "io.shmproc.channel.Pipe", "io.shmproc.channel.Connection",
            // collections/
            "io.shmproc.collections.SharedMap", "io.shmproc.collections.SharedMap$MapAttacher",
            "io.shmproc.collections.SharedList", "io.shmproc.collections.SharedList$ListAttacher",
            "io.shmproc.collections.SharedNamespace", "io.shmproc.collections.SharedNamespace$NamespaceAttacher",
            "io.shmproc.collections.AttributeCodec"));

    /** The directory holding the namespace's directory, as a string: {@link Path} is not serialisable. */
    private final String root;
    private final String namespace;
    private final String name;
    private final Attacher<?> attacher;

    private SharedReference(String root, String namespace, String name, Attacher<?> attacher) {
        this.root = root;
        this.namespace = namespace;
        this.name = name;
        this.attacher = attacher;
    }

    /**
     * @param ns       the namespace holding the object (any handle of it)
     * @param name     the object's name
     * @param attacher how to attach it where the reference is read; serialised with it
     * @return a reference to object {@code name} of {@code ns}
     */
    public static SharedReference of(Namespace ns, String name, Attacher<?> attacher) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(attacher, "attacher");
        Names.check("object", name);
        return new SharedReference(ns.directory().getParent().toString(), ns.name(), name, attacher);
    }

    /** @return the directory holding the namespace's directory (what {@link Namespace.Builder#directory} takes) */
    public Path root() {
        return Path.of(root);
    }

    /** @return the namespace's name */
    public String namespaceName() {
        return namespace;
    }

    /** @return the object's name */
    public String name() {
        return name;
    }

    /** @return how the object is attached */
    public Attacher<?> attacher() {
        return attacher;
    }

    /**
     * Attaches the object now, through this JVM's {@link ReferencedNamespaces} handle of its namespace.
     *
     * @throws ObjectNotFoundException if the namespace or the object no longer exists
     * @throws IncompatibleObjectException if the name now holds an object of another kind
     */
    public Object attach() {
        return attacher.attach(ReferencedNamespaces.get(root(), namespace), name);
    }

    /**
     * @return the binary names of the classes a stream of shared references holds, for an allow-list
     *     (such as {@code SerializableCodecBuilder.allowSharedObjects()}) to admit
     */
    public static Set<String> classesToAllow() {
        return CLASSES;
    }

    /**
     * @return {@link #classesToAllow()} as an {@link ObjectInputFilter.Config#createFilter} pattern, with
     *     no final {@code !*} so that callers can append their own classes before it:
     *     {@code createFilter(SharedReference.filterPattern() + ";com.acme.Task;!*")}
     */
    public static String filterPattern() {
        return String.join(";", CLASSES.stream().sorted().toList());
    }

    /**
     * @param alsoAllowed classes the stream may hold besides shared references: the task, its records
     * @return a filter admitting {@link #classesToAllow()}, {@code alsoAllowed} (and arrays of both), and
     *     rejecting every other class
     */
    public static ObjectInputFilter filter(Class<?>... alsoAllowed) {
        Set<String> allowed = new LinkedHashSet<>(CLASSES);
        for (Class<?> c : alsoAllowed) {
            allowed.add(c.getName());
        }
        return info -> {
            Class<?> type = info.serialClass();
            if (type == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            while (type.isArray()) {
                type = type.getComponentType();
            }
            return type.isPrimitive() || allowed.contains(type.getName())
                    ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        };
    }

    @Serial
    private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (root == null || namespace == null || name == null || attacher == null) {
            throw new InvalidObjectException("a shared reference lacks its root, namespace, name or attacher:"
                    + " the stream is damaged or was not written by shmproc");
        }
        try {
            Names.check("namespace", namespace);
            Names.check("object", name);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("a shared reference holds an invalid name: " + e.getMessage());
        }
    }

    /** Puts the attached object in the reference's place. */
    @Serial
    private Object readResolve() throws ObjectStreamException {
        try {
            return attach();
        } catch (RuntimeException e) {
            InvalidObjectException failure = new InvalidObjectException("cannot attach shared object '" + name
                    + "' of namespace '" + namespace + "' (in " + root + ") by name: " + e.getMessage()
                    + (e instanceof ObjectNotFoundException
                    ? "; a shared object must outlive its serialised references: keep it open in some process, or"
                            + " keep() it, until every process that reads the reference has attached it"
                    : "; check that every process uses the same shmproc version and object types"));
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "SharedReference[" + root + "/" + namespace + "/" + name + "]";
    }
}

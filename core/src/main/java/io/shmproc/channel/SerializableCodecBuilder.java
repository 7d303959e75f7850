package io.shmproc.channel;

import io.shmproc.memory.SharedReference;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a codec that sends messages through Java serialisation, letting through only the classes it is
 * told to. Start from {@link Codecs#serializableBuilder(Class)}; every method returns this builder.
 *
 * <pre>{@code
 * Codec<Order> orders = Codecs.serializableBuilder(Order.class)
 *         .allow(Line.class, Customer.class)      // exactly these classes (and arrays of them)
 *         .allowPackage("com.acme.money")         // every class of this package, not of its subpackages
 *         .allowCollections()                     // ArrayList, HashMap, List.of(...) and the like
 *         .build();
 * }</pre>
 *
 * <h2>What is allowed</h2>
 * Always: the message type itself, {@code String}, the primitive wrappers ({@code Integer} and the rest,
 * with their superclass {@code Number}), {@code Enum} (the superclass every enum's stream form names),
 * primitive arrays, {@code Object[]}, and arrays of any allowed class. Nothing else, not even
 * {@code java.util.ArrayList}, unless allowed here: a class is allowed exactly, not with its subclasses
 * or superclasses, so a serialisable superclass must be allowed too. Classes are matched by name. Dynamic
 * proxies are never allowed. Both ends must allow the same classes: encoding refuses what decoding would,
 * so an accepted {@code put} is always receivable.
 *
 * <h2>Limits</h2>
 * A stream is refused if its object graph nests deeper than {@link #maxDepth(int)} (default
 * {@value #DEFAULT_MAX_DEPTH}), holds more than {@link #maxReferences(long)} objects and references, or
 * an array longer than {@link #maxArrayLength(int)}; the last two default to unlimited, since a message of
 * <i>n</i> bytes cannot hold more than <i>n</i> of either, and the message length always bounds them. A
 * JVM-wide {@code jdk.serialFilter} still applies on top: it can refuse more, never allow more.
 */
public final class SerializableCodecBuilder<T> {
    /** Default of {@link #maxDepth(int)}: deep enough for nested collections, shallow enough for the stack. */
    public static final int DEFAULT_MAX_DEPTH = 100;

    private final Class<? super T> type;
    private final Set<String> classes = new LinkedHashSet<>();
    private final Set<String> packages = new LinkedHashSet<>();
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private long maxReferences = Long.MAX_VALUE;
    private int maxArrayLength = Integer.MAX_VALUE;

    SerializableCodecBuilder(Class<? super T> type) {
        Objects.requireNonNull(type, "type");
        if (type.isPrimitive()) {
            throw new IllegalArgumentException(type.getName() + " is a primitive type: serialise its wrapper class");
        }
        Class<?> element = AllowList.elementOf(type);
        // Object stays possible: a codec of anything on the allow-list.
        boolean concrete = !element.isPrimitive() && !element.isInterface() && !Modifier.isAbstract(element.getModifiers())
                && element != Object.class;
        if (concrete && !Serializable.class.isAssignableFrom(element)) {
            throw new IllegalArgumentException(element.getName() + " does not implement java.io.Serializable, so "
                    + "java-serialization cannot send it: implement Serializable, or use Codecs.record or a Codec of your own");
        }
        this.type = type;
        allow(element);
    }

    /**
     * Allows exactly these classes (an array class allows its element class), whose objects may then appear
     * anywhere in a message.
     */
    public SerializableCodecBuilder<T> allow(Class<?>... allowed) {
        for (Class<?> c : allowed) {
            Class<?> element = AllowList.elementOf(Objects.requireNonNull(c, "allowed class"));
            if (!element.isPrimitive()) {
                classes.add(element.getName());
            }
        }
        return this;
    }

    /**
     * Allows every class of package {@code packageName}, such as {@code "com.acme.model"}; its subpackages
     * must be allowed one by one.
     *
     * @throws IllegalArgumentException for a pattern ({@code com.acme.*}) rather than a package name
     */
    public SerializableCodecBuilder<T> allowPackage(String packageName) {
        Objects.requireNonNull(packageName, "packageName");
        if (packageName.contains("*") || packageName.endsWith(".") || packageName.contains("/")) {
            throw new IllegalArgumentException("'" + packageName + "' is not a package name: give it as com.acme.model "
                    + "(that package's classes only; allow subpackages one by one)");
        }
        packages.add(packageName);
        return this;
    }

    /**
     * Allows the JDK's general-purpose collections: {@code ArrayList}, {@code LinkedList}, {@code ArrayDeque},
     * {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code HashSet}, {@code LinkedHashSet},
     * {@code TreeSet}, what {@code List.of}, {@code Set.of}, {@code Map.of} and {@code Arrays.asList} make,
     * and the empty, singleton and unmodifiable forms of {@code java.util.Collections}. Their elements must
     * be allowed like any other object, and so must the comparator of a sorted one that has one.
     */
    public SerializableCodecBuilder<T> allowCollections() {
        classes.addAll(AllowList.COLLECTIONS);
        return this;
    }

    /**
     * Allows shmproc's shared objects, queues, pipes and connections in messages, which travel by name
     * (see {@link SharedReference}): the receiver attaches the same objects, which must still exist then.
     * The classes of {@link SharedReference#classesToAllow()} are allowed; a struct array of a record, or
     * a channel with a record or serialising codec, also names that record or message class, which must
     * be allowed too.
     *
     * <pre>{@code
     * Codec<Job> jobs = Codecs.serializableBuilder(Job.class).allowSharedObjects().build();
     * queue.put(new Job("resize", counter));          // record Job(String what, SharedLong done)
     * }</pre>
     */
    public SerializableCodecBuilder<T> allowSharedObjects() {
        classes.addAll(SharedReference.classesToAllow());
        return this;
    }

    /** Refuses messages whose object graph nests deeper than {@code maxDepth}. */
    public SerializableCodecBuilder<T> maxDepth(int maxDepth) {
        this.maxDepth = positive("maxDepth", maxDepth);
        return this;
    }

    /** Refuses messages that hold more than {@code maxReferences} objects and references to them. */
    public SerializableCodecBuilder<T> maxReferences(long maxReferences) {
        this.maxReferences = positive("maxReferences", maxReferences);
        return this;
    }

    /** Refuses messages that hold an array of more than {@code maxArrayLength} elements. */
    public SerializableCodecBuilder<T> maxArrayLength(int maxArrayLength) {
        if (maxArrayLength < 0) {
            throw new IllegalArgumentException("maxArrayLength must not be negative: " + maxArrayLength);
        }
        this.maxArrayLength = maxArrayLength;
        return this;
    }

    /**
     * @return a codec with the allow-list and limits given so far; it is thread-safe, and the builder may go
     *         on to build others
     */
    public Codec<T> build() {
        return new SerializableCodec<>(type, new AllowList(classes, packages), maxDepth, maxReferences, maxArrayLength);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }

    private static long positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }
}

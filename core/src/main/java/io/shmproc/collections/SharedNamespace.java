package io.shmproc.collections;

import io.shmproc.channel.CodecException;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SerializableCodecBuilder;
import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.SharedReference;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Named attributes of mixed types in shared memory, which every process of a namespace reads and sets
 * directly: Python's {@code Manager().Namespace()} without the server, and with atomic updates of one
 * attribute.
 *
 * <pre>{@code
 * // any number of processes, each:
 * try (Namespace ns = Namespace.open("job");
 *      SharedNamespace state = SharedNamespace.open(ns, "state")) {
 *     state.set("phase", "loading");                 // Python: state.phase = "loading"
 *     state.set("rows", 0L);
 *     state.addAndGet("rows", 500);                  // atomic: no increment of another process is lost
 *     String phase = state.getString("phase");       // Python: state.phase
 *     int workers = state.getInt("workers");         // NoSuchAttributeException: no attribute 'workers'; ...
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Values</b> are {@code Integer}, {@code Long}, {@code Double}, {@code Float}, {@code Short},
 *       {@code Byte}, {@code Character}, {@code Boolean}, {@code String}, {@code byte[]}, or any other
 *       {@link Serializable} object whose classes the namespace's allow-list admits (see
 *       {@link Builder#allow}); by default it admits none. A value is stored as a copy: changing a
 *       {@code byte[]} or an object after {@code set} changes nothing shared, and each {@code get} returns a
 *       new copy. Nulls are refused with {@link NullPointerException} (use {@link #remove}).</li>
 *   <li><b>Types are exact</b>: {@link #getInt} reads an {@code Integer} and nothing else; any other type
 *       gives an {@link AttributeTypeException} naming both types, and nothing is converted. An attribute
 *       that does not exist gives a {@link NoSuchAttributeException} naming it and those that exist.</li>
 *   <li><b>Atomic across processes</b>: {@link #set}, {@link #setIfAbsent}, {@link #compareAndSet},
 *       {@link #update}, {@link #addAndGet} and {@link #remove} each change one attribute atomically (the
 *       attributes live in a {@link SharedMap}, with its crash safety: an update of a process killed half way
 *       is rolled back). A function given to {@link #update} runs under a lock and must not use this
 *       namespace. {@link #names()} and {@link #asMap()} are copies taken attribute group by attribute group,
 *       not at one moment across all attributes.</li>
 *   <li><b>Capacity is fixed</b> at creation ({@link Builder#maxAttributes}, {@link Builder#maxBytes}); an
 *       update with no room throws {@link MapFullException} and changes nothing.</li>
 * </ul>
 *
 * <p>A handle is serialised by name with its allow-list (see {@link SharedReference}), so a task that
 * captures it re-attaches the same attributes in a child JVM.
 */
public final class SharedNamespace implements AutoCloseable, Serializable {
    /** The object kind of a shared namespace (see {@link CollectionsInspection#NAMESPACE_KIND}). */
    static final String OBJECT_KIND = "ATTR";

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedMap<String, Object> attributes;
    private final transient AttributeCodec codec;
    private final transient String description;

    private SharedNamespace(SharedMap<String, Object> attributes, AttributeCodec codec) {
        this.attributes = attributes;
        this.codec = codec;
        this.description = "shared namespace '" + attributes.name() + "' of namespace '" + attributes.namespace().name() + "'";
    }

    /** @return a builder to choose the capacity and which serialisable classes the attributes may hold */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates {@code name} with the default capacity and no serialisable classes allowed. */
    public static SharedNamespace create(Namespace ns, String name) {
        return builder().create(ns, name);
    }

    /** Attaches {@code name} if it exists, else creates it with the default capacity; no serialisable classes allowed. */
    public static SharedNamespace open(Namespace ns, String name) {
        return builder().open(ns, name);
    }

    /**
     * Attaches the existing shared namespace {@code name}; no serialisable classes allowed (reading one throws
     * {@link CodecException}): use {@link Builder#attach} to allow some.
     *
     * @throws io.shmproc.memory.ObjectNotFoundException if there is none
     * @throws io.shmproc.memory.IncompatibleObjectException if {@code name} is another kind of object
     */
    public static SharedNamespace attach(Namespace ns, String name) {
        return builder().attach(ns, name);
    }

    static ObjectType type(AttributeCodec codec) {
        return new ObjectType(OBJECT_KIND, "attributes<name=" + Codecs.string().descriptor() + ";value=" + codec.descriptor() + ">");
    }

    // ---------------------------------------------------------------- setting

    /**
     * Sets attribute {@code name} to {@code value}, creating it or replacing what it held, of whatever type.
     *
     * @throws IllegalArgumentException if {@code name} is empty, or {@code value} is not of a type a namespace holds
     * @throws CodecException           if the allow-list refuses a class of {@code value}
     * @throws MapFullException         if there is no room
     */
    public void set(String name, Object value) {
        checkValue(checkName(name), value);
        try {
            attributes.putWithoutOld(name, value);
        } catch (MapFullException full) {
            throw full(name, full);
        } catch (CodecException refused) {
            throw refused(name, refused);
        }
    }

    /** Sets {@code name} to {@code value} only if it has no value, atomically. @return whether it was set */
    public boolean setIfAbsent(String name, Object value) {
        checkValue(checkName(name), value);
        try {
            return attributes.putIfAbsentWithoutOld(name, value);
        } catch (MapFullException full) {
            throw full(name, full);
        } catch (CodecException refused) {
            throw refused(name, refused);
        }
    }

    /**
     * Sets {@code name} to {@code newValue} if it holds {@code expected}, atomically. Values compare by type and
     * encoded bytes: {@code 1} (an {@code Integer}) is not {@code 1L}; two byte arrays of the same bytes are equal.
     *
     * @return whether it was set (false also when the attribute does not exist)
     */
    public boolean compareAndSet(String name, Object expected, Object newValue) {
        checkValue(checkName(name), expected);
        checkValue(name, newValue);
        try {
            return attributes.replace(name, expected, newValue);
        } catch (MapFullException full) {
            throw full(name, full);
        } catch (CodecException refused) {
            throw refused(name, refused);
        }
    }

    /**
     * Replaces the {@code type} value of {@code name} with {@code function} of it, atomically across processes.
     *
     * <pre>{@code state.update("log", String.class, log -> log + "step 3 done\n");}</pre>
     *
     * @return the new value
     * @throws NoSuchAttributeException if there is no such attribute
     * @throws AttributeTypeException   if its value is not a {@code type} (nothing changes)
     * @throws NullPointerException     if {@code function} returns null (nothing changes)
     */
    public <T> T update(String name, Class<T> type, UnaryOperator<T> function) {
        checkName(name);
        Class<T> boxed = boxed(Objects.requireNonNull(type, "type"));
        Objects.requireNonNull(function, "function");
        Object updated;
        try {
            updated = attributes.computeIfPresent(name, (k, old) -> {
                T result = function.apply(as(name, old, boxed));
                checkValue(name, Objects.requireNonNull(result, "the function of update returned null: remove the attribute instead"));
                return result;
            });
        } catch (MapFullException full) {
            throw full(name, full);
        } catch (CodecException refused) {
            throw refused(name, refused);
        }
        if (updated == null) {
            throw missing(name);
        }
        return boxed.cast(updated);
    }

    /**
     * Adds {@code delta} to an {@code int} or {@code long} attribute, atomically across processes, keeping its type.
     *
     * @return the new value
     * @throws NoSuchAttributeException if there is no such attribute
     * @throws AttributeTypeException   if it is neither an {@code int} nor a {@code long}
     * @throws ArithmeticException      if the sum overflows the attribute's type (nothing changes)
     */
    public long addAndGet(String name, long delta) {
        checkName(name);
        Object updated = attributes.computeIfPresent(name, (k, old) -> switch (old) {
            case Integer i -> Math.toIntExact(Math.addExact((long) i, delta));
            case Long l -> Math.addExact(l, delta);
            default -> throw new AttributeTypeException(description, name, typeName(old.getClass()), "int or long");
        });
        if (updated == null) {
            throw missing(name);
        }
        return ((Number) updated).longValue();
    }

    /** Removes attribute {@code name}. @return whether it existed */
    public boolean remove(String name) {
        checkName(name);
        return attributes.remove(name) != null;
    }

    // ---------------------------------------------------------------- getting

    /**
     * @return the value of {@code name}, of whatever type it has
     * @throws NoSuchAttributeException if there is no such attribute
     * @throws CodecException           if it is a serialised object whose class this handle's allow-list refuses
     */
    public Object get(String name) {
        Object value = read(checkName(name));
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /**
     * @param type the value's type; a primitive type stands for its wrapper ({@code int.class} for {@code Integer})
     * @return the value of {@code name}
     * @throws AttributeTypeException   if it is not a {@code type}
     * @throws NoSuchAttributeException if there is no such attribute
     */
    public <T> T get(String name, Class<T> type) {
        return as(name, get(name), boxed(Objects.requireNonNull(type, "type")));
    }

    /** @return the value of {@code name}, or {@code defaultValue} if it has none */
    public Object getOrDefault(String name, Object defaultValue) {
        Object value = read(checkName(name));
        return value == null ? defaultValue : value;
    }

    /** @return the {@code int} value of {@code name} @throws AttributeTypeException if it is of another type */
    public int getInt(String name) {
        return get(name, Integer.class);
    }

    /** @return the {@code long} value of {@code name} @throws AttributeTypeException if it is of another type */
    public long getLong(String name) {
        return get(name, Long.class);
    }

    /** @return the {@code double} value of {@code name} @throws AttributeTypeException if it is of another type */
    public double getDouble(String name) {
        return get(name, Double.class);
    }

    /** @return the {@code boolean} value of {@code name} @throws AttributeTypeException if it is of another type */
    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    /** @return the {@code String} value of {@code name} @throws AttributeTypeException if it is of another type */
    public String getString(String name) {
        return get(name, String.class);
    }

    /** @return a copy of the {@code byte[]} value of {@code name} @throws AttributeTypeException if it is of another type */
    public byte[] getBytes(String name) {
        return get(name, byte[].class);
    }

    /** @return whether attribute {@code name} exists */
    public boolean has(String name) {
        return attributes.containsKey(checkName(name));
    }

    /** @return the attributes' names, sorted: a copy */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(attributes.keySnapshot()));
    }

    /** @return the number of attributes (exact when no update is under way) */
    public int size() {
        return attributes.size();
    }

    /**
     * @return the attributes and their values, sorted by name: a copy, which does not change the namespace
     * @throws CodecException if a value is a serialised object whose class this handle's allow-list refuses
     */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** @return the value of {@code name}, or null if it has none */
    private Object read(String name) {
        try {
            return attributes.get(name);
        } catch (CodecException refused) {
            throw refused(name, refused);
        }
    }

    // ---------------------------------------------------------------- checks and messages

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an attribute needs a name: got the empty string");
        }
        return name;
    }

    private void checkValue(String name, Object value) {
        Objects.requireNonNull(value, "the value of attribute '" + name + "' is null: a shared namespace holds no nulls;"
                + " remove the attribute instead");
        if (!AttributeCodec.accepts(value)) {
            throw new IllegalArgumentException("attribute '" + name + "' of " + description + " cannot hold a "
                    + value.getClass().getName() + ": a value is a boxed primitive, a String, a byte[] or a Serializable"
                    + " object whose classes the namespace allows");
        }
    }

    private <T> T as(String name, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new AttributeTypeException(description, name, typeName(value.getClass()), typeName(type));
        }
        return type.cast(value);
    }

    private NoSuchAttributeException missing(String name) {
        List<String> names = List.copyOf(new TreeSet<>(attributes.keySnapshot()));
        return new NoSuchAttributeException(description, name, names);
    }

    private MapFullException full(String name, MapFullException full) {
        String what = full.limit() == MapFullException.Limit.ENTRIES
                ? "it holds as many attributes as it can (maxAttributes " + attributes.maxEntries() + "); remove some, or"
                        + " create it with a larger maxAttributes"
                : "its bytes are used up (maxBytes " + attributes.maxBytes() + "; each attribute takes a block of 24 + name"
                        + " + 1 + value bytes rounded up to a power of two); remove some, or create it with a larger maxBytes";
        MapFullException named = new MapFullException(full.limit(), description + " has no room for attribute '" + name
                + "': " + what);
        named.initCause(full);
        return named;
    }

    private CodecException refused(String name, CodecException refused) {
        return new CodecException("attribute '" + name + "' of " + description + ": " + refused.getMessage()
                + " (a shared namespace allows classes through SharedNamespace.builder().allow(...))", refused);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> boxed(Class<T> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return (Class<T>) switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            case "boolean" -> Boolean.class;
            default -> throw new IllegalArgumentException("an attribute cannot be a " + type.getName());
        };
    }

    /** @return the name of a value's type as a Java programmer writes it: int, String, byte[], com.acme.Order */
    static String typeName(Class<?> type) {
        return switch (type.getName()) {
            case "java.lang.Integer" -> "int";
            case "java.lang.Long" -> "long";
            case "java.lang.Double" -> "double";
            case "java.lang.Float" -> "float";
            case "java.lang.Short" -> "short";
            case "java.lang.Byte" -> "byte";
            case "java.lang.Character" -> "char";
            case "java.lang.Boolean" -> "boolean";
            case "java.lang.String" -> "String";
            default -> type.getTypeName();
        };
    }

    // ---------------------------------------------------------------- identity and life cycle

    /** @return the shared namespace's name in its namespace */
    public String name() {
        return attributes.name();
    }

    /** @return the namespace it lives in */
    public Namespace namespace() {
        return attributes.namespace();
    }

    /** @return the most attributes it holds */
    public long maxAttributes() {
        return attributes.maxEntries();
    }

    /** @return how many half-done updates of processes that died were rolled back, ever, by any process */
    public long repairs() {
        return attributes.repairs();
    }

    /** Keeps it after its creator closes it, until {@link Namespace#unlink} removes it. */
    public void keep() {
        attributes.keep();
    }

    /** @return whether this handle was closed */
    public boolean isClosed() {
        return attributes.isClosed();
    }

    /** Releases this process's handle (the creator's also unlinks the name unless kept). Idempotent. */
    @Override
    public void close() {
        attributes.close();
    }

    @Override
    public String toString() {
        return "SharedNamespace[" + namespace().name() + "/" + name() + "]" + (isClosed() ? " (closed)" : names());
    }

    /** Serialises this handle by name with its allow-list: reading it back in any process attaches the same attributes. */
    @Serial
    Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            attributes.size(); // throws the closed object's exception
        }
        return SharedReference.of(namespace(), name(), new NamespaceAttacher(codec));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a shared namespace is serialised as a SharedReference");
    }

    /** How a deserialised reference attaches the shared namespace. */
    private record NamespaceAttacher(AttributeCodec codec) implements Attacher<SharedNamespace> {
        @Override
        public SharedNamespace attach(Namespace ns, String name) {
            return new SharedNamespace(SharedMap.attach(ns, name, type(codec), Codecs.string(), codec), codec);
        }
    }

    // ---------------------------------------------------------------- creating

    /**
     * Options of a shared namespace: its capacity (fixed at creation; every process that attaches sees it) and
     * the serialisable classes this handle's values may hold. Processes should allow the same classes; one that
     * reads a value whose class it does not allow gets a {@link CodecException}.
     *
     * <pre>{@code
     * record Progress(int done, int total) implements Serializable {}
     * SharedNamespace state = SharedNamespace.builder()
     *         .maxAttributes(1000)
     *         .allow(Progress.class)
     *         .open(ns, "state");
     * state.set("progress", new Progress(3, 10));
     * }</pre>
     */
    public static final class Builder {
        private int maxAttributes = 256;
        private long maxBytes = -1;
        private final List<Class<?>> allowed = new ArrayList<>();
        private final List<String> allowedPackages = new ArrayList<>();
        private boolean collections;

        Builder() {
        }

        /** Attributes it must hold; 256 by default. */
        public Builder maxAttributes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a shared namespace must hold at least 1 attribute, got maxAttributes " + count);
            }
            this.maxAttributes = count;
            return this;
        }

        /**
         * Bytes of attributes; by default 256 per attribute. Each takes a block of 24 + name + 1 + value bytes
         * (UTF-8 for strings and names), rounded up to a power of two.
         */
        public Builder maxBytes(long bytes) {
            if (bytes < 32) {
                throw new IllegalArgumentException("a shared namespace needs at least 32 bytes, got maxBytes " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /** Allows values holding these serialisable classes (exactly these, as {@link SerializableCodecBuilder#allow}). */
        public Builder allow(Class<?>... classes) {
            for (Class<?> c : classes) {
                allowed.add(Objects.requireNonNull(c, "allowed class"));
            }
            return this;
        }

        /** Allows every class of package {@code packageName} in values (as {@link SerializableCodecBuilder#allowPackage}). */
        public Builder allowPackage(String packageName) {
            Codecs.serializableBuilder(Serializable.class).allowPackage(packageName); // its checks of the name
            allowedPackages.add(packageName);
            return this;
        }

        /** Allows the JDK's general-purpose collections in values (as {@link SerializableCodecBuilder#allowCollections}). */
        public Builder allowCollections() {
            collections = true;
            return this;
        }

        /** Creates {@code name}. @throws io.shmproc.memory.ObjectExistsException if the name is taken */
        public SharedNamespace create(Namespace ns, String name) {
            AttributeCodec codec = codec();
            return new SharedNamespace(map(codec).create(ns, name, type(codec)), codec);
        }

        /** Attaches {@code name} if it exists (with its own capacity), else creates it with this one. */
        public SharedNamespace open(Namespace ns, String name) {
            AttributeCodec codec = codec();
            return new SharedNamespace(map(codec).open(ns, name, type(codec)), codec);
        }

        /** Attaches the existing {@code name}, reading values with this builder's allow-list. */
        public SharedNamespace attach(Namespace ns, String name) {
            AttributeCodec codec = codec();
            return new SharedNamespace(SharedMap.attach(ns, name, type(codec), Codecs.string(), codec), codec);
        }

        private AttributeCodec codec() {
            return new AttributeCodec(allowed, allowedPackages, collections);
        }

        private SharedMap.Builder<String, Object> map(AttributeCodec codec) {
            SharedMap.Builder<String, Object> map = SharedMap.builder(Codecs.string(), codec).maxEntries(maxAttributes);
            return map.maxBytes(maxBytes < 0 ? 256L * maxAttributes : maxBytes);
        }
    }
}

package io.shmproc.channel;

import java.util.List;
import java.util.Set;

/**
 * The classes a {@link SerializableCodec} lets through, by name (a class loaded twice by two loaders is
 * still the same class to the other end), on both ends: encoding refuses what decoding would.
 *
 * <p>Always allowed, because they carry no behaviour of their own: {@code String}, the eight primitive
 * wrappers and their superclass {@code Number}, {@code Enum} (the superclass of every enum), primitive
 * arrays and {@code Object[]} (whose elements are checked one by one). Arrays of an allowed class are
 * allowed. Everything else must be allowed by name or by package; {@link #COLLECTIONS} is the set of JDK
 * collections one call allows.
 */
final class AllowList {
    private static final Set<String> ALWAYS = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Enum");

    /**
     * The JDK's general-purpose collections, the forms {@code List.of}/{@code Set.of}/{@code Map.of},
     * {@code Arrays.asList} and the {@code Collections} wrappers take in a stream or when read back (a
     * stream filter sees what {@code readResolve} returns too), and nothing else of {@code java.util}. Their elements are checked like any other object; a {@code TreeMap}'s or
     * {@code TreeSet}'s comparator, if any, must be allowed too.
     */
    static final List<String> COLLECTIONS = List.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.Map$Entry",                                // HashMap and HashSet check their table, an Entry[]
            "java.util.CollSer",                                  // List.of, Set.of, Map.of, as written...
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",   // ...and as read back
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
            "java.util.Arrays$ArrayList",                         // Arrays.asList
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableMap",
            "java.util.Collections$UnmodifiableSortedMap");

    private final Set<String> classes;
    private final Set<String> packages;

    /**
     * @param classes  binary names of the allowed classes, such as {@code com.acme.Order$Line}
     * @param packages names of packages whose every class is allowed (not their subpackages)
     */
    AllowList(Set<String> classes, Set<String> packages) {
        this.classes = Set.copyOf(classes);
        this.packages = Set.copyOf(packages);
    }

    /** @return the names of the classes allowed by name */
    Set<String> classes() {
        return classes;
    }

    /** @return the packages whose every class is allowed */
    Set<String> packages() {
        return packages;
    }

    boolean allows(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element != type && (element.isPrimitive() || element == Object.class)) {
            return true;
        }
        String name = element.getName();
        return ALWAYS.contains(name) || classes.contains(name) || packages.contains(element.getPackageName());
    }

    /** @return the class an array is of (the class itself for a non-array), to name in messages */
    static Class<?> elementOf(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element;
    }
}

package io.shmproc.channel;

import static io.shmproc.channel.CodecTesting.assertContainsAll;
import static io.shmproc.channel.CodecTesting.assertDecodesOrRefuses;
import static io.shmproc.channel.CodecTesting.assertGarbled;
import static io.shmproc.channel.CodecTesting.decode;
import static io.shmproc.channel.CodecTesting.encode;
import static io.shmproc.channel.CodecTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shmproc.channel.fixtures.Parcel;
import io.shmproc.channel.fixtures.more.Wrapped;
import io.shmproc.memory.SegmentBuffer;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SerializableCodecTest {
    enum Side { BUY, SELL }

    record Line(String sku, int quantity) implements Serializable {}

    record Order(String id, Side side, Integer boxed, long[] stamps, Line[] lines, Object extra) implements Serializable {
        @Override
        public boolean equals(Object o) {
            return o instanceof Order x && x.id.equals(id) && x.side == side && x.boxed.equals(boxed)
                    && Arrays.equals(x.stamps, stamps) && Arrays.equals(x.lines, lines) && java.util.Objects.equals(x.extra, extra);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    record Secret(String value) implements Serializable {}

    static final class Unserializable {
    }

    record Holder(Object payload) implements Serializable {}

    static final class Node implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        Node next;
    }

    private static final Codec<Order> ORDERS = Codecs.serializable(Order.class, Line.class, Side.class);

    @Test
    void allowedObjectsRoundTripThroughAGrowingBuffer() {
        Order order = new Order("o-1 é😀", Side.SELL, 42, new long[] {1, Long.MAX_VALUE}, new Line[] {new Line("x", 3), null},
                new Line("extra", 1));
        assertEquals(Codec.UNKNOWN_LENGTH, ORDERS.encodedLength(order));
        assertEquals(order, roundTrip(ORDERS, order));
        assertEquals("java-serialization", ORDERS.descriptor());
    }

    @Test
    void stringsPrimitiveWrappersAndTheirArraysAreAlwaysAllowed() {
        Codec<Holder> codec = Codecs.serializable(Holder.class);
        for (Object payload : List.of("text", 1, 2L, 3.0, 4.0f, (short) 5, (byte) 6, 'c', true,
                new int[] {1}, new String[] {"a"}, new Integer[] {7}, new Object[] {"b", 8}, new double[][] {{1.0}})) {
            Object decoded = roundTrip(codec, new Holder(payload)).payload();
            if (payload.getClass().isArray()) {
                assertEquals(Arrays.deepToString(new Object[] {payload}), Arrays.deepToString(new Object[] {decoded}));
            } else {
                assertEquals(payload, decoded);
            }
        }
    }

    @Test
    void aClassOffTheListIsRefusedOnDecodeNamingItAndHowToAllowIt() {
        Codec<Holder> lenient = Codecs.serializable(Holder.class, Secret.class);
        Codec<Holder> strict = Codecs.serializable(Holder.class);
        byte[] bytes = encode(lenient, new Holder(new Secret("s3cr3t")));
        CodecException e = assertGarbled(strict, bytes);
        assertContainsAll(e.getMessage(), "class " + Secret.class.getName(), "is not on the allow-list", Holder.class.getName(),
                "Codecs.serializableBuilder(Holder.class).allow(" + Secret.class.getName().replace('$', '.') + ".class)",
                ".allowPackage(\"io.shmproc.channel\")", "both ends");
    }

    @Test
    void aClassOffTheListIsRefusedOnEncodeTooSoNothingUndecodableIsSent() {
        Codec<Holder> strict = Codecs.serializable(Holder.class);
        CodecException e = assertThrows(CodecException.class, () -> encode(strict, new Holder(new Secret("s"))));
        assertContainsAll(e.getMessage(), "class " + Secret.class.getName(), "allow-list");
        // Arrays of a refused class are refused as the class.
        e = assertThrows(CodecException.class, () -> encode(strict, new Holder(new Secret[] {new Secret("s")})));
        assertContainsAll(e.getMessage(), "class " + Secret.class.getName());
    }

    @Test
    void somethingNotSerializableIsRefusedOnEncodeNamingItsClass() {
        Codec<Object> anything = Codecs.serializable(Object.class, Holder.class);
        CodecException e = assertThrows(CodecException.class, () -> anything.encodedLength(new Unserializable()));
        assertContainsAll(e.getMessage(), Unserializable.class.getName(), "is not Serializable");

        // Deeper in the graph it is found while writing; the stream's attempt to record the failure must not hide it.
        e = assertThrows(CodecException.class, () -> anything.encode(new Holder(new Unserializable()), GrowingBuffer.of(8), 3));
        assertContainsAll(e.getMessage(), "class " + Unserializable.class.getName() + " is not Serializable", "transient");
    }

    static final class Failing implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new IOException("the disk is on fire");
        }
    }

    @Test
    void aFailingWriteObjectIsReportedAsItself() {
        Codec<Holder> codec = Codecs.serializable(Holder.class, Failing.class);
        CodecException e = assertThrows(CodecException.class, () -> codec.encode(new Holder(new Failing()), GrowingBuffer.of(8), 0));
        assertContainsAll(e.getMessage(), "the disk is on fire");
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void theMessageTypeMustBeSerializableUnlessItIsAnInterfaceOrObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.serializable(Unserializable.class));
        assertContainsAll(e.getMessage(), Unserializable.class.getName(), "does not implement java.io.Serializable");
        assertThrows(IllegalArgumentException.class, () -> Codecs.serializable(int.class));
        Codecs.serializable(Runnable.class);
        Codecs.serializable(Object.class);
        Codecs.serializable(int[].class);
    }

    @Test
    void allowingAPackageAllowsItsClassesButNotItsSubpackages() {
        Codec<Parcel> codec = Codecs.serializableBuilder(Parcel.class).allowPackage("io.shmproc.channel.fixtures").build();
        Parcel parcel = new Parcel("p", new Parcel("inner", 5));
        assertEquals(parcel, roundTrip(codec, parcel));

        CodecException e = assertThrows(CodecException.class, () -> encode(codec, new Parcel("p", new Wrapped("w"))));
        assertContainsAll(e.getMessage(), Wrapped.class.getName(), ".allowPackage(\"io.shmproc.channel.fixtures.more\")");

        Codec<Parcel> wider = Codecs.<Parcel>serializableBuilder(Parcel.class)
                .allowPackage("io.shmproc.channel.fixtures").allowPackage("io.shmproc.channel.fixtures.more").build();
        assertEquals(new Parcel("p", new Wrapped("w")), roundTrip(wider, new Parcel("p", new Wrapped("w"))));

        assertThrows(IllegalArgumentException.class, () -> Codecs.serializableBuilder(Parcel.class).allowPackage("io.shmproc.*"));
    }

    @Test
    void collectionsAreRefusedUntilAllowed() {
        Codec<Holder> plain = Codecs.serializable(Holder.class);
        CodecException e = assertThrows(CodecException.class, () -> encode(plain, new Holder(new ArrayList<>(List.of(1)))));
        assertContainsAll(e.getMessage(), "java.util.ArrayList", ".allowCollections()");
    }

    @Test
    void allowCollectionsLetsTheCommonCollectionsThrough() {
        Codec<Holder> codec = Codecs.<Holder>serializableBuilder(Holder.class).allowCollections().build();
        List<Object> collections = List.of(
                new ArrayList<>(List.of(1, "a")), new LinkedList<>(List.of(2)), new HashMap<>(Map.of("k", 1)),
                new LinkedHashMap<>(Map.of("k", 2)), new TreeMap<>(Map.of("a", 1, "b", 2)), new HashSet<>(Set.of(3)),
                new LinkedHashSet<>(Set.of(4)), new TreeSet<>(Set.of(5, 6)),
                List.of(), List.of(1), List.of(1, 2, 3), Set.of(1, 2), Map.of("a", 1), Map.of(),
                Arrays.asList("x", "y"), Collections.emptyList(), Collections.emptySet(), Collections.emptyMap(),
                Collections.singletonList(7), Collections.singleton(8), Collections.singletonMap("s", 9),
                Collections.unmodifiableList(new ArrayList<>(List.of(10))), Collections.unmodifiableList(new LinkedList<>(List.of(11))),
                Collections.unmodifiableSet(new HashSet<>(Set.of(12))), Collections.unmodifiableMap(new HashMap<>(Map.of("u", 13))),
                Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(14))),
                Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("v", 15))));
        for (Object collection : collections) {
            assertEquals(collection, roundTrip(codec, new Holder(collection)).payload(), collection.getClass().getName());
        }
        ArrayDeque<Integer> deque = new ArrayDeque<>(List.of(1, 2));
        assertEquals(List.copyOf(deque), List.copyOf((ArrayDeque<?>) roundTrip(codec, new Holder(deque)).payload()));
        Collection unmodifiable = new Collection(Collections.unmodifiableCollection(new ArrayList<>(List.of(16))));
        assertEquals(List.of(16), List.copyOf(roundTrip(Codecs.<Collection>serializableBuilder(Collection.class)
                .allowCollections().build(), unmodifiable).items()));
        // Elements are still checked one by one.
        CodecException e = assertThrows(CodecException.class, () -> encode(codec, new Holder(List.of(new Secret("s")))));
        assertContainsAll(e.getMessage(), Secret.class.getName());
    }

    record Collection(java.util.Collection<Integer> items) implements Serializable {}

    @Test
    void aParameterisedMessageTypeNeedsNoCast() {
        Codec<List<String>> codec = Codecs.<List<String>>serializableBuilder(List.class).allowCollections().build();
        List<String> decoded = roundTrip(codec, List.of("a", "b"));
        assertEquals(List.of("a", "b"), decoded);
    }

    @Test
    void aMessageOfAnotherTypeIsRefused() {
        byte[] bytes = encode(Codecs.serializable(Line.class), new Line("x", 1));
        CodecException e = assertGarbled(Codecs.serializable(Order.class, Line.class), bytes);
        assertContainsAll(e.getMessage(), "is a " + Line.class.getName(), "not a " + Order.class.getName());
    }

    @Test
    void graphsDeeperThanTheLimitAreRefused() {
        Node head = new Node();
        Node node = head;
        for (int i = 0; i < 150; i++) {
            node.next = new Node();
            node = node.next;
        }
        Codec<Node> deepEnough = Codecs.<Node>serializableBuilder(Node.class).maxDepth(1_000).build();
        byte[] bytes = encode(deepEnough, head);
        assertEquals(Node.class, decode(deepEnough, bytes).getClass());
        CodecException e = assertGarbled(Codecs.serializable(Node.class), bytes);
        assertContainsAll(e.getMessage(), "maxDepth=" + SerializableCodecBuilder.DEFAULT_MAX_DEPTH, "maxDepth(n)");
    }

    @Test
    void arraysAndReferenceCountsBeyondTheLimitsAreRefused() {
        byte[] bytes = encode(Codecs.serializable(Holder.class), new Holder(new int[11]));
        Codec<Holder> tight = Codecs.<Holder>serializableBuilder(Holder.class).maxArrayLength(10).build();
        CodecException e = assertGarbled(tight, bytes);
        assertContainsAll(e.getMessage(), "array of 11 elements", "maxArrayLength=10", "maxArrayLength(n)");

        byte[] many = encode(Codecs.serializable(Holder.class), new Holder(new Object[] {"a", "b", "c", "d", "e", "f"}));
        Codec<Holder> few = Codecs.<Holder>serializableBuilder(Holder.class).maxReferences(3).build();
        e = assertGarbled(few, many);
        assertContainsAll(e.getMessage(), "maxReferences=3");
        assertThrows(IllegalArgumentException.class, () -> Codecs.serializableBuilder(Holder.class).maxDepth(0));
    }

    interface Greeter {
        String greet();
    }

    record Handler(String greeting) implements InvocationHandler, Serializable {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            return greeting;
        }
    }

    @Test
    void dynamicProxiesAreNeverAllowed() {
        Object greeter = Proxy.newProxyInstance(Greeter.class.getClassLoader(), new Class<?>[] {Greeter.class, Serializable.class},
                new Handler("hi"));
        Codec<Holder> codec = Codecs.<Holder>serializableBuilder(Holder.class).allowPackage("io.shmproc.channel")
                .allowPackage(greeter.getClass().getPackageName()).allow(Proxy.class).build();
        CodecException e = assertThrows(CodecException.class, () -> encode(codec, new Holder(greeter)));
        assertContainsAll(e.getMessage(), "dynamic proxy", "never");
    }

    @Test
    void garbledAndTruncatedStreamsAreCodecExceptions() {
        byte[] valid = encode(ORDERS, new Order("o", Side.BUY, 1, new long[] {1}, new Line[] {new Line("x", 1)}, null));
        assertGarbled(ORDERS, new byte[0]);
        assertGarbled(ORDERS, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (int length = 0; length < valid.length; length += 7) {
            int cut = length;
            assertThrows(CodecException.class, () -> decode(ORDERS, valid, cut), "length " + cut);
        }
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            byte[] bytes = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            assertDecodesOrRefuses(ORDERS, bytes);
        }
    }

    @Test
    void aFullScratchBufferThrowsIndexOutOfBoundsSoTheChannelCanGrowIt() {
        // Codec's contract for UNKNOWN_LENGTH: running past the buffer's end is reported as is, not wrapped
        assertThrows(IndexOutOfBoundsException.class,
                () -> ORDERS.encode(new Order("o", Side.BUY, 1, new long[100], new Line[0], null), SegmentBuffer.allocate(32), 0));
    }

    @Test
    void nullIsRefusedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ORDERS.encodedLength(null));
        assertContainsAll(e.getMessage(), "Order", "null");
    }

    @Test
    void decodedArraysAreOfTheirType() {
        Codec<Line[]> codec = Codecs.serializable(Line[].class);
        Line[] lines = {new Line("a", 1)};
        assertArrayEquals(lines, roundTrip(codec, lines));
    }
}

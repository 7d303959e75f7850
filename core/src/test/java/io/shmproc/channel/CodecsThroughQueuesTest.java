package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.TestNamespaces;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every built-in codec through a real queue or pipe: in place, through the scratch buffer, and refusals. */
class CodecsThroughQueuesTest {
    record Tick(long time, double price, String symbol, int[] sizes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Tick t && t.time == time && t.price == price && t.symbol.equals(symbol)
                    && java.util.Arrays.equals(t.sizes, sizes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(time);
        }
    }

    record Order(String id, List<String> lines) implements Serializable {
    }

    record Secret(String value) implements Serializable {
    }

    @TempDir
    Path root;
    Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("codecs")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void stringsBytesAndBoxedPrimitivesGoThroughAQueueUnchanged() throws Exception {
        try (SharedQueue<String> strings = SharedQueue.create(ns, "s", Codecs.string());
             SharedQueue<byte[]> bytes = SharedQueue.create(ns, "b", Codecs.bytes());
             SharedQueue<Double> doubles = SharedQueue.create(ns, "d", Codecs.ofDouble())) {
            for (String s : List.of("", "ascii", "é ü", "日本語", "😀 astral")) {
                strings.put(s);
                assertEquals(s, strings.take());
            }
            bytes.put(new byte[] {1, 2, 3});
            bytes.put(new byte[0]);
            assertArrayEquals(new byte[] {1, 2, 3}, bytes.take());
            assertArrayEquals(new byte[0], bytes.take());
            doubles.put(-0.0);
            doubles.put(Double.NaN);
            assertEquals(-0.0, doubles.take());
            assertTrue(doubles.take().isNaN());
        }
    }

    @Test
    void recordsGoThroughAPipeUnchanged() throws Exception {
        try (Pipe<Tick> pipe = Pipe.create(ns, "ticks", Codecs.record(Tick.class))) {
            Tick tick = new Tick(42, 101.5, "ACME", new int[] {100, 200});
            pipe.first().send(tick);
            assertEquals(tick, pipe.second().recv());
        }
    }

    @Test
    void serialisedObjectsLargerThanTheScratchBufferGoThroughAndClassesOffTheListAreRefused() throws Exception {
        Codec<Order> codec = Codecs.<Order>serializableBuilder(Order.class).allowCollections().build();
        try (SharedQueue<Order> orders = SharedQueue.builder(codec).capacityBytes(1 << 20).create(ns, "orders")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                lines.add("line " + i);
            }
            Order big = new Order("o-1", lines);
            orders.put(big);
            orders.put(new Order("o-2", List.of()));
            assertEquals(big, orders.take());
            assertEquals(new Order("o-2", List.of()), orders.take());
        }
        Codec<Object> strict = Codecs.serializable(Object.class, String.class);
        try (SharedQueue<Object> objects = SharedQueue.create(ns, "objects", strict)) {
            CodecException refused = assertThrows(CodecException.class, () -> objects.put(new Secret("x")));
            assertTrue(refused.getMessage().contains(Secret.class.getName()), refused.getMessage());
            assertEquals(0, objects.size(), "a refused message is not sent");
            objects.put("allowed");
            assertEquals("allowed", objects.take());
        }
    }

    @Test
    void aSerialisedMessageOverTheMaximumIsRefusedNamingBothSizes() {
        Codec<Order> codec = Codecs.<Order>serializableBuilder(Order.class).allowCollections().build();
        try (SharedQueue<Order> orders = SharedQueue.builder(codec).capacityBytes(4096).create(ns, "small")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                lines.add("line " + i);
            }
            MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> orders.put(new Order("o", lines)));
            assertEquals(orders.maxMessageBytes(), e.limit());
            assertTrue(e.length() > e.limit(), e.getMessage());
            assertEquals(0, orders.size());
        }
    }
}

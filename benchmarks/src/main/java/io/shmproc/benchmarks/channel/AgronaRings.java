package io.shmproc.benchmarks.channel;

import io.shmproc.benchmarks.Row;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The raw-ring peers of shmproc's pipe and queue: Agrona's {@link OneToOneRingBuffer} and
 * {@link ManyToOneRingBuffer} over {@link UnsafeBuffer}s on memory-mapped files in {@code /dev/shm},
 * between JVMs. This is what shmproc's channels would cost with no header, codec, liveness or blocking
 * on top, and with Agrona's own buffer instead of shmproc's {@code SegmentBuffer}.
 *
 * <p>{@code UnsafeBuffer} in Agrona 2.x needs {@link #FLAGS} in every JVM that touches it, and the runner
 * runs flag-free, so both sides run in forked JVMs with the flag ({@link Forked} explains why shmproc's
 * side is forked alike). The runner only creates the zero-filled ring files, which is a valid empty
 * ring, so neither child has to wait for the other to initialise one.
 */
public final class AgronaRings {
    /** What Agrona 2.x's {@code UnsafeBuffer} needs (without it: IllegalAccessError on jdk.internal.misc). */
    public static final List<String> FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final int MESSAGE_TYPE = 1;

    private AgronaRings() {
    }

    /** Ping-pong over two one-to-one rings, spinning receive: round trip p50 and p99, in ns. */
    public static final Columns ROUND_TRIP = new Columns("Agrona OneToOneRingBuffer ping-pong",
            Columns.each(AgronaRings::roundTrip));

    /** Throughput of one producer JVM into one consumer JVM, in msg/s. */
    public static final Columns ONE_TO_ONE = new Columns("Agrona ManyToOneRingBuffer 1 -> 1",
            Columns.each(() -> throughput(1)));

    /** Throughput of two producer JVMs into one consumer JVM (a ManyToOne ring has one consumer), in msg/s. */
    public static final Columns TWO_TO_ONE = new Columns("Agrona ManyToOneRingBuffer 2 -> 1",
            Columns.each(() -> throughput(2)));

    /** @return the two figures a round trip row needs */
    public static Row.Scenario roundTripP50() {
        return ROUND_TRIP.column(0, "p50", "ns");
    }

    public static Row.Scenario roundTripP99() {
        return ROUND_TRIP.column(1, "p99", "ns");
    }

    static double[] roundTrip() throws IOException {
        try (Scratch scratch = Scratch.create("agrona-pingpong")) {
            Path ping = createRing(scratch.resolve("ping.ring"), Workload.PIPE_CAPACITY_BYTES);
            Path pong = createRing(scratch.resolve("pong.ring"), Workload.PIPE_CAPACITY_BYTES);
            return Forked.run(FLAGS, List.of(new Forked.Launch(Echo.class, ping.toString(), pong.toString())),
                    new Forked.Launch(Pinger.class, ping.toString(), pong.toString()));
        }
    }

    static double[] throughput(int producers) throws IOException {
        try (Scratch scratch = Scratch.create("agrona-throughput")) {
            Path ring = createRing(scratch.resolve("queue.ring"), Workload.QUEUE_CAPACITY_BYTES);
            long each = Workload.THROUGHPUT_MESSAGES / producers;
            List<Forked.Launch> launches = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                launches.add(new Forked.Launch(Producer.class, ring.toString(), Integer.toString(p), Long.toString(each)));
            }
            return Forked.run(FLAGS, launches, new Forked.Launch(Consumer.class, ring.toString(),
                    Integer.toString(producers), Long.toString(each)));
        }
    }

    /** A zero-filled file of one ring of {@code capacity} bytes and its trailer. */
    static Path createRing(Path file, int capacity) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(capacity + RingBufferDescriptor.TRAILER_LENGTH);
        }
        return file;
    }

    /** Maps a ring file; the mapping outlives the channel, and lives as long as the child. */
    static UnsafeBuffer map(String file) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            return new UnsafeBuffer(mapped);
        }
    }

    /** A 32-byte message buffer, off-heap as a ring's source would be in real use. */
    static UnsafeBuffer message() {
        return new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(Workload.MESSAGE_BYTES));
    }

    /** Partner of {@link Pinger}: reads each ping and writes it back on the pong ring, spinning. */
    public static final class Echo {
        public static void main(String[] args) throws Exception {
            OneToOneRingBuffer ping = new OneToOneRingBuffer(map(args[0]));
            OneToOneRingBuffer pong = new OneToOneRingBuffer(map(args[1]));
            Patience patience = Patience.watching("the pinger's pings", "");
            MessageHandler echo = (type, buffer, index, length) -> {
                while (!pong.write(type, buffer, index, length)) {
                    patience.idle();
                }
            };
            Handshake.ready();
            for (;;) { // until the runner kills this child, or Patience gives up
                if (ping.read(echo) == 0) {
                    patience.idle();
                }
            }
        }
    }

    /** Measures: writes a ping, spins until its pong is back, {@code ROUND_TRIPS} times; prints p50 p99. */
    public static final class Pinger {
        public static void main(String[] args) throws Exception {
            OneToOneRingBuffer ping = new OneToOneRingBuffer(map(args[1]));
            OneToOneRingBuffer pong = new OneToOneRingBuffer(map(args[2]));
            Patience patience = Patience.watching("the echo's pongs", args[0]);
            UnsafeBuffer message = message();
            long[] replied = {-1};
            MessageHandler reply = (type, buffer, index, length) -> replied[0] = buffer.getLong(index);
            long[] trips = new long[Workload.ROUND_TRIPS];
            Handshake.ready();
            for (int i = -Workload.WARMUP_ROUND_TRIPS; i < trips.length; i++) {
                message.putLong(0, i);
                long start = System.nanoTime();
                while (!ping.write(MESSAGE_TYPE, message, 0, Workload.MESSAGE_BYTES)) {
                    patience.idle();
                }
                while (pong.read(reply) == 0) {
                    patience.idle();
                }
                long trip = System.nanoTime() - start;
                if (replied[0] != i) {
                    throw new IllegalStateException("sent ping " + i + ", got pong " + replied[0]);
                }
                if (i >= 0) {
                    trips[i] = trip;
                }
            }
            System.out.println(Percentiles.of(trips).line());
        }
    }

    /** Partner of {@link Consumer}: writes its share of messages, spinning while the ring is full. */
    public static final class Producer {
        public static void main(String[] args) throws Exception {
            RingBuffer ring = new ManyToOneRingBuffer(map(args[0]));
            int producer = Integer.parseInt(args[1]);
            long count = Long.parseLong(args[2]);
            Patience patience = Patience.watching("room in the ring", "");
            UnsafeBuffer message = message();
            message.putInt(8, producer);
            Handshake.ready();
            for (long seq = 0; seq < count; seq++) {
                message.putLong(0, seq);
                while (!ring.write(MESSAGE_TYPE, message, 0, Workload.MESSAGE_BYTES)) {
                    patience.idle();
                }
            }
            Handshake.holdUntilClosed();
        }
    }

    /** Measures: reads every producer's messages in order; prints msg/s after the warm-up. */
    public static final class Consumer {
        public static void main(String[] args) throws Exception {
            RingBuffer ring = new ManyToOneRingBuffer(map(args[1]));
            int producers = Integer.parseInt(args[2]);
            long total = producers * Long.parseLong(args[3]);
            Patience patience = Patience.watching("the producers' messages", args[0]);
            InOrder received = new InOrder(producers);
            MessageHandler handler = (type, buffer, index, length) -> received.accept(buffer, index, length);
            long warmup = Workload.warmup(total);
            Handshake.ready();
            while (received.count() < warmup) {
                if (ring.read(handler) == 0) {
                    patience.idle();
                }
            }
            long start = System.nanoTime();
            long counted = received.count();
            while (received.count() < total) {
                if (ring.read(handler) == 0) {
                    patience.idle();
                }
            }
            System.out.println(Workload.rate(received.count() - counted, System.nanoTime() - start));
        }
    }
}

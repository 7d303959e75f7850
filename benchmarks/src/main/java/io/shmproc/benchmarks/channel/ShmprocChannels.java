package io.shmproc.benchmarks.channel;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.Connection;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.Pipe;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SegmentBuffer;
import io.shmproc.shared.SharedLong;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * shmproc's side of the pipe and queue rows, measured exactly as their peers in {@link AgronaRings}: every
 * side in a forked JVM ({@link Forked}; these need no JVM flag beyond the native access every benchmark
 * child has), 32-byte messages, the sizes and counts of {@link Workload}, spinning receives bounded by
 * {@link Patience}, each producer's order checked by {@link InOrder}.
 *
 */
public final class ShmprocChannels {
    private ShmprocChannels() {
    }

    /** Pipe ping-pong, spinning receive: round trip p50 and p99, in ns. */
    public static final Columns PIPE_ROUND_TRIP = new Columns("shmproc Pipe ping-pong", Columns.each(ShmprocChannels::pipeRoundTrip));

    /**
     * {@code SharedQueue<byte[]>}, {@code offer} spinning, the consumer taking in batches with {@code drainTo}
     * (as Agrona's consumer reads in batches), 1 producer JVM -> 1 consumer JVM: msg/s.
     */
    public static final Columns QUEUE_ONE_TO_ONE = new Columns("shmproc SharedQueue byte[] drainTo 1 -> 1",
            Columns.each(() -> queueThroughput(1, false, true)));

    /** The same, the consumer calling {@code poll()} once per message. */
    public static final Columns QUEUE_ONE_TO_ONE_POLL = new Columns("shmproc SharedQueue byte[] poll 1 -> 1",
            Columns.each(() -> queueThroughput(1, false, false)));

    /** The same, 2 producer JVMs -> 1 consumer JVM (beside Agrona's ManyToOne ring, which has one consumer). */
    public static final Columns QUEUE_TWO_TO_ONE = new Columns("shmproc SharedQueue byte[] 2 -> 1",
            Columns.each(() -> queueThroughput(2, false, true)));

    /**
     * Pipe ping-pong where the echo is asleep in the futex when each ping comes (the pinger pauses between
     * rounds longer than a receiver spins): round trip p50, in ns.
     */
    public static final Columns PIPE_BLOCKING_ROUND_TRIP = new Columns("shmproc Pipe blocking ping-pong",
            Columns.each(ShmprocChannels::pipeBlockingRoundTrip));

    /** 1 -> 1 throughput of Strings of 32 ASCII characters, taken in drainTo batches: msg/s. */
    public static final Columns QUEUE_STRINGS = new Columns("shmproc SharedQueue String 1 -> 1",
            Columns.each(() -> codecThroughput("string")));

    /** 1 -> 1 throughput of a record of primitives (32 bytes encoded), taken in drainTo batches: msg/s. */
    public static final Columns QUEUE_RECORDS = new Columns("shmproc SharedQueue record 1 -> 1",
            Columns.each(() -> codecThroughput("record")));

    /** 2 producer JVMs -> 2 consumer JVMs sharing the queue: msg/s taken by both together. */
    public static final Columns QUEUE_TWO_TO_TWO = new Columns("shmproc SharedQueue byte[] drainTo 2 -> 2",
            Columns.each(ShmprocChannels::queueTwoToTwo));

    /** Zero-copy: {@code offerBuffer} from a buffer, {@code drain} into a handler, 1 -> 1: msg/s. */
    public static final Columns QUEUE_ONE_TO_ONE_ZERO_COPY = new Columns("shmproc SharedQueue zero-copy 1 -> 1",
            Columns.each(() -> queueThroughput(1, true, false)));

    /**
     * The echo creates the namespace and the pipe (and uses its first end, as a creator does); the pinger,
     * started once the echo is ready, attaches the second end.
     */
    static double[] pipeRoundTrip() throws IOException {
        try (Scratch scratch = Scratch.create("shmproc-pipe")) {
            String dir = scratch.directory().toString();
            return Forked.run(List.of(), List.of(new Forked.Launch(PipeEcho.class, dir)), new Forked.Launch(PipePinger.class, dir));
        }
    }

    /**
     * The runner creates the queue and holds it open while the children attach and run (the runner does
     * not touch it otherwise), so no producer has to race another to create it.
     */
    @SuppressWarnings("try") // the queue lives for the children to attach
    static double[] queueThroughput(int producers, boolean zeroCopy, boolean batches) throws IOException {
        try (Scratch scratch = Scratch.create("shmproc-queue");
             Namespace ns = namespace(scratch.directory().toString());
             SharedQueue<byte[]> queue = SharedQueue.builder(Codecs.bytes()).capacityBytes(Workload.QUEUE_CAPACITY_BYTES).create(ns, "q")) {
            String dir = scratch.directory().toString();
            long each = Workload.THROUGHPUT_MESSAGES / producers;
            List<Forked.Launch> launches = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                launches.add(new Forked.Launch(QueueProducer.class, dir, Integer.toString(p), Long.toString(each), Boolean.toString(zeroCopy)));
            }
            return Forked.run(List.of(), launches, new Forked.Launch(QueueConsumer.class, dir, Integer.toString(producers),
                    Long.toString(each), Boolean.toString(zeroCopy), Boolean.toString(batches)));
        }
    }

    /** Two producers, a consumer that measures the rate of both consumers' takes, and one more consumer. */
    @SuppressWarnings("try") // the queue and the count live for the children to attach
    static double[] queueTwoToTwo() throws IOException {
        try (Scratch scratch = Scratch.create("shmproc-queue22");
             Namespace ns = namespace(scratch.directory().toString());
             SharedQueue<byte[]> queue = SharedQueue.builder(Codecs.bytes()).capacityBytes(Workload.QUEUE_CAPACITY_BYTES).create(ns, "q");
             SharedLong taken = SharedLong.create(ns, "taken", 0)) {
            String dir = scratch.directory().toString();
            long each = Workload.THROUGHPUT_MESSAGES / 2;
            List<Forked.Launch> partners = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                partners.add(new Forked.Launch(QueueProducer.class, dir, Integer.toString(p), Long.toString(each), "false"));
            }
            partners.add(new Forked.Launch(SharingConsumer.class, "", dir, "2", Long.toString(each), "false"));
            return Forked.run(List.of(), partners, new Forked.Launch(SharingConsumer.class, dir, "2", Long.toString(each), "true"));
        }
    }

    /**
     * One of two consumers of one queue: checks each producer's messages come in increasing order (the
     * other consumer takes the rest), adds its takes to the shared count in batches, and, if it measures,
     * prints the rate of the count from the warm-up to the last message.
     */
    public static final class SharingConsumer {
        public static void main(String[] args) throws Exception {
            int producers = Integer.parseInt(args[2]);
            long total = producers * Long.parseLong(args[3]);
            boolean measures = Boolean.parseBoolean(args[4]);
            try (Namespace ns = namespace(args[1]);
                 SharedQueue<byte[]> queue = SharedQueue.attach(ns, "q", Codecs.bytes());
                 SharedLong taken = SharedLong.attach(ns, "taken")) {
                Patience patience = Patience.watching("the producers' messages", args[0]);
                long[] last = new long[producers];
                java.util.Arrays.fill(last, -1);
                long warmup = Workload.warmup(total);
                Handshake.ready();
                long start = 0;
                long counted = 0;
                long mine = 0;
                List<byte[]> batch = new ArrayList<>();
                for (long all = 0; all < total; ) {
                    batch.clear();
                    if (queue.drainTo(batch, 4096) == 0) {
                        taken.addAndGet(mine);
                        mine = 0;
                        all = taken.get();
                        patience.idle();
                    }
                    for (byte[] message : batch) {
                        int producer = InOrder.producerOf(message);
                        long seq = InOrder.seqOf(message);
                        if (seq <= last[producer]) {
                            throw new IllegalStateException("message " + seq + " of producer " + producer + " after " + last[producer]);
                        }
                        last[producer] = seq;
                    }
                    mine += batch.size();
                    if (mine >= 256) {
                        all = taken.addAndGet(mine);
                        mine = 0;
                    }
                    if (measures && start == 0 && all >= warmup) {
                        start = System.nanoTime();
                        counted = all;
                    }
                }
                if (measures) {
                    System.out.println(Workload.rate(total - counted, System.nanoTime() - start));
                } else {
                    Handshake.holdUntilClosed();
                }
            }
        }
    }

    static double[] pipeBlockingRoundTrip() throws IOException {
        try (Scratch scratch = Scratch.create("shmproc-pipe-blocking")) {
            String dir = scratch.directory().toString();
            return Forked.run(List.of(), List.of(new Forked.Launch(PipeEcho.class, dir, "blocking")),
                    new Forked.Launch(PipePinger.class, dir, "blocking"));
        }
    }

    /** Rounds of the blocking ping-pong, and the pause between them that lets the echo fall asleep. */
    static final int BLOCKING_ROUNDS = 20_000;
    static final int BLOCKING_WARMUP = 2_000;
    static final long PAUSE_NANOS = 300_000;

    /** A record of primitives whose encoding is 32 bytes, like the byte[] rows' messages. */
    public record Tick(long seq, long time, double price, int producer, int size) {
    }

    @SuppressWarnings("try") // the queue lives for the children to attach
    static double[] codecThroughput(String codec) throws IOException {
        try (Scratch scratch = Scratch.create("shmproc-codec");
             Namespace ns = namespace(scratch.directory().toString());
             SharedQueue<Object> queue = SharedQueue.builder(codecOf(codec)).capacityBytes(Workload.QUEUE_CAPACITY_BYTES).create(ns, "q")) {
            String dir = scratch.directory().toString();
            long count = Workload.THROUGHPUT_MESSAGES / 2;
            return Forked.run(List.of(), List.of(new Forked.Launch(CodecProducer.class, dir, codec, Long.toString(count))),
                    new Forked.Launch(CodecConsumer.class, dir, codec, Long.toString(count)));
        }
    }

    @SuppressWarnings("unchecked")
    static io.shmproc.channel.Codec<Object> codecOf(String codec) {
        return (io.shmproc.channel.Codec<Object>) (io.shmproc.channel.Codec<?>) switch (codec) {
            case "string" -> Codecs.string();
            case "record" -> Codecs.record(Tick.class);
            default -> throw new IllegalArgumentException("no codec " + codec);
        };
    }

    private static final String ZEROS = "0".repeat(32);

    /** @return {@code seq} in 32 ASCII digits, cheaply (String.format would cost more than the queue) */
    static String padded(long seq) {
        String digits = Long.toString(seq);
        return ZEROS.substring(digits.length()).concat(digits);
    }

    /** Partner of {@link CodecConsumer}: offers {@code count} Strings or records, spinning while full. */
    public static final class CodecProducer {
        public static void main(String[] args) throws Exception {
            boolean strings = args[1].equals("string");
            long count = Long.parseLong(args[2]);
            try (Namespace ns = namespace(args[0]); SharedQueue<Object> queue = SharedQueue.attach(ns, "q", codecOf(args[1]))) {
                Patience patience = Patience.watching("room in the queue", "");
                Handshake.ready();
                for (long seq = 0; seq < count; seq++) {
                    Object message = strings ? padded(seq) : new Tick(seq, seq, seq * 0.5, 0, 32);
                    while (!queue.offer(message)) {
                        patience.idle();
                    }
                }
                Handshake.holdUntilClosed();
            }
        }
    }

    /** Measures: takes Strings or records in drainTo batches, checking their order; prints msg/s after the warm-up. */
    public static final class CodecConsumer {
        public static void main(String[] args) throws Exception {
            boolean strings = args[2].equals("string");
            long total = Long.parseLong(args[3]);
            try (Namespace ns = namespace(args[1]); SharedQueue<Object> queue = SharedQueue.attach(ns, "q", codecOf(args[2]))) {
                Patience patience = Patience.watching("the producer's messages", args[0]);
                List<Object> batch = new ArrayList<>();
                long warmup = Workload.warmup(total);
                Handshake.ready();
                long next = 0;
                long start = 0;
                long counted = 0;
                while (next < total) {
                    if (start == 0 && next >= warmup) {
                        start = System.nanoTime();
                        counted = next;
                    }
                    batch.clear();
                    if (queue.drainTo(batch, 4096) == 0) {
                        patience.idle();
                    }
                    for (Object message : batch) {
                        long seq = strings ? Long.parseLong((String) message) : ((Tick) message).seq();
                        if (seq != next++) {
                            throw new IllegalStateException("expected message " + (next - 1) + ", got " + seq);
                        }
                    }
                }
                System.out.println(Workload.rate(total - counted, System.nanoTime() - start));
            }
        }
    }

    static Namespace namespace(String scratchDirectory) {
        return Namespace.builder("bench-channels").directory(Path.of(scratchDirectory)).open();
    }

    /**
     * Partner of {@link PipePinger}: creates the pipe, then sends back every message it receives, spinning,
     * straight from the pipe's memory (as Agrona's echo writes back from its ring's buffer). With "blocking"
     * it blocks in {@code recv} instead (spins, then sleeps), for the blocking hand-off row.
     */
    public static final class PipeEcho {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args[0]);
                 Pipe<byte[]> pipe = Pipe.builder(Codecs.bytes()).capacityBytes(Workload.PIPE_CAPACITY_BYTES).create(ns, "p")) {
                Connection<byte[]> end = pipe.first();
                Patience patience = Patience.watching("the pinger's pings", "");
                MessageHandler echo = (buffer, offset, length) -> {
                    try {
                        end.sendBytes(buffer, offset, length);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                };
                boolean blocking = args.length > 1 && args[1].equals("blocking");
                Handshake.ready();
                for (;;) { // until the runner kills this child, or Patience gives up
                    if (blocking) {
                        end.recv(echo);
                    } else if (!end.tryRecv(echo)) {
                        patience.idle();
                    }
                }
            }
        }
    }

    /**
     * Measures: sends a ping from an off-heap buffer, spins on the no-wait {@code tryRecv} until its pong
     * is there, reads its sequence number from the pipe's memory; prints p50 p99. Zero-copy on both
     * sides, like the Agrona peer. With "blocking" it pauses before each ping (so the echo is asleep) and
     * blocks in {@code recv} for the pong: the blocking hand-off row.
     */
    public static final class PipePinger {
        public static void main(String[] args) throws Exception {
            boolean blocking = args.length > 2 && args[2].equals("blocking");
            int rounds = blocking ? BLOCKING_ROUNDS : Workload.ROUND_TRIPS;
            int warmup = blocking ? BLOCKING_WARMUP : Workload.WARMUP_ROUND_TRIPS;
            try (Namespace ns = namespace(args[1]); Pipe<byte[]> pipe = Pipe.attach(ns, "p", Codecs.bytes())) {
                Connection<byte[]> end = pipe.second();
                Patience patience = Patience.watching("the echo's pongs", args[0]);
                SegmentBuffer message = SegmentBuffer.allocate(Workload.MESSAGE_BYTES);
                long[] replied = {-1};
                MessageHandler reply = (buffer, offset, length) -> replied[0] = buffer.getLong(offset);
                long[] trips = new long[rounds];
                Handshake.ready();
                for (int i = -warmup; i < trips.length; i++) {
                    if (blocking) {
                        LockSupport.parkNanos(PAUSE_NANOS); // the echo falls asleep meanwhile
                    }
                    message.putLong(0, i);
                    long start = System.nanoTime();
                    end.sendBytes(message, 0, Workload.MESSAGE_BYTES);
                    if (blocking) {
                        end.recv(reply);
                    } else {
                        while (!end.tryRecv(reply)) {
                            patience.idle();
                        }
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
    }

    /** Partner of {@link QueueConsumer}: offers its share, spinning while the queue is full. */
    public static final class QueueProducer {
        public static void main(String[] args) throws Exception {
            int producer = Integer.parseInt(args[1]);
            long count = Long.parseLong(args[2]);
            boolean zeroCopy = Boolean.parseBoolean(args[3]);
            try (Namespace ns = namespace(args[0]); SharedQueue<byte[]> queue = SharedQueue.attach(ns, "q", Codecs.bytes())) {
                Patience patience = Patience.watching("room in the queue", "");
                byte[] message = new byte[Workload.MESSAGE_BYTES];
                SegmentBuffer buffer = SegmentBuffer.allocate(Workload.MESSAGE_BYTES);
                buffer.putInt(8, producer);
                Handshake.ready();
                for (long seq = 0; seq < count; seq++) {
                    if (zeroCopy) {
                        // a producer composing its message in its own buffer, as the Agrona peer's does
                        buffer.putLong(0, seq);
                        while (!queue.offerBuffer(buffer, 0, Workload.MESSAGE_BYTES)) {
                            patience.idle();
                        }
                    } else {
                        InOrder.stamp(message, producer, seq);
                        while (!queue.offer(message)) { // the codec copies: the array is free again on return
                            patience.idle();
                        }
                    }
                }
                Handshake.holdUntilClosed();
            }
        }
    }

    /** Measures: takes every producer's messages, checking their order; prints msg/s after the warm-up. */
    public static final class QueueConsumer {
        public static void main(String[] args) throws Exception {
            int producers = Integer.parseInt(args[2]);
            long total = producers * Long.parseLong(args[3]);
            boolean zeroCopy = Boolean.parseBoolean(args[4]);
            boolean batches = args.length > 5 && Boolean.parseBoolean(args[5]);
            List<byte[]> batch = new ArrayList<>();
            try (Namespace ns = namespace(args[1]); SharedQueue<byte[]> queue = SharedQueue.attach(ns, "q", Codecs.bytes())) {
                Patience patience = Patience.watching("the producers' messages", args[0]);
                InOrder received = new InOrder(producers);
                MessageHandler handler = (buffer, offset, length) -> received.accept(buffer, offset, length);
                long warmup = Workload.warmup(total);
                Handshake.ready();
                long start = 0;
                long counted = 0;
                while (received.count() < total) {
                    if (start == 0 && received.count() >= warmup) {
                        start = System.nanoTime();
                        counted = received.count();
                    }
                    if (zeroCopy) {
                        if (queue.drain(handler, 4096) == 0) {
                            patience.idle();
                        }
                    } else if (batches) {
                        batch.clear();
                        if (queue.drainTo(batch, 4096) == 0) {
                            patience.idle();
                        }
                        for (byte[] message : batch) {
                            received.accept(message, message.length);
                        }
                    } else {
                        byte[] message = queue.poll();
                        if (message == null) {
                            patience.idle();
                        } else {
                            received.accept(message, message.length);
                        }
                    }
                }
                System.out.println(Workload.rate(received.count() - counted, System.nanoTime() - start));
            }
        }
    }
}

package io.shmproc.benchmarks.channel;

import io.shmproc.benchmarks.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The persisted-log peer of shmproc's queue and pipe: Chronicle Queue between JVMs, 32-byte messages
 * written as raw bytes (no wire format), files in a scratch directory in {@code /dev/shm}.
 *
 * <p>Chronicle needs JVM flags of its own ({@link #FLAGS}), so only its forked JVMs get them, and its
 * analytics are off. Its {@code java.io.tmpdir} is pointed into the scratch directory too, so that
 * nothing it might write leaves that directory, which is deleted after every repeat.
 *
 * <p>An appender never waits for a tailer (the queue is a file that grows), so its throughput is that of
 * appending and tailing concurrently; the message count is lower than the rings' because every message
 * stays on {@code /dev/shm} (that is, in memory) until the repeat ends.
 */
public final class ChronicleQueues {
    /**
     * What Chronicle Queue 2026.4 needs on JDK 25, found by running it. Required: without the first two it
     * cannot map its files ({@code IllegalAccessException} on {@code sun.nio.ch.UnixFileDispatcherImpl.map0},
     * or, with only the first, "Can't append to a read-only chronicle"). The third is what Chronicle's own
     * warning asks for, to free its buffers with the JDK's cleaner rather than by reflection. The last
     * two only silence start-up warnings (jffi's {@code sun.misc.Unsafe} calls, SLF4J without a logger).
     */
    public static final List<String> FLAGS = List.of(
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dslf4j.internal.verbosity=ERROR");

    /** ~1.5 s at Chronicle's 2.4 M msg/s, ~150 MB of queue files on /dev/shm. */
    static final long THROUGHPUT_MESSAGES = 3_000_000L;

    private ChronicleQueues() {
    }

    /** Ping-pong over two queues (there and back), spinning tailers: round trip p50 and p99, in ns. */
    public static final Columns ROUND_TRIP = new Columns("Chronicle Queue ping-pong", Columns.each(ChronicleQueues::roundTrip));

    /** One appender JVM, one tailer JVM: msg/s. */
    public static final Columns THROUGHPUT = new Columns("Chronicle Queue 1 -> 1", Columns.each(ChronicleQueues::throughput));

    public static Row.Scenario roundTripP50() {
        return ROUND_TRIP.column(0, "p50", "ns");
    }

    public static Row.Scenario roundTripP99() {
        return ROUND_TRIP.column(1, "p99", "ns");
    }

    /** The flags, the analytics switch and a temp dir inside the scratch directory. */
    static List<String> jvmOptions(Scratch scratch) {
        List<String> options = new ArrayList<>(FLAGS);
        options.add("-Dchronicle.analytics.disable=true");
        options.add("-Djava.io.tmpdir=" + scratch.directory());
        return options;
    }

    static double[] roundTrip() throws IOException {
        try (Scratch scratch = Scratch.create("chronicle-pingpong")) {
            String ping = scratch.resolve("ping").toString();
            String pong = scratch.resolve("pong").toString();
            return Forked.run(jvmOptions(scratch), List.of(new Forked.Launch(Echo.class, ping, pong)),
                    new Forked.Launch(Pinger.class, ping, pong));
        }
    }

    static double[] throughput() throws IOException {
        try (Scratch scratch = Scratch.create("chronicle-throughput")) {
            String queue = scratch.resolve("queue").toString();
            return Forked.run(jvmOptions(scratch),
                    List.of(new Forked.Launch(Appender.class, queue, Long.toString(THROUGHPUT_MESSAGES))),
                    new Forked.Launch(Tailer.class, queue, Long.toString(THROUGHPUT_MESSAGES)));
        }
    }

    static ChronicleQueue open(String directory) {
        return ChronicleQueue.singleBuilder(Path.of(directory)).build();
    }

    /** A 32-byte message, off-heap; {@code writeBytes} appends its 32 readable bytes as one excerpt. */
    static Bytes<Void> message() {
        Bytes<Void> message = Bytes.allocateDirect(Workload.MESSAGE_BYTES);
        for (int i = 0; i < Workload.MESSAGE_BYTES; i++) {
            message.writeByte((byte) 0);
        }
        return message;
    }

    /** Partner of {@link Pinger}: tails the ping queue and appends each message to the pong queue. */
    public static final class Echo {
        public static void main(String[] args) throws Exception {
            try (ChronicleQueue ping = open(args[0]); ChronicleQueue pong = open(args[1]);
                 ExcerptTailer pings = ping.createTailer(); ExcerptAppender pongs = pong.createAppender()) {
                Patience patience = Patience.watching("the pinger's pings", "");
                Bytes<Void> message = message();
                Handshake.ready();
                for (;;) { // until the runner kills this child, or Patience gives up
                    message.clear();
                    if (pings.readBytes(message)) {
                        pongs.writeBytes(message);
                    } else {
                        patience.idle();
                    }
                }
            }
        }
    }

    /** Measures: appends a ping, tails until its pong is back, {@code ROUND_TRIPS} times; prints p50 p99. */
    public static final class Pinger {
        public static void main(String[] args) throws Exception {
            try (ChronicleQueue ping = open(args[1]); ChronicleQueue pong = open(args[2]);
                 ExcerptAppender pings = ping.createAppender(); ExcerptTailer pongs = pong.createTailer()) {
                Patience patience = Patience.watching("the echo's pongs", args[0]);
                Bytes<Void> message = message();
                Bytes<Void> reply = message();
                long[] trips = new long[Workload.ROUND_TRIPS];
                Handshake.ready();
                for (int i = -Workload.WARMUP_ROUND_TRIPS; i < trips.length; i++) {
                    message.writeLong(0, i);
                    long start = System.nanoTime();
                    pings.writeBytes(message);
                    reply.clear();
                    while (!pongs.readBytes(reply)) {
                        patience.idle();
                    }
                    long trip = System.nanoTime() - start;
                    if (reply.readRemaining() != Workload.MESSAGE_BYTES || reply.readLong(0) != i) {
                        throw new IllegalStateException("sent ping " + i + ", got a pong of " + reply.readRemaining() + " bytes");
                    }
                    if (i >= 0) {
                        trips[i] = trip;
                    }
                }
                System.out.println(Percentiles.of(trips).line());
            }
        }
    }

    /** Partner of {@link Tailer}: appends its messages as fast as it can. */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            long count = Long.parseLong(args[1]);
            try (ChronicleQueue queue = open(args[0]); ExcerptAppender appender = queue.createAppender()) {
                Bytes<Void> message = message();
                Handshake.ready();
                for (long seq = 0; seq < count; seq++) {
                    message.writeLong(0, seq);
                    appender.writeBytes(message);
                }
                Handshake.holdUntilClosed();
            }
        }
    }

    /** Measures: tails every message, checking the order; prints msg/s after the warm-up. */
    public static final class Tailer {
        public static void main(String[] args) throws Exception {
            long total = Long.parseLong(args[2]);
            try (ChronicleQueue queue = open(args[1]); ExcerptTailer tailer = queue.createTailer()) {
                Patience patience = Patience.watching("the appender's messages", args[0]);
                Bytes<Void> message = message();
                long warmup = Workload.warmup(total);
                long start = 0;
                Handshake.ready();
                for (long seq = 0; seq < total; ) {
                    if (seq == warmup) {
                        start = System.nanoTime();
                    }
                    message.clear();
                    if (!tailer.readBytes(message)) {
                        patience.idle();
                        continue;
                    }
                    if (message.readRemaining() != Workload.MESSAGE_BYTES || message.readLong(0) != seq) {
                        throw new IllegalStateException("expected message " + seq + ", got " + message.readRemaining() + " bytes");
                    }
                    seq++;
                }
                System.out.println(Workload.rate(total - warmup, System.nanoTime() - start));
            }
        }
    }
}

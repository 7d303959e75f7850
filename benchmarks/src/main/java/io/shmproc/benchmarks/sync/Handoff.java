package io.shmproc.benchmarks.sync;

import io.shmproc.benchmarks.Child;
import io.shmproc.benchmarks.Figure;
import io.shmproc.memory.Namespace;
import io.shmproc.sync.SharedEvent;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A blocking hand-off between two JVMs, both sides asleep between messages: shmproc's events (the
 * futex path) beside a blocking Unix-domain socket. The figure is the round trip's median, in us.
 */
public final class Handoff {
    private static final int WARMUP = 1_000;
    private static final int ROUNDS = 10_000;
    /**
     * Both sides pause this long before each ping, untimed, so that the echo is asleep when it comes:
     * longer than any waiter's spin, so the row measures the sleeping hand-off, not a spinning one.
     */
    static final long PAUSE_NANOS = 300_000;

    private Handoff() {
    }

    /** @return the median round trip over shmproc events, in microseconds, over {@code repeats} runs */
    public static Figure events(int repeats) throws Exception {
        List<Double> medians = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String name = "bench-handoff-" + ProcessHandle.current().pid() + "-" + r;
            try (Namespace ns = Namespace.open(name);
                 SharedEvent ping = SharedEvent.create(ns, "ping");
                 SharedEvent pong = SharedEvent.create(ns, "pong");
                 Child echo = Child.jvm(EventEcho.class, name)) {
                echo.await("ready");
                long[] trips = new long[ROUNDS];
                for (int i = -WARMUP; i < ROUNDS; i++) {
                    LockSupport.parkNanos(PAUSE_NANOS);
                    long start = System.nanoTime();
                    ping.set();
                    pong.await();
                    pong.clear();
                    if (i >= 0) {
                        trips[i] = System.nanoTime() - start;
                    }
                }
                medians.add(median(trips));
            }
        }
        return Figure.of(medians, "us");
    }

    /** @return the median round trip of one byte over a blocking Unix-domain socket, in microseconds */
    @SuppressWarnings("try") // the echo child lives as long as the connection it makes
    public static Figure unixSocket(int repeats) throws Exception {
        List<Double> medians = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            Path dir = Files.createTempDirectory("shmproc-uds");
            Path socket = dir.resolve("echo.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                try (Child echo = Child.jvm(SocketEcho.class, socket.toString());
                     SocketChannel channel = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(1);
                    long[] trips = new long[ROUNDS];
                    for (int i = -WARMUP; i < ROUNDS; i++) {
                        LockSupport.parkNanos(PAUSE_NANOS);
                        long start = System.nanoTime();
                        buffer.clear().put((byte) 1).flip();
                        channel.write(buffer);
                        buffer.clear();
                        while (buffer.position() == 0) {
                            if (channel.read(buffer) < 0) {
                                throw new IllegalStateException("the echo closed its socket");
                            }
                        }
                        if (i >= 0) {
                            trips[i] = System.nanoTime() - start;
                        }
                    }
                    medians.add(median(trips));
                }
            } finally {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(dir);
            }
        }
        return Figure.of(medians, "us");
    }

    private static double median(long[] trips) {
        long[] sorted = trips.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000.0;
    }

    /** The other side of {@link #events}: waits for ping, answers pong, forever. */
    public static final class EventEcho {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = Namespace.open(args[0]);
                 SharedEvent ping = SharedEvent.attach(ns, "ping");
                 SharedEvent pong = SharedEvent.attach(ns, "pong")) {
                System.out.println("ready");
                for (;;) {
                    if (!ping.await(30, TimeUnit.SECONDS)) {
                        return; // the runner is gone
                    }
                    ping.clear();
                    pong.set();
                }
            }
        }
    }

    /** The other side of {@link #unixSocket}: echoes every byte back, blocking on each read. */
    public static final class SocketEcho {
        public static void main(String[] args) throws Exception {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(1);
                while (channel.read(buffer.clear()) > 0) {
                    channel.write(buffer.flip());
                }
            }
        }
    }
}

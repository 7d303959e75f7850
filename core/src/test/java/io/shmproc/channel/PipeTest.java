package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SegmentBuffer;
import io.shmproc.testing.TestNamespaces;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipes and connections in one JVM: both directions, raw bytes, polling, closing and end of stream. */
class PipeTest {
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path root;
    Namespace ns;
    ExecutorService threads;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("pipe")).directory(root).open();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        ns.close();
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    @Test
    void aDuplexPipeCarriesMessagesBothWaysInOrder() throws Exception {
        try (Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC);
             Pipe<Stamp> other = Pipe.attach(ns, "p", Stamp.CODEC)) {
            Connection<Stamp> a = pipe.first();
            Connection<Stamp> b = other.second();
            assertSame(a, pipe.first());
            assertTrue(a.isReadable() && a.isWritable() && pipe.isDuplex());
            for (int i = 0; i < 1000; i++) {
                a.send(Stamp.of(1, i, 100));
                b.send(Stamp.of(2, i, 100));
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(Stamp.of(1, i, 100), b.recv());
                assertEquals(Stamp.of(2, i, 100), a.recv());
            }
            assertFalse(a.poll());
            assertFalse(b.poll());
        }
    }

    @Test
    void aOneWayPipeReceivesAtItsFirstEndAndSendsFromItsSecond() throws Exception {
        try (Pipe<Stamp> pipe = Pipe.createOneWay(ns, "p", Stamp.CODEC)) {
            Connection<Stamp> receiver = pipe.first();
            Connection<Stamp> sender = pipe.second();
            assertFalse(pipe.isDuplex());
            assertTrue(receiver.isReadable() && !receiver.isWritable());
            assertTrue(sender.isWritable() && !sender.isReadable());
            sender.send(Stamp.of(3, 1, 10));
            assertEquals(Stamp.of(3, 1, 10), receiver.recv());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> receiver.send(Stamp.of(3, 2, 1)));
            assertTrue(e.getMessage().contains("only receives"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, sender::recv);
        }
    }

    @Test
    void rawBytesGoThroughWholeIntoArraysAndBuffers() throws Exception {
        try (Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(4096).create(ns, "p")) {
            Connection<Stamp> a = pipe.first();
            Connection<Stamp> b = pipe.second();
            byte[] hello = "hello, world".getBytes();
            a.sendBytes(hello);
            a.sendBytes(hello, 7, 5);
            a.sendBytes(new byte[0]);
            assertArrayEquals(hello, b.recvBytes());
            byte[] into = new byte[10];
            assertEquals(5, b.recvBytesInto(into, 3));
            assertArrayEquals("world".getBytes(), java.util.Arrays.copyOfRange(into, 3, 8));
            assertEquals(0, b.recvBytesInto(into));

            a.sendBytes(hello);
            BufferTooShortException tooShort = assertThrows(BufferTooShortException.class, () -> b.recvBytesInto(new byte[20], 10));
            assertArrayEquals(hello, tooShort.message(), "the whole message comes with the exception");
            assertFalse(b.poll(), "and it was received");

            a.sendBytes(hello);
            MessageTooLargeException tooLong = assertThrows(MessageTooLargeException.class, () -> b.recvBytes(4));
            assertEquals(hello.length, tooLong.length());
            assertArrayEquals(hello, b.recvBytes(hello.length), "a message over maxLength stays readable");

            SegmentBuffer buffer = SegmentBuffer.allocate(16);
            buffer.putLong(8, 0x1122334455667788L);
            a.sendBytes(buffer, 8, 8);
            long[] got = {0, 0};
            MessageHandler read = (buf, offset, length) -> {
                got[0] = buf.getLong(offset);
                got[1] = length;
            };
            b.recv(read);
            assertEquals(0x1122334455667788L, got[0]);
            assertEquals(8, got[1]);
            assertFalse(b.tryRecv(read), "nothing more now");
            a.sendBytes(buffer, 8, 8);
            assertTrue(b.tryRecv(read));
            assertThrows(MessageTooLargeException.class, () -> a.sendBytes(new byte[4096]));
        }
    }

    @Test
    void pollWaitsAboutItsTimeoutAndSaysWhenAMessageCame() throws Exception {
        try (Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC)) {
            Connection<Stamp> a = pipe.first();
            Connection<Stamp> b = pipe.second();
            long start = System.nanoTime();
            assertFalse(b.poll(60, TimeUnit.MILLISECONDS));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 59 && waited < 5_000, "waited " + waited + " ms");
            CompletableFuture<Boolean> polled = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.poll(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            assertThrows(TimeoutException.class, () -> polled.get(50, TimeUnit.MILLISECONDS));
            a.send(Stamp.of(4, 1, 1));
            assertTrue(polled.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(b.poll(), "poll takes nothing");
            assertEquals(Stamp.of(4, 1, 1), b.recv());
        }
    }

    @Test
    void closingAnEndDeliversWhatItSentThenTheEndOfTheStreamAndRefusesTheDirectionBack() throws Exception {
        try (Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC)) {
            Connection<Stamp> a = pipe.first();
            Connection<Stamp> b = pipe.second();
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    b.recv();
                    b.recv();
                    b.recv();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, threads);
            a.send(Stamp.of(5, 1, 1));
            a.send(Stamp.of(5, 2, 1));
            assertThrows(TimeoutException.class, () -> blocked.get(50, TimeUnit.MILLISECONDS));
            a.close();
            assertTrue(blocked.get(BOUND_SECONDS, TimeUnit.SECONDS) instanceof EOFException);
            assertThrows(EOFException.class, b::recv);
            assertTrue(b.poll(), "the end of the stream is readable at once");
            assertThrows(ChannelClosedException.class, () -> b.send(Stamp.of(5, 3, 1)), "nobody will read it");
            assertThrows(io.shmproc.memory.ClosedObjectException.class, () -> a.send(Stamp.of(5, 4, 1)));
        }
    }

    @Test
    void attachingWithAnotherCodecIsRefused() {
        try (Pipe<Stamp> pipe = Pipe.create(ns, "p", Stamp.CODEC)) {
            Codec<Stamp> other = new QueueContractTest.FailingCodec(Stamp.CODEC, 0) {
                @Override
                public String descriptor() {
                    return "other";
                }
            };
            assertThrows(IncompatibleObjectException.class, () -> Pipe.attach(ns, "p", other));
            assertThrows(IncompatibleObjectException.class, () -> SharedQueue.attach(ns, "p", Stamp.CODEC));
        }
    }
}

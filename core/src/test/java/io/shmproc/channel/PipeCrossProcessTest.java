package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipes between real JVMs: streams through a small pipe (so records wrap and pad), a duplex echo, and
 * SIGKILLs of a writer or a reader in the middle of a message, after which the other process takes
 * the dead one's end over and carries on.
 */
class PipeCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final List<String> FUTEX = List.of("--enable-native-access=ALL-UNNAMED");
    /** Small, so a stream comes round the ring many times and records of every length meet its end. */
    private static final int SMALL_PIPE = 16 << 10;

    @TempDir
    Path root;

    static Namespace namespace(String[] args) {
        return Namespace.builder(args[1]).directory(Path.of(args[0])).open();
    }

    static void awaitLine() throws Exception {
        new BufferedReader(new InputStreamReader(System.in)).readLine();
    }

    /** args: root ns count most. Sends count stamps of up to most padding bytes from the second end, then closes. */
    public static final class Streamer {
        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[2]);
            int most = Integer.parseInt(args[3]);
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", Stamp.CODEC)) {
                Connection<Stamp> out = pipe.second();
                System.out.println("sending");
                for (int seq = 0; seq < count; seq++) {
                    out.send(Stamp.of(7, seq, most));
                }
            }
        }
    }

    @Test
    void aChildStreamsStampsOfEveryLengthThroughASmallPipeInOrderAndItsCloseEndsTheStream() throws Exception {
        String name = TestNamespaces.unique("pipe-stream");
        int count = 100_000;
        int most = 3_000;
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(SMALL_PIPE).oneWay().create(ns, "p");
             ChildJvm writer = ChildJvm.startWith(FUTEX, Streamer.class, root.toString(), name, Integer.toString(count),
                     Integer.toString(most))) {
            Connection<Stamp> in = pipe.first();
            writer.awaitLine("sending", BOUND);
            for (int seq = 0; seq < count; seq++) {
                assertEquals(Stamp.of(7, seq, most), in.recv()); // the codec checks every byte
            }
            assertThrows(EOFException.class, in::recv, "the writer closed its end after its last message");
            assertEquals(0, writer.awaitExit(BOUND));
        }
    }

    /** args: root ns. Sends back from the first end every stamp it receives, until the end of the stream. */
    public static final class Echo {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", Stamp.CODEC)) {
                Connection<Stamp> end = pipe.first();
                System.out.println("echoing");
                try {
                    for (;;) {
                        Stamp s = end.recv();
                        end.send(new Stamp(s.producer() + 1, s.seq(), s.padding()));
                    }
                } catch (EOFException over) {
                    System.out.println("end of stream");
                }
            }
        }
    }

    @Test
    void aDuplexPipeCarriesRequestsAndAnswersBetweenTwoJvms() throws Exception {
        String name = TestNamespaces.unique("pipe-echo");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(SMALL_PIPE).create(ns, "p");
             ChildJvm echo = ChildJvm.startWith(FUTEX, Echo.class, root.toString(), name)) {
            Connection<Stamp> mine = pipe.second();
            echo.awaitLine("echoing", BOUND);
            for (int seq = 0; seq < 20_000; seq++) {
                Stamp sent = Stamp.of(1, seq, 2_000);
                mine.send(sent);
                if (seq % 3 == 0) {
                    mine.send(Stamp.of(1, -seq, 500)); // two in flight now and then
                    assertEquals(new Stamp(2, seq, sent.padding()), mine.recv());
                    Stamp second = Stamp.of(1, -seq, 500);
                    assertEquals(new Stamp(2, -seq, second.padding()), mine.recv());
                } else {
                    assertEquals(new Stamp(2, seq, sent.padding()), mine.recv());
                }
            }
            mine.close();
            echo.awaitLine("end of stream", BOUND);
            assertEquals(0, echo.awaitExit(BOUND));
        }
    }

    /**
     * A codec that, for a stamp with a negative seq, fills the whole message with 0xFF, says "writing" and
     * waits forever (a writer caught mid-message); for a stamp with seq -2 it stalls in decoding instead.
     */
    static final class StallingCodec implements Codec<Stamp> {
        @Override
        public int encodedLength(Stamp s) {
            return Stamp.CODEC.encodedLength(s);
        }

        @Override
        public int encode(Stamp s, MutableDirectBuffer buffer, int offset) {
            if (s.seq() == -1) {
                buffer.setMemory(offset, encodedLength(s), (byte) 0xFF);
                stall("writing");
            }
            return Stamp.CODEC.encode(s, buffer, offset);
        }

        @Override
        public Stamp decode(DirectBuffer buffer, int offset, int length) {
            Stamp s = Stamp.CODEC.decode(buffer, offset, length);
            if (s.seq() == -2) {
                stall("reading");
            }
            return s;
        }

        private static void stall(String what) {
            System.out.println(what);
            try {
                awaitLine();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String descriptor() {
            return Stamp.CODEC.descriptor();
        }
    }

    /** args: root ns. From the second end: sends one stamp, then one whose writing stalls until killed. */
    public static final class DiesMidSend {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", new StallingCodec())) {
                Connection<Stamp> out = pipe.second();
                out.send(new Stamp(3, 0, 40));
                out.send(new Stamp(3, -1, 2_000));
            }
        }
    }

    @Test
    void aWriterKilledInTheMiddleOfAMessageLeavesWhatItCommittedAndTheProcessThatTakesItsEndOverCarriesOn() throws Exception {
        String name = TestNamespaces.unique("pipe-midsend");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(SMALL_PIPE).oneWay().create(ns, "p");
             ChildJvm writer = ChildJvm.startWith(FUTEX, DiesMidSend.class, root.toString(), name)) {
            Connection<Stamp> in = pipe.first();
            writer.awaitLine("writing", BOUND);
            assertEquals(new Stamp(3, 0, 40), in.recv());
            assertFalse(in.poll(200, TimeUnit.MILLISECONDS), "half a message is nothing to receive, and a live writer is waited for");
            writer.kill();
            writer.awaitExit(BOUND);
            assertThrows(EOFException.class, in::recv, "its writer died and what it committed was received");

            // this process takes the dead writer's end: the bytes it left half written must not be read as records
            Connection<Stamp> out = pipe.second();
            for (int seq = 1; seq <= 400; seq++) {
                out.send(Stamp.of(4, seq, 60)); // shorter than the abandoned message: its 0xFF bytes lie beyond each record
                assertEquals(Stamp.of(4, seq, 60), in.recv());
                assertFalse(in.tryRecv((buffer, offset, length) -> {
                    throw new AssertionError("received " + length + " bytes nobody sent");
                }), "nothing else is there");
            }
        }
    }

    /** args: root ns. Receives at the first end, stalling in the middle of decoding a stamp of seq -2 until killed. */
    public static final class DiesMidRecv {
        public static void main(String[] args) throws Exception {
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", new StallingCodec())) {
                Connection<Stamp> in = pipe.first();
                System.out.println("got " + in.recv().seq());
                in.recv();
            }
        }
    }

    @Test
    void aReaderKilledInTheMiddleOfAMessageLeavesItToTheProcessThatTakesItsEndOver() throws Exception {
        String name = TestNamespaces.unique("pipe-midrecv");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(SMALL_PIPE).oneWay().create(ns, "p");
             ChildJvm reader = ChildJvm.startWith(FUTEX, DiesMidRecv.class, root.toString(), name)) {
            Connection<Stamp> out = pipe.second();
            out.send(new Stamp(5, 0, 10));
            out.send(new Stamp(5, -2, 100));
            out.send(new Stamp(5, 2, 100));
            reader.awaitLine("got 0", BOUND);
            reader.awaitLine("reading", BOUND);
            reader.kill();
            reader.awaitExit(BOUND);
            Connection<Stamp> in = pipe.first();
            assertEquals(new Stamp(5, -2, 100), in.recv(), "not received by anyone alive: it is received again");
            assertEquals(new Stamp(5, 2, 100), in.recv());
            for (int seq = 3; seq < 2_000; seq++) {
                out.send(Stamp.of(5, seq, 500)); // round the ring: what the dead reader took was zeroed again
                assertEquals(Stamp.of(5, seq, 500), in.recv());
            }
        }
    }

    /** args: root ns most. Sends stamps from the second end as fast as it can until killed. */
    public static final class SendsUntilKilled {
        public static void main(String[] args) throws Exception {
            int most = Integer.parseInt(args[2]);
            try (Namespace ns = namespace(args); Pipe<Stamp> pipe = Pipe.attach(ns, "p", Stamp.CODEC)) {
                Connection<Stamp> out = pipe.second();
                System.out.println("sending");
                for (int seq = 0;; seq++) {
                    out.send(Stamp.of(6, seq, most));
                }
            }
        }
    }

    @Test
    void writersKilledAtRandomMomentsNeverLoseDuplicateOrTearAMessageAndTheirEndIsTakenOverEachTime() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int runs = 30;
        int most = 6_000; // long messages: a kill often lands in the middle of one
        String name = TestNamespaces.unique("pipe-kills");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             Pipe<Stamp> pipe = Pipe.builder(Stamp.CODEC).capacityBytes(64 << 10).oneWay().create(ns, "p")) {
            Connection<Stamp> in = pipe.first();
            long received = 0;
            for (int run = 0; run < runs; run++) {
                try (ChildJvm writer = ChildJvm.startWith(FUTEX, SendsUntilKilled.class, root.toString(), name, Integer.toString(most))) {
                    writer.awaitLine("sending", BOUND);
                    int before = random.nextInt(3_000);
                    int seq = 0;
                    for (; seq < before; seq++) {
                        assertEquals(Stamp.of(6, seq, most), in.recv(), "run " + run + " (seed " + seed + ")");
                    }
                    writer.kill();
                    writer.awaitExit(BOUND);
                    try {
                        for (;; seq++) { // what it committed before it died, in order, then the end of the stream
                            assertEquals(Stamp.of(6, seq, most), in.recv(), "run " + run + " (seed " + seed + ")");
                        }
                    } catch (EOFException end) {
                        received += seq;
                    }
                }
                // take the dead writer's end over for one message, which must arrive whole
                Connection<Stamp> takeover = pipe.second();
                takeover.send(new Stamp(8, run, random.nextInt(most)));
                Stamp got = in.recv();
                assertEquals(8, got.producer(), "run " + run + " (seed " + seed + ")");
                assertEquals(run, got.seq());
            }
            System.out.println("pipe kill loop: " + runs + " writers killed, " + received + " messages received whole");
            assertTrue(received > 0);
        }
    }
}

package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ReferencedNamespaces;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.Serialisation;
import io.shmproc.testing.TestNamespaces;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queues, pipes, connections and codecs serialised by name: a copy is the same channel. */
class ChannelByNameTest {
    private static final long BOUND_SECONDS = 30;

    record Tick(long time, double price) {}

    record Job(String what, SharedLong done) implements Serializable {}

    /** A codec that works but cannot travel. */
    static final class LocalCodec implements Codec<String> {
        @Override
        public int encodedLength(String message) {
            return Codecs.string().encodedLength(message);
        }

        @Override
        public int encode(String message, MutableDirectBuffer buffer, int offset) {
            return Codecs.string().encode(message, buffer, offset);
        }

        @Override
        public String decode(DirectBuffer buffer, int offset, int length) {
            return Codecs.string().decode(buffer, offset, length);
        }

        @Override
        public String descriptor() {
            return "local-utf8";
        }
    }

    @TempDir
    Path root;
    private Namespace ns;

    @BeforeEach
    void open() {
        ns = Namespace.builder(TestNamespaces.unique("chanbyname")).directory(root).open();
    }

    @AfterEach
    void close() {
        ns.close();
        ReferencedNamespaces.close(root, ns.name());
        assertEquals(List.of(), TestNamespaces.contents(root), "nothing left once both handles are closed");
    }

    @Test
    void aQueueOfferedThroughTheCopyIsPolledFromTheOriginal() throws InterruptedException {
        try (SharedQueue<String> jobs = SharedQueue.create(ns, "jobs", Codecs.string());
             SharedQueue<String> copy = Serialisation.roundTrip(jobs)) {
            assertNotSame(jobs, copy);
            assertSame(SharedQueue.class, copy.getClass());
            assertSame(Codecs.string(), copy.codec());
            assertTrue(copy.offer("from the copy"));
            assertEquals("from the copy", jobs.poll(BOUND_SECONDS, TimeUnit.SECONDS));
            jobs.put("from the original");
            assertEquals("from the original", copy.poll(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void aJoinableQueueCopyIsJoinable() throws InterruptedException {
        try (JoinableQueue<Long> jobs = JoinableQueue.create(ns, "jobs", Codecs.ofLong())) {
            JoinableQueue<Long> copy = Serialisation.roundTrip(jobs);
            copy.put(7L);
            assertEquals(7L, jobs.take());
            assertEquals(1, copy.unfinishedTasks());
            jobs.taskDone();
            assertTrue(copy.join(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSimpleQueueCopyIsTheSameQueue() throws InterruptedException {
        try (SimpleQueue<Tick> ticks = SimpleQueue.create(ns, "ticks", Codecs.record(Tick.class));
             SimpleQueue<Tick> copy = Serialisation.roundTrip(ticks, Tick.class)) {
            copy.put(new Tick(1, 2.5));
            assertEquals(new Tick(1, 2.5), ticks.take());
        }
    }

    @Test
    void aPipeCopyAndAConnectionCopyAreTheSameEnds() throws Exception {
        try (Pipe<String> pipe = Pipe.create(ns, "p", Codecs.string())) {
            Pipe<String> pipeCopy = Serialisation.roundTrip(pipe);
            assertTrue(pipeCopy.isDuplex());
            Connection<String> mine = pipe.first();
            Connection<String> theirs = Serialisation.roundTrip(pipeCopy.second());
            theirs.send("to the first end");
            assertEquals("to the first end", mine.recv());
            mine.send("to the second end");
            assertTrue(theirs.poll(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals("to the second end", theirs.recv());
            Connection<String> mineAgain = Serialisation.roundTrip(mine);
            theirs.send("to the first end again");
            assertEquals("to the first end again", mineAgain.recv(), "a copy of the first end is the first end");
        }
    }

    @Test
    void aOneWayPipeConnectionKeepsItsDirection() throws Exception {
        try (Pipe<byte[]> pipe = Pipe.createOneWay(ns, "p", Codecs.bytes())) {
            Connection<byte[]> sender = Serialisation.roundTrip(pipe.second());
            assertTrue(sender.isWritable() && !sender.isReadable());
            sender.sendBytes(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, pipe.first().recvBytes());
        }
    }

    @Test
    void everyBuiltInCodecTravelsAndSharedInstancesKeepTheirIdentity() {
        for (Codec<?> shared : List.of(Codecs.bytes(), Codecs.string(), Codecs.ofLong(), Codecs.ofInt(), Codecs.ofShort(),
                Codecs.ofByte(), Codecs.ofDouble(), Codecs.ofFloat(), Codecs.ofBoolean(), Codecs.ofCharacter())) {
            assertSame(shared, Serialisation.roundTrip(shared), shared.toString());
        }
        assertSame(Codecs.record(Tick.class), Serialisation.roundTrip(Codecs.record(Tick.class), Tick.class));
        Codec<Job> jobs = Codecs.serializableBuilder(Job.class).allowSharedObjects().allowPackage("com.acme")
                .maxDepth(7).build();
        Codec<Job> copy = Serialisation.roundTrip(jobs, Job.class);
        assertEquals(jobs.descriptor(), copy.descriptor());
        assertEquals(jobs.toString(), copy.toString());
    }

    @Test
    void aQueueWhoseCodecCannotTravelIsRefusedByName() {
        try (SharedQueue<String> local = SharedQueue.create(ns, "local", new LocalCodec())) {
            NotSerializableException e = assertThrows(NotSerializableException.class, () -> Serialisation.write(local));
            assertTrue(e.getMessage().contains("queue 'local'"), e.getMessage());
            assertTrue(e.getMessage().contains("make the codec class implement java.io.Serializable"), e.getMessage());
        }
        try (Pipe<String> pipe = Pipe.create(ns, "localpipe", new LocalCodec())) {
            NotSerializableException e = assertThrows(NotSerializableException.class,
                    () -> Serialisation.write(pipe.first()));
            assertTrue(e.getMessage().contains("pipe 'localpipe'"), e.getMessage());
        }
    }

    @Test
    void aSerialisingCodecCarriesSharedObjectsByName() throws InterruptedException {
        Codec<Job> codec = Codecs.serializableBuilder(Job.class).allowSharedObjects().build();
        try (SharedLong done = SharedLong.create(ns, "done", 0);
             SharedQueue<Job> jobs = SharedQueue.create(ns, "jobs", codec)) {
            SharedQueue<Job> copy = Serialisation.roundTrip(jobs, Job.class);
            copy.put(new Job("resize", done));
            Job taken = jobs.poll(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals("resize", taken.what());
            assertNotSame(done, taken.done());
            taken.done().incrementAndGet();
            assertEquals(1, done.get(), "the message carried the counter, not a copy of it");
        }
    }

    @Test
    void withoutAllowingSharedObjectsASerialisingCodecRefusesThem() {
        Codec<Job> codec = Codecs.serializable(Job.class);
        try (SharedLong done = SharedLong.create(ns, "done", 0);
             SharedQueue<Job> jobs = SharedQueue.create(ns, "jobs", codec)) {
            CodecException e = assertThrows(CodecException.class, () -> jobs.offer(new Job("x", done)));
            assertTrue(e.getMessage().contains("io.shmproc.memory.SharedReference"), e.getMessage());
        }
    }

    @Test
    void aQueueCopyOutlivesTheUsersOwnHandle() throws InterruptedException {
        SharedQueue<String> copy;
        try (Namespace mine = Namespace.builder(ns.name()).directory(root).open();
             SharedQueue<String> jobs = SharedQueue.create(mine, "jobs", Codecs.string())) {
            jobs.keep(); // the creator's close would unlink it
            copy = Serialisation.roundTrip(jobs);
        }
        assertTrue(copy.offer("still here"), "closing the user's handle leaves the deserialised one working");
        assertEquals("still here", copy.poll(BOUND_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(SharedQueue.class, copy);
        assertTrue(ns.unlink("jobs"));
    }
}

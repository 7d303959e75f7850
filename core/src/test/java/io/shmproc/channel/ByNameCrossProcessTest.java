package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ProcessInfo;
import io.shmproc.memory.SharedReference;
import io.shmproc.shared.SharedLong;
import io.shmproc.sync.SharedLock;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared objects serialised in one JVM and attached by name in another. */
class ByNameCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path root;

    private static String serialise(Object... objects) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            for (Object o : objects) {
                out.writeObject(o);
            }
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * Reads a counter, a queue and a lock from args[0] (base64), says "attached", then under the lock
     * increments the counter and puts a line on the queue; says "done".
     */
    public static final class Incrementer {
        public static void main(String[] args) throws Exception {
            SharedLong counter;
            SharedQueue<String> queue;
            SharedLock lock;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(args[0])))) {
                in.setObjectInputFilter(SharedReference.filter());
                counter = (SharedLong) in.readObject();
                @SuppressWarnings("unchecked")
                SharedQueue<String> q = (SharedQueue<String>) in.readObject();
                queue = q;
                lock = (SharedLock) in.readObject();
            }
            System.out.println("attached");
            if (!lock.tryLock(60, TimeUnit.SECONDS)) {
                System.out.println("lock timeout");
                return;
            }
            try {
                long value = counter.incrementAndGet();
                queue.put("child saw " + value);
            } finally {
                lock.unlock();
            }
            System.out.println("done");
        } // exiting closes the reference handles (a shutdown hook): nothing of this JVM stays attached
    }

    @Test
    void aChildAttachesACounterAQueueAndALockByName() throws Exception {
        String name = TestNamespaces.unique("byname-xp");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLong counter = SharedLong.create(ns, "counter", 41);
             SharedQueue<String> queue = SharedQueue.create(ns, "queue", Codecs.string());
             SharedLock lock = SharedLock.create(ns, "lock")) {
            String bytes = serialise(counter, queue, lock);
            lock.lock();
            try (ChildJvm child = ChildJvm.start(Incrementer.class, bytes)) {
                child.awaitLine("attached", BOUND);
                assertNull(queue.poll(), "the child waits for the lock this process holds");
                assertEquals(41, counter.get());
                lock.unlock();
                assertEquals("child saw 42", queue.poll(BOUND.toSeconds(), TimeUnit.SECONDS));
                assertEquals(42, counter.get());
                child.awaitLine("done", BOUND);
                assertEquals(0, child.awaitExit(BOUND));
            }
            assertTrue(lock.tryLock(), "the child released the lock before it exited");
            lock.unlock();
            assertEquals(1, ns.processes().attached().stream().filter(ProcessInfo::alive).count(), "the child left the namespace");
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }

    /** Reads a counter from args[0], says "attached", waits for a line, increments, says the value. */
    public static final class LastToLeave {
        public static void main(String[] args) throws Exception {
            SharedLong counter;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(args[0])))) {
                in.setObjectInputFilter(SharedReference.filter());
                counter = (SharedLong) in.readObject();
            }
            System.out.println("attached");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            System.out.println(counter.incrementAndGet());
        }
    }

    @Test
    void aChildThatIsTheLastToLeaveRemovesTheNamespace() throws Exception {
        String name = TestNamespaces.unique("byname-last");
        try (ChildJvm child = openAndHandOver(name)) {
            assertTrue(TestNamespaces.contents(root).size() > 0, "the child keeps the namespace");
            child.send("go");
            assertEquals("8", child.nextLine(BOUND), "the object outlives its creator's close while the child maps it");
            assertEquals(0, child.awaitExit(BOUND));
        }
        assertEquals(List.of(), TestNamespaces.contents(root), "the child's shutdown hook closed its handle, and it was last");
    }

    private ChildJvm openAndHandOver(String name) throws Exception {
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLong counter = SharedLong.create(ns, "counter", 7)) {
            ChildJvm child = ChildJvm.start(LastToLeave.class, serialise(counter));
            child.awaitLine("attached", BOUND);
            return child;
        } // this process leaves first
    }
}

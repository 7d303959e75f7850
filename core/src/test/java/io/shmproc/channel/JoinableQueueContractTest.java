package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The queue contract for a {@link JoinableQueue}, and what it adds: taskDone and join. */
class JoinableQueueContractTest extends QueueContractTest {
    @Override
    SharedQueue<Stamp> create(Namespace ns, String name, int capacity) {
        return SharedQueue.builder(Stamp.CODEC).capacityBytes(capacity).createJoinable(ns, name);
    }

    @Override
    SharedQueue<Stamp> attach(Namespace ns, String name) {
        return JoinableQueue.attach(ns, name, Stamp.CODEC);
    }

    @Test
    void joinReturnsOnceEveryMessageIsMarkedDoneAndOneTaskDoneTooManyThrows() throws Exception {
        try (JoinableQueue<Stamp> q = SharedQueue.builder(Stamp.CODEC).createJoinable(ns, "jobs");
             SharedQueue<Stamp> plain = SharedQueue.attach(ns, "jobs", Stamp.CODEC)) {
            assertTrue(q.join(0, TimeUnit.SECONDS), "nothing put: nothing to wait for");
            q.put(Stamp.of(1, 1, 10));
            plain.put(Stamp.of(1, 2, 10)); // a plain handle's puts count too
            assertEquals(2, q.unfinishedTasks());
            assertFalse(q.join(20, TimeUnit.MILLISECONDS));
            CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
                try {
                    q.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            q.take();
            q.take();
            assertEquals(2, q.unfinishedTasks(), "taking is not finishing");
            q.taskDone();
            assertThrows(TimeoutException.class, () -> joined.get(50, TimeUnit.MILLISECONDS));
            q.taskDone();
            joined.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, q.unfinishedTasks());
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertTrue(e.getMessage().contains("more times than messages were put"), e.getMessage());
        }
    }

    @Test
    void aPlainQueueIsNotJoinable() {
        try (SharedQueue<Stamp> q = SharedQueue.create(ns, "plain", Stamp.CODEC)) {
            assertThrows(IncompatibleObjectException.class, () -> JoinableQueue.attach(ns, "plain", Stamp.CODEC));
        }
    }
}

package io.shmproc.process;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.MessageTooLargeException;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLongArray;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * The main class of a {@link ProcessPool}'s worker JVMs; not for starting by hand. A worker attaches its
 * pool's queues by name, runs the initializer, then takes tasks until the pool closes its task queue or
 * it has run {@code maxTasksPerChild} tasks. Before a task leaves the queue the worker writes the task's
 * id into its slot of the pool's {@code running} array, so that if the worker dies the pool knows which
 * task died with it; a worker that dies before it has written the id leaves the task in the queue, where
 * another worker takes it.
 *
 * <p>Arguments: namespace directory root, namespace name, slot, most tasks (0: no limit), and the
 * initializer as base64 of its serialised form ("" for none).
 */
public final class PoolWorker {
    /** Functions decoded by id, so that the chunks of one map, or repeated applies, decode theirs once. */
    private static final int CACHED_FUNCTIONS = 64;

    private final SharedQueue<byte[]> tasks;
    private final SharedQueue<byte[]> results;
    private final SharedLongArray running;
    private final SharedLongArray cancelled;
    private final int slot;
    private final Map<Long, Object> functions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > CACHED_FUNCTIONS;
        }
    };
    private byte[] taken;

    private PoolWorker(SharedQueue<byte[]> tasks, SharedQueue<byte[]> results, SharedLongArray running,
                       SharedLongArray cancelled, int slot) {
        this.tasks = tasks;
        this.results = results;
        this.running = running;
        this.cancelled = cancelled;
        this.slot = slot;
    }

    /** @param args namespace root, namespace name, slot, most tasks, initializer */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int slot = Integer.parseInt(args[2]);
        long mostTasks = Long.parseLong(args[3]);
        try (Namespace ns = Namespace.builder(args[1]).directory(root).open();
             SharedQueue<byte[]> tasks = SharedQueue.attach(ns, ProcessPool.TASKS, Codecs.bytes());
             SharedQueue<byte[]> results = SharedQueue.attach(ns, ProcessPool.RESULTS, Codecs.bytes());
             SharedLongArray running = SharedLongArray.attach(ns, ProcessPool.RUNNING);
             SharedLongArray cancelled = SharedLongArray.attach(ns, ProcessPool.CANCELLED)) {
            if (!args[4].isEmpty()) {
                Runnable initializer = (Runnable) Outcome.deserialise(new ByteArrayInputStream(Base64.getDecoder().decode(args[4])));
                initializer.run();
            }
            new PoolWorker(tasks, results, running, cancelled, slot).work(mostTasks);
        }
    }

    private void work(long mostTasks) throws InterruptedException {
        MessageHandler takeAndRecord = this::record;
        long done = 0;
        while (mostTasks == 0 || done < mostTasks) {
            int taken = tasks.drain(takeAndRecord, 1, Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (taken < 0) {
                return; // closed and drained: the pool is shutting down
            }
            if (taken == 0) {
                continue;
            }
            long id = taskIdOf(this.taken);
            byte[] result = wasCancelled(id)
                    ? PoolMessages.failure(id, new java.util.concurrent.CancellationException("cancelled before it started"))
                    : run(this.taken);
            try {
                results.put(result);
            } catch (MessageTooLargeException tooLarge) {
                results.put(PoolMessages.failure(id, tooLarge));
            }
            running.setRelease(slot, 0);
            done++;
        }
    }

    /** Runs while the message is still in the queue: the slot names the task before the task leaves it. */
    private void record(DirectBuffer buffer, int offset, int length) {
        running.setRelease(slot, buffer.getLong(offset + PoolMessages.TASK_ID_OFFSET, java.nio.ByteOrder.BIG_ENDIAN));
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        taken = copy;
    }

    private boolean wasCancelled(long id) {
        for (int i = 0; i < ProcessPool.REMEMBERED_CANCELLATIONS; i++) {
            if (cancelled.get(i) == id) {
                return true;
            }
        }
        return false;
    }

    private static long taskIdOf(byte[] task) {
        long id = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            id = id << 8 | (task[PoolMessages.TASK_ID_OFFSET + i] & 0xFF);
        }
        return id;
    }

    private byte[] run(byte[] message) {
        long taskId = 0;
        try {
            PoolMessages.Reader task = new PoolMessages.Reader(message);
            taskId = task.readLong();
            long functionId = task.readLong();
            byte kind = task.readByte();
            Object function = functions.get(functionId);
            if (function == null) {
                function = Outcome.deserialise(new ByteArrayInputStream(task.readBytes()));
                functions.put(functionId, function);
            } else {
                task.skipBytes();
            }
            return PoolMessages.result(taskId, Work.run(kind, function, task.readValues()));
        } catch (Throwable thrown) {
            return PoolMessages.failure(taskId, thrown);
        }
    }
}

package io.shmproc.channel;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import io.shmproc.sync.Sleeper;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SharedQueue} that also counts messages put and not yet marked done, so that a process can
 * wait until every message has been handled: Python's {@code multiprocessing.JoinableQueue}.
 *
 * <pre>{@code
 * // producer
 * try (JoinableQueue<String> jobs = JoinableQueue.create(ns, "jobs", Codecs.string())) {
 *     for (String job : jobsToDo) {
 *         jobs.put(job);
 *     }
 *     jobs.join();                     // returns once a consumer called taskDone() for each
 * }
 * // consumers, in any process
 * JoinableQueue<String> jobs = JoinableQueue.attach(ns, "jobs", Codecs.string());
 * for (;;) {
 *     String job = jobs.take();
 *     try {
 *         run(job);
 *     } finally {
 *         jobs.taskDone();
 *     }
 * }
 * }</pre>
 *
 * The count lives in shared memory beside the ring: a message counts from the moment its put returns
 * until some process calls {@link #taskDone()}. A producer that dies in the middle of a put leaves no
 * count behind (its unfinished message is skipped and uncounted); a consumer that dies after taking a
 * message and before {@code taskDone()} leaves that message unfinished, as the work was indeed not done,
 * so a {@link #join(long, TimeUnit)} with a timeout is the robust way to wait.
 *
 * @param <E> the element type
 */
public final class JoinableQueue<E> extends SharedQueue<E> {

    JoinableQueue(Region region, Codec<E> codec) {
        super(region, codec, "joinable queue");
    }

    /** Creates the joinable queue {@code name} with the default capacity (1 MiB); see {@link SharedQueue#builder}. */
    public static <E> JoinableQueue<E> create(Namespace ns, String name, Codec<E> codec) {
        return SharedQueue.builder(codec).createJoinable(ns, name);
    }

    /**
     * Attaches the existing joinable queue {@code name}.
     *
     * @throws io.shmproc.memory.IncompatibleObjectException if it is a plain queue or has another codec
     */
    public static <E> JoinableQueue<E> attach(Namespace ns, String name, Codec<E> codec) {
        return new JoinableQueue<>(ns.attach(name, type(codec, true)), codec);
    }

    /**
     * Marks one taken message done; when none is left unfinished, every {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than messages were put (Python's ValueError)
     */
    public void taskDone() {
        ring().taskDone();
    }

    /** Waits until every message put has been marked done with {@link #taskDone()}. */
    public void join() throws InterruptedException {
        ring().join(Long.MAX_VALUE);
    }

    /** As {@link #join()}, waiting at most {@code timeout}. @return false if unfinished messages remain */
    public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
        return ring().join(Sleeper.deadline(unit.toNanos(timeout)));
    }

    /** @return messages put and not yet marked done (taken or not) */
    public long unfinishedTasks() {
        return ring().unfinished();
    }
}

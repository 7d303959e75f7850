package io.shmproc.samples;

import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.shared.SharedLong;
import io.shmproc.sync.SharedEvent;
import io.shmproc.sync.SharedLock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ten processes decrement one shared counter a hundred times each, three ways:
 *
 * <pre>
 * with a SharedLock, get then set:   0 (expected 0)
 * without a lock, get then set:      412 (expected 0: 412 updates lost to races)
 * without a lock, decrementAndGet:   0 (expected 0)
 * </pre>
 *
 * The middle line varies from run to run — that is the point: a read-modify-write that is not atomic
 * loses updates when processes interleave, unless a lock makes it exclusive or the update is one
 * atomic instruction. The children are {@link JvmProcess}es whose task captures the counter, the lock
 * and an event (they travel by name); all start counting together when the parent sets the event.
 *
 * <pre>{@code
 * List<Long> finals = SharedCounterSample.run(System.out); // locked, racy, atomic
 * }</pre>
 */
public final class SharedCounterSample {
    static final int PROCESSES = 10;
    static final int DECREMENTS = 100;
    static final long START = PROCESSES * DECREMENTS;

    private static final Duration BOUND = Duration.ofSeconds(120);

    private SharedCounterSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the three ways and prints a line for each; returns the three final counts. */
    public static List<Long> run(PrintStream out) throws InterruptedException {
        List<Long> finals = new ArrayList<>();
        for (String way : List.of("locked", "racy", "atomic")) {
            long left = countDown(way);
            finals.add(left);
            String label = switch (way) {
                case "locked" -> "with a SharedLock, get then set:  ";
                case "racy" -> "without a lock, get then set:     ";
                default -> "without a lock, decrementAndGet:  ";
            };
            out.println(label + " " + left + " (expected 0" + (left == 0 ? ")" : ": " + left + " updates lost to races)"));
        }
        return finals;
    }

    private static long countDown(String way) throws InterruptedException {
        String namespace = "counter-sample-" + ProcessHandle.current().pid() + "-" + way;
        try (Namespace ns = Namespace.open(namespace);
             SharedLong counter = SharedLong.create(ns, "counter", START);
             SharedLock lock = SharedLock.create(ns, "lock");
             SharedEvent go = SharedEvent.create(ns, "go")) {
            List<JvmProcess> children = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                children.add(JvmProcess.of(() -> countDown(counter, lock, go, way)).start());
            }
            go.set();
            for (JvmProcess child : children) {
                if (!child.join(BOUND) || child.exitCode().orElseThrow() != 0) {
                    children.forEach(JvmProcess::kill);
                    throw new IllegalStateException(child.name() + " did not finish cleanly within " + BOUND + ": " + child,
                            child.exception().orElse(null));
                }
            }
            return counter.get();
        }
    }

    /** Runs in each child, on the objects it attached by name. */
    private static void countDown(SharedLong counter, SharedLock lock, SharedEvent go, String way) {
        try {
            if (!go.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the parent never said go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the parent to say go", e);
        }
        for (int i = 0; i < DECREMENTS; i++) {
            switch (way) {
                case "locked" -> {
                    lock.lock();
                    try {
                        decrementSlowly(counter);
                    } finally {
                        lock.unlock();
                    }
                }
                case "racy" -> decrementSlowly(counter);
                default -> counter.decrementAndGet();
            }
        }
    }

    /** Python's {@code counter.value -= 1}: a read, a pause in which another process may write, a write. */
    private static void decrementSlowly(SharedLong counter) {
        long value = counter.get();
        Thread.yield();
        counter.set(value - 1);
    }
}

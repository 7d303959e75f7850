package io.shmproc.samples;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.sync.SharedEvent;
import io.shmproc.sync.SharedLock;
import java.io.IOException;
import java.io.PrintStream;
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
 * atomic instruction. The children are started with {@link ProcessBuilder} on the same {@code java}
 * and class path, and all start counting together when the parent sets an event.
 */
public final class SharedCounterSample {
    static final int PROCESSES = 10;
    static final int DECREMENTS = 100;
    static final long START = PROCESSES * DECREMENTS;

    private SharedCounterSample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("child")) {
            child(args[1], args[2]);
        } else {
            run(System.out);
        }
    }

    /** Runs the three ways and prints a line for each; returns the three final counts. */
    public static List<Long> run(PrintStream out) throws IOException, InterruptedException {
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

    @SuppressWarnings("try") // the lock is created here for the children to attach
    private static long countDown(String way) throws IOException, InterruptedException {
        String namespace = "counter-sample-" + ProcessHandle.current().pid() + "-" + way;
        try (Namespace ns = Namespace.open(namespace);
             SharedLong counter = SharedLong.create(ns, "counter", START);
             SharedLock lock = SharedLock.create(ns, "lock");
             SharedEvent go = SharedEvent.create(ns, "go")) {
            List<Process> children = new ArrayList<>();
            String java = ProcessHandle.current().info().command().orElse("java");
            for (int i = 0; i < PROCESSES; i++) {
                children.add(new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        SharedCounterSample.class.getName(), "child", namespace, way).inheritIO().start());
            }
            go.set();
            for (Process child : children) {
                if (!child.waitFor(120, TimeUnit.SECONDS) || child.exitValue() != 0) {
                    children.forEach(Process::destroyForcibly);
                    throw new IllegalStateException("a child did not finish cleanly");
                }
            }
            return counter.get();
        }
    }

    private static void child(String namespace, String way) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             SharedLong counter = SharedLong.attach(ns, "counter");
             SharedLock lock = SharedLock.attach(ns, "lock");
             SharedEvent go = SharedEvent.attach(ns, "go")) {
            if (!go.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the parent never said go");
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
    }

    /** Python's {@code counter.value -= 1}: a read, a pause in which another process may write, a write. */
    private static void decrementSlowly(SharedLong counter) {
        long value = counter.get();
        Thread.yield();
        counter.set(value - 1);
    }
}

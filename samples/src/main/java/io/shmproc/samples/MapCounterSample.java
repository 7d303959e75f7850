package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.collections.SharedMap;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.sync.SharedLock;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Python's manager-dict-with-a-lock example: seventy processes each take one from {@code counter} in a
 * shared map that starts at a hundred, two ways, and the count ends at exactly thirty both times:
 *
 * <pre>
 * with a SharedLock, get then put:   30 (expected 30)
 * without a lock, merge:             30 (expected 30)
 * </pre>
 *
 * The first way is Python's: {@code with lock: d["counter"] -= 1}, a read and a write that the lock makes
 * one step. The second needs no lock, because {@link SharedMap#merge} is itself atomic across processes
 * (Python's manager dict has no such operation). Each child is a {@link JvmProcess} whose task captures
 * the map and the lock (they travel by name).
 *
 * <p>Seventy JVMs are a crowd for a small machine, so each child gets a 32 MB heap and runs interpreted
 * ({@code -Xint}: it makes one update and exits, so compiling would cost more than it saves), and at most
 * {@link #AT_ONCE} run at a time, a new one starting as the oldest ends. Measured on 2 cores busy with
 * other work, seventy started at once took two to three times the CPU of the same seventy started ten at
 * a time, and the namespace lock that each takes to attach was then so contended that some gave up after
 * its 30 s bound.
 *
 * <pre>{@code
 * List<Integer> finals = MapCounterSample.run(System.out); // locked, merged
 * }</pre>
 */
public final class MapCounterSample {
    static final int PROCESSES = 70;
    static final int START = 100;
    static final int EXPECTED = START - PROCESSES;
    /** Children alive at once: enough to contend for the lock, few enough for a 2-core machine. */
    static final int AT_ONCE = 10;

    private MapCounterSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the two ways and prints a line for each; returns the two final counts. */
    public static List<Integer> run(PrintStream out) throws InterruptedException {
        List<Integer> finals = new ArrayList<>();
        for (String way : List.of("locked", "merged")) {
            int left = countDown(way);
            finals.add(left);
            String label = way.equals("locked") ? "with a SharedLock, get then put:  " : "without a lock, merge:            ";
            out.println(label + " " + left + " (expected " + EXPECTED + ")");
        }
        return finals;
    }

    private static int countDown(String way) throws InterruptedException {
        String namespace = "map-counter-sample-" + ProcessHandle.current().pid() + "-" + way;
        try (Namespace ns = Namespace.open(namespace);
             SharedMap<String, Integer> shared = SharedMap.builder(Codecs.string(), Codecs.ofInt()).maxEntries(16).create(ns, "shared");
             SharedLock lock = SharedLock.create(ns, "lock")) {
            shared.put("counter", START);
            Deque<JvmProcess> running = new ArrayDeque<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    if (running.size() == AT_ONCE) {
                        Samples.awaitClean(running.removeFirst());
                    }
                    running.addLast(JvmProcess.of(() -> takeOne(shared, lock, way)).addJvmOptions("-Xmx32m", "-Xint").start());
                }
                while (!running.isEmpty()) {
                    Samples.awaitClean(running.removeFirst());
                }
            } finally {
                running.forEach(JvmProcess::kill); // only after a failure: the others would outlive the namespace
            }
            return shared.get("counter");
        }
    }

    /** Runs in each child, on the objects it attached by name. */
    private static void takeOne(SharedMap<String, Integer> shared, SharedLock lock, String way) {
        if (way.equals("locked")) {
            lock.lock();
            try {
                shared.put("counter", shared.get("counter") - 1);
            } finally {
                lock.unlock();
            }
        } else {
            shared.merge("counter", -1, Integer::sum);
        }
    }
}

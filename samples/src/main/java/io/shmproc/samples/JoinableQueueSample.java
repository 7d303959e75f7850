package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.JoinableQueue;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two producer processes put ten numbers each into a {@link JoinableQueue} and wait in {@code join()}
 * until every number has been handled; two consumer processes, which loop forever like Python's daemon
 * workers, square each number into a results queue and mark it done. Once both producers have joined,
 * the parent stops the consumers and prints the squares:
 *
 * <pre>
 * producer 0 joined: every task was marked done
 * producer 1 joined: every task was marked done
 * 20 results: [0, 1, 4, 9, 16, ..., 361]
 * consumers stopped
 * </pre>
 *
 * Producers and consumers are {@link JvmProcess}es whose tasks capture the queues (they travel by name);
 * the consumers are daemons, and each producer returns its line for the parent to print.
 *
 * <pre>{@code
 * List<Long> squares = JoinableQueueSample.run(System.out);
 * }</pre>
 */
public final class JoinableQueueSample {
    static final int PRODUCERS = 2;
    static final int CONSUMERS = 2;
    static final int TASKS_EACH = 10;

    private JoinableQueueSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the producers and consumers; returns the sorted squares. */
    public static List<Long> run(PrintStream out) throws Exception {
        String namespace = "joinable-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             JoinableQueue<Long> tasks = JoinableQueue.create(ns, "tasks", Codecs.ofLong());
             SharedQueue<Long> results = SharedQueue.create(ns, "results", Codecs.ofLong())) {
            List<JvmProcess> consumers = new ArrayList<>();
            try {
                for (int c = 0; c < CONSUMERS; c++) {
                    consumers.add(JvmProcess.of(() -> consume(tasks, results)).setDaemon(true).start());
                }
                List<JvmProcess> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int id = p;
                    producers.add(JvmProcess.of(() -> produce(tasks, id)).start());
                }
                for (JvmProcess producer : producers) {
                    Samples.linesOf(producer).forEach(out::println);
                }
                List<Long> squares = new ArrayList<>();
                results.drainTo(squares);
                squares.sort(null);
                out.println(squares.size() + " results: " + squares);
                return squares;
            } finally {
                consumers.forEach(JvmProcess::terminate); // what Python does to daemonic workers at exit
                for (JvmProcess consumer : consumers) {
                    if (!consumer.join(Samples.BOUND)) {
                        consumer.kill();
                    }
                }
                out.println("consumers stopped");
            }
        }
    }

    /** Runs in each producer; returns the line the parent prints. */
    private static ArrayList<String> produce(JoinableQueue<Long> tasks, int id) throws InterruptedException {
        for (long n = 0; n < TASKS_EACH; n++) {
            tasks.put(id * TASKS_EACH + n);
        }
        if (!tasks.join(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks were still unfinished after a minute");
        }
        return new ArrayList<>(List.of("producer " + id + " joined: every task was marked done"));
    }

    /** Runs in each consumer, until the parent stops it. */
    private static void consume(JoinableQueue<Long> tasks, SharedQueue<Long> results) {
        try {
            for (;;) {
                long n = tasks.take();
                results.put(n * n); // the result is in shared memory before the task is marked done
                tasks.taskDone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

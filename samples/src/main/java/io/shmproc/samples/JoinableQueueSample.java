package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.JoinableQueue;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
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
 */
public final class JoinableQueueSample {
    static final int PRODUCERS = 2;
    static final int CONSUMERS = 2;
    static final int TASKS_EACH = 10;

    private JoinableQueueSample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("producer")) {
            producer(args[1], Integer.parseInt(args[2]));
        } else if (args.length == 2 && args[0].equals("consumer")) {
            consumer(args[1]);
        } else {
            run(System.out);
        }
    }

    /** Runs the producers and consumers; returns the sorted squares. */
    public static List<Long> run(PrintStream out) throws Exception {
        String namespace = "joinable-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             JoinableQueue<Long> tasks = JoinableQueue.create(ns, "tasks", Codecs.ofLong());
             SharedQueue<Long> results = SharedQueue.create(ns, "results", Codecs.ofLong())) {
            List<Process> consumers = new ArrayList<>();
            try {
                for (int c = 0; c < CONSUMERS; c++) {
                    consumers.add(ChildProcesses.start(JoinableQueueSample.class, "consumer", namespace));
                }
                List<Process> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    producers.add(ChildProcesses.start(JoinableQueueSample.class, "producer", namespace, Integer.toString(p)));
                }
                for (Process producer : producers) {
                    ChildProcesses.finish(producer).forEach(out::println);
                }
                List<Long> squares = new ArrayList<>();
                results.drainTo(squares);
                squares.sort(null);
                out.println(squares.size() + " results: " + squares);
                return squares;
            } finally {
                consumers.forEach(Process::destroyForcibly); // what Python does to daemonic workers at exit
                for (Process consumer : consumers) {
                    consumer.waitFor(60, TimeUnit.SECONDS);
                }
                out.println("consumers stopped");
            }
        }
    }

    private static void producer(String namespace, int id) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             JoinableQueue<Long> tasks = JoinableQueue.attach(ns, "tasks", Codecs.ofLong())) {
            for (long n = 0; n < TASKS_EACH; n++) {
                tasks.put(id * TASKS_EACH + n);
            }
            if (!tasks.join(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("tasks were still unfinished after a minute");
            }
            System.out.println("producer " + id + " joined: every task was marked done");
        }
    }

    private static void consumer(String namespace) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             JoinableQueue<Long> tasks = JoinableQueue.attach(ns, "tasks", Codecs.ofLong());
             SharedQueue<Long> results = SharedQueue.attach(ns, "results", Codecs.ofLong())) {
            for (;;) { // until the parent stops this process
                long n = tasks.take();
                results.put(n * n); // the result is in shared memory before the task is marked done
                tasks.taskDone();
            }
        }
    }
}

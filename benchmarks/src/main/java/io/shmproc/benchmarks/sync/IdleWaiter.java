package io.shmproc.benchmarks.sync;

import io.shmproc.benchmarks.Child;
import io.shmproc.benchmarks.Figure;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.sync.SharedEvent;
import io.shmproc.sync.Waiting;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a waiter that nobody wakes costs: a child JVM waits 5 s on an event that is never set and
 * reports the CPU time its waiting thread used, as a percentage of one core.
 */
public final class IdleWaiter {
    private static final long SECONDS = 5;

    private IdleWaiter() {
    }

    /** @param strategy "futex" or "park" (the portable fallback) */
    public static Figure measure(String strategy, int repeats) throws Exception {
        return measure(strategy, "event", repeats);
    }

    /**
     * @param strategy "futex" or "park"
     * @param what     "event" (SharedEvent.await) or "queue" (SharedQueue.poll with a timeout, on an empty queue)
     */
    @SuppressWarnings("try") // the event and queue exist for the child to wait on
    public static Figure measure(String strategy, String what, int repeats) throws Exception {
        List<Double> percents = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String name = "bench-idle-" + ProcessHandle.current().pid() + "-" + r;
            try (Namespace ns = Namespace.open(name);
                 SharedEvent never = SharedEvent.create(ns, "never");
                 SharedQueue<byte[]> empty = SharedQueue.create(ns, "empty", Codecs.bytes());
                 Child waiter = Child.jvm(Waiter.class, name, strategy, what)) {
                String line = waiter.readLine();
                if (!line.startsWith(strategy + " ")) {
                    throw new IllegalStateException("the waiter used another strategy than " + strategy + ": " + line);
                }
                percents.add(Double.parseDouble(line.substring(strategy.length() + 1)));
            }
        }
        return Figure.of(percents, "% of a core");
    }

    /** Waits 5 s on "never" and prints "strategy percent". */
    public static final class Waiter {
        public static void main(String[] args) throws Exception {
            if (args[1].equals("park")) {
                System.setProperty("shmproc.wait", "park");
            }
            boolean queue = args.length > 2 && args[2].equals("queue");
            try (Namespace ns = Namespace.open(args[0]); SharedEvent never = SharedEvent.attach(ns, "never");
                 SharedQueue<byte[]> empty = SharedQueue.attach(ns, "empty", Codecs.bytes())) {
                never.await(1, TimeUnit.MILLISECONDS); // first use links the futex downcall: not idle cost
                empty.poll(1, TimeUnit.MILLISECONDS);
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpu = threads.getCurrentThreadCpuTime();
                if (queue ? empty.poll(SECONDS, TimeUnit.SECONDS) != null : never.await(SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("nobody should set it or put into it");
                }
                double used = (threads.getCurrentThreadCpuTime() - cpu) / (SECONDS * 1e9) * 100;
                System.out.println(Waiting.strategy() + " " + used);
            }
        }
    }
}

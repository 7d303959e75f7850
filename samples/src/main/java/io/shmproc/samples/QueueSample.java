package io.shmproc.samples;

import io.shmproc.channel.ChannelClosedException;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer process puts A, B and C into a shared queue and closes it for puts; a reader process, started
 * after the writer has exited, takes them and then sees the end of the stream:
 *
 * <pre>
 * writer put A
 * writer put B
 * writer put C
 * writer closed the queue for puts and exited
 * reader got A
 * reader got B
 * reader got C
 * reader reached the end of the stream
 * </pre>
 *
 * The messages outlive the process that put them: they are in shared memory, not in a pipe or a feeder
 * thread of the writer.
 */
public final class QueueSample {
    static final List<String> EXPECTED = List.of("writer put A", "writer put B", "writer put C",
            "writer closed the queue for puts and exited", "reader got A", "reader got B", "reader got C",
            "reader reached the end of the stream");

    private QueueSample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("writer")) {
            writer(args[1]);
        } else if (args.length == 2 && args[0].equals("reader")) {
            reader(args[1]);
        } else {
            run(System.out);
        }
    }

    /** Runs the writer, then the reader, printing what each printed; returns the lines. */
    @SuppressWarnings("try") // the queue is created here for the children to attach
    public static List<String> run(PrintStream out) throws Exception {
        String namespace = "queue-sample-" + ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        try (Namespace ns = Namespace.open(namespace);
             SharedQueue<String> letters = SharedQueue.create(ns, "letters", Codecs.string())) {
            lines.addAll(ChildProcesses.finish(ChildProcesses.start(QueueSample.class, "writer", namespace)));
            lines.add("writer closed the queue for puts and exited");
            lines.addAll(ChildProcesses.finish(ChildProcesses.start(QueueSample.class, "reader", namespace)));
        }
        lines.forEach(out::println);
        return lines;
    }

    private static void writer(String namespace) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             SharedQueue<String> letters = SharedQueue.attach(ns, "letters", Codecs.string())) {
            for (String letter : List.of("A", "B", "C")) {
                letters.put(letter);
                System.out.println("writer put " + letter);
            }
            letters.closeForPuts();
        }
    }

    private static void reader(String namespace) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             SharedQueue<String> letters = SharedQueue.attach(ns, "letters", Codecs.string())) {
            try {
                for (;;) {
                    System.out.println("reader got " + letters.take());
                }
            } catch (ChannelClosedException endOfStream) {
                System.out.println("reader reached the end of the stream");
            }
        }
    }
}

package io.shmproc.samples;

import io.shmproc.channel.ChannelClosedException;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
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
 * thread of the writer. Writer and reader are {@link JvmProcess}es whose tasks capture the queue (it
 * travels by name) and return what they did, which the parent prints in order.
 *
 * <pre>{@code
 * List<String> lines = QueueSample.run(System.out);
 * }</pre>
 */
public final class QueueSample {
    static final List<String> EXPECTED = List.of("writer put A", "writer put B", "writer put C",
            "writer closed the queue for puts and exited", "reader got A", "reader got B", "reader got C",
            "reader reached the end of the stream");

    private QueueSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the writer, then the reader, printing what each printed; returns the lines. */
    public static List<String> run(PrintStream out) throws Exception {
        String namespace = "queue-sample-" + ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        try (Namespace ns = Namespace.open(namespace);
             SharedQueue<String> letters = SharedQueue.create(ns, "letters", Codecs.string())) {
            lines.addAll(Samples.linesOf(JvmProcess.of(() -> write(letters)).start()));
            lines.add("writer closed the queue for puts and exited");
            lines.addAll(Samples.linesOf(JvmProcess.of(() -> read(letters)).start()));
        }
        lines.forEach(out::println);
        return lines;
    }

    /** Runs in the writer. */
    private static ArrayList<String> write(SharedQueue<String> letters) throws InterruptedException {
        ArrayList<String> lines = new ArrayList<>();
        for (String letter : List.of("A", "B", "C")) {
            letters.put(letter);
            lines.add("writer put " + letter);
        }
        letters.closeForPuts();
        return lines;
    }

    /** Runs in the reader. */
    private static ArrayList<String> read(SharedQueue<String> letters) throws InterruptedException {
        ArrayList<String> lines = new ArrayList<>();
        try {
            for (;;) {
                lines.add("reader got " + letters.take());
            }
        } catch (ChannelClosedException endOfStream) {
            lines.add("reader reached the end of the stream");
        }
        return lines;
    }
}

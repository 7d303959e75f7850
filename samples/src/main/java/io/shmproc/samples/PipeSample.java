package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.Connection;
import io.shmproc.channel.Pipe;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import java.io.EOFException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer process sends ten messages over a one-way pipe and closes its end; a consumer process
 * receives until the end of the stream and stops cleanly:
 *
 * <pre>
 * consumer got message 0
 * ...
 * consumer got message 9
 * consumer: end of stream after 10 messages
 * </pre>
 *
 * The consumer would see the end of the stream in the same way if the producer died instead of closing.
 * Both are {@link JvmProcess}es whose tasks capture the pipe (it travels by name); the consumer returns
 * its lines, which the parent prints.
 *
 * <pre>{@code
 * List<String> lines = PipeSample.run(System.out);
 * }</pre>
 */
public final class PipeSample {
    static final int MESSAGES = 10;

    private PipeSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs producer and consumer at once; returns what the consumer printed. */
    public static List<String> run(PrintStream out) throws Exception {
        String namespace = "pipe-sample-" + ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        try (Namespace ns = Namespace.open(namespace);
             Pipe<String> pipe = Pipe.createOneWay(ns, "messages", Codecs.string())) {
            JvmProcess consumer = JvmProcess.of(() -> consume(pipe)).start();
            JvmProcess producer = JvmProcess.of(() -> produce(pipe)).start();
            Samples.awaitClean(producer);
            lines.addAll(Samples.linesOf(consumer));
        }
        lines.forEach(out::println);
        return lines;
    }

    /** Runs in the producer; returns how many messages it sent. */
    private static int produce(Pipe<String> pipe) throws InterruptedException {
        try (Connection<String> sender = pipe.second()) {
            for (int i = 0; i < MESSAGES; i++) {
                sender.send("message " + i);
            }
        } // closing the sending end is what ends the consumer's stream
        return MESSAGES;
    }

    /** Runs in the consumer. */
    private static ArrayList<String> consume(Pipe<String> pipe) throws InterruptedException {
        Connection<String> receiver = pipe.first();
        ArrayList<String> lines = new ArrayList<>();
        try {
            for (;;) {
                lines.add("consumer got " + receiver.recv());
            }
        } catch (EOFException endOfStream) {
            lines.add("consumer: end of stream after " + lines.size() + " messages");
        }
        return lines;
    }
}

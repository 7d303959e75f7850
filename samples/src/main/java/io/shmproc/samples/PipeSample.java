package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.Connection;
import io.shmproc.channel.Pipe;
import io.shmproc.memory.Namespace;
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
 */
public final class PipeSample {
    static final int MESSAGES = 10;

    private PipeSample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("producer")) {
            producer(args[1]);
        } else if (args.length == 2 && args[0].equals("consumer")) {
            consumer(args[1]);
        } else {
            run(System.out);
        }
    }

    /** Runs producer and consumer at once; returns what the consumer printed. */
    @SuppressWarnings("try") // the pipe is created here for the children to attach
    public static List<String> run(PrintStream out) throws Exception {
        String namespace = "pipe-sample-" + ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        try (Namespace ns = Namespace.open(namespace);
             Pipe<String> pipe = Pipe.createOneWay(ns, "messages", Codecs.string())) {
            Process consumer = ChildProcesses.start(PipeSample.class, "consumer", namespace);
            Process producer = ChildProcesses.start(PipeSample.class, "producer", namespace);
            ChildProcesses.finish(producer);
            lines.addAll(ChildProcesses.finish(consumer));
        }
        lines.forEach(out::println);
        return lines;
    }

    private static void producer(String namespace) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             Pipe<String> pipe = Pipe.attach(ns, "messages", Codecs.string());
             Connection<String> sender = pipe.second()) {
            for (int i = 0; i < MESSAGES; i++) {
                sender.send("message " + i);
            }
        } // closing the sending end is what ends the consumer's stream
    }

    private static void consumer(String namespace) throws InterruptedException {
        try (Namespace ns = Namespace.open(namespace);
             Pipe<String> pipe = Pipe.attach(ns, "messages", Codecs.string())) {
            Connection<String> receiver = pipe.first();
            int received = 0;
            try {
                for (;;) {
                    System.out.println("consumer got " + receiver.recv());
                    received++;
                }
            } catch (EOFException endOfStream) {
                System.out.println("consumer: end of stream after " + received + " messages");
            }
        }
    }
}

package io.shmproc.samples;

import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs every sample in turn and ends with a summary; every child JVM is a {@link JvmProcess}. {@code mvn -q -Pdemo package} runs it in a real
 * {@code java} process, so the samples can start child JVMs on the project's class path.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        long start = System.nanoTime();
        out.println("== process ids: a parent and the child JVM it starts");
        JvmProcess child = ProcessIdSample.run(out);
        boolean asExpected = child.exitCode().orElseThrow() == 0;

        out.println();
        out.println("== " + FiveProcessesSample.PROCESSES + " processes started and joined");
        asExpected &= FiveProcessesSample.run(out).stream().allMatch(p -> p.exitCode().orElseThrow() == 0);

        out.println();
        out.println("== shared memory: values, a byte string, an array and structs changed by a child JVM");
        List<String> lines = SharedMemorySample.run(out);
        asExpected &= lines.equals(SharedMemorySample.EXPECTED);

        out.println();
        out.println("== a raw shared-memory region and a shareable list, attached by name and changed by a child JVM");
        asExpected &= RawRegionSample.run(out).equals(RawRegionSample.EXPECTED);

        out.println();
        out.println("== a counter shared by " + SharedCounterSample.PROCESSES + " processes, each decrementing it "
                + SharedCounterSample.DECREMENTS + " times from " + SharedCounterSample.START);
        List<Long> finals = SharedCounterSample.run(out);
        asExpected &= finals.get(0) == 0 && finals.get(2) == 0 && finals.get(1) >= 0;

        out.println();
        out.println("== a shared map, list and namespace: a child JVM changes them; the parent prints them");
        asExpected &= SharedCollectionsSample.run(out).equals(SharedCollectionsSample.EXPECTED);

        out.println();
        out.println("== a counter in a shared map, " + MapCounterSample.START + " to start, " + MapCounterSample.PROCESSES
                + " processes each taking one (" + MapCounterSample.AT_ONCE + " at a time)");
        asExpected &= MapCounterSample.run(out).stream().allMatch(left -> left == MapCounterSample.EXPECTED);

        out.println();
        out.println("== a queue: a writer process puts A, B, C; a reader process takes them");
        asExpected &= QueueSample.run(out).equals(QueueSample.EXPECTED);

        out.println();
        out.println("== a joinable queue: producers join until daemon-like consumers have done every task");
        asExpected &= JoinableQueueSample.run(out).size() == JoinableQueueSample.PRODUCERS * JoinableQueueSample.TASKS_EACH;

        out.println();
        out.println("== a pipe: ten messages, then the end of the stream");
        asExpected &= PipeSample.run(out).size() == PipeSample.MESSAGES + 1;

        out.println();
        out.println("== a pool of " + ApplyAsyncSample.WORKERS + " worker JVMs: ten messages through applyAsync");
        asExpected &= ApplyAsyncSample.run(out).size() == ApplyAsyncSample.MESSAGES;

        out.println();
        out.println("== a pool of 2: map of a slow Fibonacci function");
        asExpected &= FibonacciMapSample.run(out).get(FibonacciMapSample.COUNT - 1) == 514229L;

        out.println();
        out.println("== a pool of 2: starmap over (base, exponent) pairs");
        asExpected &= StarmapSample.run(out).size() == StarmapSample.PAIRS.size();

        out.printf("%nSummary: 13 samples ran in %d ms across %d JVMs; %s%n", (System.nanoTime() - start) / 1_000_000,
                1 + 1 + FiveProcessesSample.PROCESSES + 1 + 1 + 3 * SharedCounterSample.PROCESSES + 1 + 2 * MapCounterSample.PROCESSES
                        + 2 + JoinableQueueSample.PRODUCERS
                        + JoinableQueueSample.CONSUMERS + 2 + ApplyAsyncSample.WORKERS + 2 + 2,
                asExpected ? "every result as expected (the racy count may differ from run to run)." : "UNEXPECTED results, see above.");
        if (!asExpected) {
            System.exit(1);
        }
    }
}

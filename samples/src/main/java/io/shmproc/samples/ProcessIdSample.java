package io.shmproc.samples;

import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Python's "show the process ids" example: the parent prints its pid, then starts a child JVM that
 * prints its own pid and its parent's, which is the first line's:
 *
 * <pre>
 * main: pid 4711
 * Process-1: pid 4723, parent pid 4711
 * </pre>
 *
 * The child's line goes straight to the standard output it shares with its parent.
 *
 * <pre>{@code
 * ProcessIdSample.run(System.out);
 * }</pre>
 */
public final class ProcessIdSample {
    private static final Duration BOUND = Duration.ofSeconds(120);

    private ProcessIdSample() {
    }

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    /**
     * Prints the parent's line to {@code out}, runs the child (whose line goes to this JVM's standard
     * output) and waits for it.
     *
     * @return the child, exited
     * @throws IllegalStateException if the child does not exit cleanly within two minutes
     */
    public static JvmProcess run(PrintStream out) throws InterruptedException {
        out.println("main: pid " + ProcessHandle.current().pid());
        out.flush(); // before the child writes to the same file
        JvmProcess child = JvmProcess.of(ProcessIdSample::showIds).start();
        if (!child.join(BOUND)) {
            child.kill();
            throw new IllegalStateException(child.name() + " did not finish within " + BOUND);
        }
        if (child.exitCode().orElseThrow() != 0) {
            throw new IllegalStateException(child.name() + " exited with " + child.exitCode().orElseThrow());
        }
        return child;
    }

    /** Runs in the child. */
    private static void showIds() {
        long parent = JvmProcess.parent().orElseThrow().pid();
        System.out.println(JvmProcess.current().name() + ": pid " + ProcessHandle.current().pid() + ", parent pid " + parent);
    }
}

package io.shmproc.samples;

import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Five processes started together and joined, each saying hello under the name Python would give it;
 * then the parent prints their exit codes:
 *
 * <pre>
 * hello from Process-3
 * hello from Process-1
 * ...                        (the five greetings in whatever order the children run)
 * Process-1 exited with 0
 * Process-2 exited with 0
 * ...
 * Process-5 exited with 0
 * </pre>
 *
 * <pre>{@code
 * List<JvmProcess> exited = FiveProcessesSample.run(System.out);
 * }</pre>
 */
public final class FiveProcessesSample {
    static final int PROCESSES = 5;
    private static final Duration BOUND = Duration.ofSeconds(120);

    private FiveProcessesSample() {
    }

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    /**
     * Starts the five children (their greetings go to this JVM's standard output), joins them, and prints
     * each one's exit code to {@code out}.
     *
     * @return the children, exited
     * @throws IllegalStateException if a child does not exit within two minutes (all are killed then)
     */
    public static List<JvmProcess> run(PrintStream out) throws InterruptedException {
        List<JvmProcess> children = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            children.add(JvmProcess.of(FiveProcessesSample::sayHello).start());
        }
        for (JvmProcess child : children) {
            if (!child.join(BOUND)) {
                children.forEach(JvmProcess::kill);
                throw new IllegalStateException(child.name() + " did not finish within " + BOUND);
            }
        }
        for (JvmProcess child : children) {
            out.println(child.name() + " exited with " + child.exitCode().orElseThrow());
        }
        return children;
    }

    /** Runs in each child. */
    private static void sayHello() {
        System.out.println("hello from " + JvmProcess.current().name());
    }
}

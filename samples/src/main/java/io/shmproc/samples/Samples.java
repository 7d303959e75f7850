package io.shmproc.samples;

import io.shmproc.process.JvmProcess;
import java.time.Duration;
import java.util.List;

/**
 * What the samples do with the children whose lines they print in a fixed order: wait for one
 * (bounded) and take the lines its task returned.
 *
 * <pre>{@code
 * List<String> lines = Samples.linesOf(JvmProcess.of(() -> new ArrayList<>(List.of("done"))).start());
 * }</pre>
 */
final class Samples {
    static final Duration BOUND = Duration.ofSeconds(120);

    private Samples() {
    }

    /**
     * Waits for a started {@code child}, whose task returns a list of lines.
     *
     * @return the lines it returned
     * @throws IllegalStateException if it failed, or did not finish within two minutes (it is killed then)
     */
    static List<String> linesOf(JvmProcess child) throws InterruptedException {
        awaitClean(child);
        List<?> lines = (List<?>) child.result();
        return lines.stream().map(String.class::cast).toList();
    }

    /**
     * Waits (at most two minutes) for a started child to exit with 0.
     *
     * @throws IllegalStateException if it failed or took too long (it is killed then)
     */
    static void awaitClean(JvmProcess child) throws InterruptedException {
        if (!child.join(BOUND)) {
            child.kill();
            throw new IllegalStateException(child.name() + " did not finish within " + BOUND + "; it was killed");
        }
        int code = child.exitCode().orElseThrow();
        if (code != 0) {
            throw new IllegalStateException(child.name() + " exited with " + code, child.exception().orElse(null));
        }
    }
}

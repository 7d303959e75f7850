package io.shmproc.benchmarks.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds a child's spinning waits: a spin loop calls {@link #idle()} each time it finds nothing to do,
 * and this fails the child with a clear message once its partners died or its time is up, instead of
 * spinning forever on a ring nobody will ever write again.
 *
 * <p>The checks run every 1024 idle spins and the liveness check at most every 50 ms, so an idle spin
 * costs an increment and a {@link Thread#onSpinWait()}, as in Agrona's busy-spin strategy; a loop that
 * finds work never calls this at all.
 */
public final class Patience {
    /** How long a child may work in all: far above a normal repeat, well below "hung forever". */
    public static final Duration CHILD_LIMIT = Duration.ofSeconds(30);

    private static final long LIVENESS_PERIOD = 50_000_000L;

    private final String waitingFor;
    private final List<ProcessHandle> partners;
    private final Duration limit;
    private final long deadline;
    private long nextLivenessCheck;
    private int spins;

    /**
     * @param waitingFor what the child waits for, for the message ("the echo's replies")
     * @param partners   processes whose death means nothing more will come
     */
    public Patience(String waitingFor, List<ProcessHandle> partners, Duration limit) {
        this.waitingFor = waitingFor;
        this.partners = List.copyOf(partners);
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.nextLivenessCheck = System.nanoTime();
    }

    /**
     * @param pids the partners' process ids, comma-separated (as a runner passes them), may be empty;
     *             the parent (the runner) is always watched too
     */
    public static Patience watching(String waitingFor, String pids) {
        List<ProcessHandle> partners = new ArrayList<>();
        ProcessHandle.current().parent().ifPresent(partners::add);
        for (String pid : pids.split(",")) {
            if (!pid.isBlank()) {
                partners.add(ProcessHandle.of(Long.parseLong(pid.trim()))
                        .orElseThrow(() -> new IllegalStateException("partner " + pid + " is already gone")));
            }
        }
        return new Patience(waitingFor, partners, CHILD_LIMIT);
    }

    /** Called when a spin found nothing; throws once the wait can no longer end well. */
    public void idle() {
        if ((++spins & 0x3FF) == 0) {
            check();
        }
        Thread.onSpinWait();
    }

    /** @throws IllegalStateException if a partner died or the time is up */
    public void check() {
        long now = System.nanoTime();
        if (now - deadline > 0) {
            throw new IllegalStateException("gave up waiting for " + waitingFor + " after " + limit.toMillis()
                    + " ms: a partner is alive but stuck, or the machine is far too busy");
        }
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_PERIOD;
            for (ProcessHandle partner : partners) {
                if (!partner.isAlive()) {
                    throw new IllegalStateException("gave up waiting for " + waitingFor + ": its partner, process "
                            + partner.pid() + ", died");
                }
            }
        }
    }
}

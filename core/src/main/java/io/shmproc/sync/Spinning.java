package io.shmproc.sync;

/**
 * How long a waiter spins before it sleeps. Long enough that a hand-off already under way (a peer
 * between its claim and its commit, or just woken from its own sleep) completes without a system call;
 * short enough that an idle waiter soon costs nothing. {@link Thread#onSpinWait()} takes from a few to
 * over a hundred cycles depending on the processor, so the number of spins is measured once per JVM
 * rather than fixed.
 *
 * <pre>{@code
 * for (int round = 0; round < Spinning.SPINS; round++) {
 *     if (ready()) {
 *         return;
 *     }
 *     round += Spinning.pause(round);
 * }
 * // then announce the sleep, look once more, and sleep on the futex
 * }</pre>
 */
public final class Spinning {
    /** The time a waiter spins before it sleeps. */
    public static final long SPIN_NANOS = 20_000;
    /** How many {@link Thread#onSpinWait()} calls take about {@link #SPIN_NANOS} here. */
    public static final int SPINS = calibrate();
    /** The first part of a waiter's spin, about 2.5 us, is pure: a hand-off under way lands in it. */
    static final int PURE_SPINS = SPINS / 8;
    /** The rest of a waiter's spin is this many yields. */
    static final int YIELDS = 16;
    private static final int ROUNDS_PER_YIELD = Math.max(1, (SPINS - PURE_SPINS) / YIELDS);

    private Spinning() {
    }

    /**
     * One pause of a waiter that spins before it sleeps: round {@code round} of {@link #SPINS}.
     *
     * <p>Past the first {@link #PURE_SPINS} rounds it yields the processor instead of spinning. A
     * waiter waits most often just after it sent a request and woke the peer that will answer; on a
     * machine with few processors the scheduler may queue that peer on the waiter's own processor,
     * where a pure spin would keep it from running until the spin ends. A yield lets it run at once, so
     * the answer comes while the waiter is still awake and costs it no futex wake.
     *
     * @return the rounds this pause stood for beyond the one its caller counts, never taking the count past
     *         {@link #SPINS}
     */
    public static int pause(int round) {
        if (round < PURE_SPINS) {
            Thread.onSpinWait();
            return 0;
        }
        Thread.yield();
        return Math.max(0, Math.min(ROUNDS_PER_YIELD, SPINS - round) - 1); // the spin ends at SPINS, not past it
    }

    private static int calibrate() {
        int probe = 2_000;
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) { // the fastest of three: an interrupt only makes one slower
            long start = System.nanoTime();
            for (int i = 0; i < probe; i++) {
                Thread.onSpinWait();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        double perSpin = Math.max(1, best) / (double) probe;
        return (int) Math.max(100, Math.min(100_000, SPIN_NANOS / perSpin));
    }
}

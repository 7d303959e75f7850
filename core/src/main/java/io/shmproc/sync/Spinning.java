package io.shmproc.sync;

/**
 * How long a waiter spins before it sleeps. Long enough that a hand-off already under way (a peer
 * between its claim and its commit, or just woken from its own sleep) completes without sleeping;
 * short enough that an idle waiter soon costs nothing.
 *
 * <p>The spin is counted in rounds, and a round stands for a fixed time: {@link #SPIN_NANOS} over
 * {@link #SPINS}. {@link Thread#onSpinWait()} takes from a few to over a hundred cycles depending on
 * the processor, so how many of them make {@link #SPINS} is measured once per JVM rather than fixed;
 * and a yield takes from a few hundred nanoseconds (nothing else to run) to a whole time slice, so each
 * yield is timed and counts for as many rounds as it took.
 *
 * <p>The spin starts pure for about as long as one yield costs here (measured once per JVM), then
 * yields. Spinning longer than a yield costs would be a bad bet on a machine with few processors: a
 * peer that this waiter just woke is often queued on this waiter's own processor (the scheduler wakes
 * a thread where its waker runs), and there it cannot answer until the waiter yields. Measured on a
 * 2-processor virtual machine, a blocking round trip whose echo was asleep took 15-20 us with a
 * 2.5 us pure spin and 8-10 us with a pure spin as long as a yield (about 0.5 us there).
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
    /**
     * The time a waiter spins before it sleeps. The answer to a request that woke a sleeping peer
     * comes after that peer's wake-up, which on a virtual machine with an idle processor takes 10 to
     * 30 us; a waiter still spinning then takes the answer with no system call of its own, and the
     * round trip pays for one wake-up instead of two.
     */
    public static final long SPIN_NANOS = 50_000;
    /**
     * The first part of a waiter's spin is pure, so a hand-off under way between two awake peers lands
     * in it with no system call: as long as one {@link Thread#yield()} costs here, between 100 ns and
     * 2.5 us.
     */
    static final long PURE_SPIN_NANOS;
    /** How many rounds of {@link Thread#onSpinWait()} take about {@link #SPIN_NANOS} here. */
    public static final int SPINS;
    /** The rounds of the pure part of the spin; the rest of the spin yields. */
    static final int PURE_SPINS;
    /** The time one round stands for. */
    private static final double NANOS_PER_ROUND;

    static {
        double perSpin = nanosPerSpinWait();
        PURE_SPIN_NANOS = Math.max(100, Math.min(2_500, nanosPerYield()));
        SPINS = (int) Math.max(100, Math.min(1_000_000, SPIN_NANOS / perSpin));
        PURE_SPINS = (int) Math.max(1, SPINS * PURE_SPIN_NANOS / SPIN_NANOS);
        NANOS_PER_ROUND = SPIN_NANOS / (double) SPINS;
    }

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
     * @return the rounds this pause stood for beyond the one its caller counts (a yield counts for the
     *         time it took), never taking the count past {@link #SPINS}
     */
    public static int pause(int round) {
        if (round < PURE_SPINS) {
            Thread.onSpinWait();
            return 0;
        }
        long start = System.nanoTime();
        Thread.yield();
        long rounds = (long) ((System.nanoTime() - start) / NANOS_PER_ROUND);
        return (int) Math.max(0, Math.min(rounds, SPINS - round) - 1); // the spin ends at SPINS, not past it
    }

    private static double nanosPerSpinWait() {
        int probe = 2_000;
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) { // the fastest of three: an interrupt only makes one slower
            long start = System.nanoTime();
            for (int i = 0; i < probe; i++) {
                Thread.onSpinWait();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return Math.max(1, best) / (double) probe;
    }

    /** @return the cheapest of a few yields: the system call's own cost, when no other thread wanted the processor */
    private static long nanosPerYield() {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 16; attempt++) {
            long start = System.nanoTime();
            Thread.yield();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}

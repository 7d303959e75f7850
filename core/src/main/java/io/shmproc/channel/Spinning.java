package io.shmproc.channel;

/**
 * How long a waiter spins before it sleeps. Long enough that a hand-off already under way (a peer
 * between its claim and its commit, or just woken from its own sleep) completes without a system call;
 * short enough that an idle waiter soon costs nothing. {@link Thread#onSpinWait()} takes from a few to
 * over a hundred cycles depending on the processor, so the number of spins is measured once per JVM
 * rather than fixed.
 */
final class Spinning {
    /** The time a waiter spins before it sleeps. */
    static final long SPIN_NANOS = 20_000;
    /** How many {@link Thread#onSpinWait()} calls take about {@link #SPIN_NANOS} here. */
    static final int SPINS = calibrate();

    private Spinning() {
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

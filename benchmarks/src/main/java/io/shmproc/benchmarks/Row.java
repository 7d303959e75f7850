package io.shmproc.benchmarks;

/**
 * One line of the results table: a shmproc benchmark and the peer it is measured beside, in the same
 * run, and the target ratio from {@code shared/BENCHMARKS.md}.
 *
 * @param group        the JMH benchmark class both methods live in
 * @param what         what the row measures, as the table shows it
 * @param ours         the shmproc benchmark method
 * @param peerName     the peer, as the table shows it
 * @param peer         the peer's benchmark method in the same class
 * @param maxRatio     the target: ours / peer must not exceed this (times per operation);
 *                     {@link Double#NaN} when the row is reported with no target
 */
record Row(Class<?> group, String what, String ours, String peerName, String peer, double maxRatio) {

    String oursKey() {
        return group.getName() + "." + ours;
    }

    String peerKey() {
        return group.getName() + "." + peer;
    }

    boolean hasTarget() {
        return !Double.isNaN(maxRatio);
    }
}

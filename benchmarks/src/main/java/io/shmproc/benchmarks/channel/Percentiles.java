package io.shmproc.benchmarks.channel;

import java.util.Arrays;

/**
 * The median and 99th percentile of a run's round trips, by the nearest-rank method: the value at
 * rank {@code ceil(q * n)} of the sorted sample, so every figure is a time some round trip really took
 * (no interpolation between two of them). The Python peers compute theirs the same way.
 *
 * @param p50 the median round trip, in ns
 * @param p99 the 99th percentile, in ns
 */
public record Percentiles(long p50, long p99) {

    /** @param nanos the round trips, in ns (not modified) */
    public static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no round trip was measured");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.99));
    }

    /** @return the nearest-rank {@code q} quantile of an ascending sample */
    static long rank(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length); // 1-based
        return sorted[Math.max(rank, 1) - 1];
    }

    /** @return "p50 p99", the line a measuring child prints */
    public String line() {
        return p50 + " " + p99;
    }
}

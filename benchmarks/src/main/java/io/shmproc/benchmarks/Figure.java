package io.shmproc.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One benchmark's result as the table reports it: the median of its forks' scores and their spread.
 * Forks, not iterations, carry the spread that matters on a shared machine: each fork is a fresh JVM
 * with its own JIT decisions and memory placement.
 */
public record Figure(double median, double min, double max, String unit) {

    /** @return a figure standing for a peer that could not run here, saying why */
    static Figure skipped(String why) {
        return new Figure(Double.NaN, Double.NaN, Double.NaN, "skipped: " + why);
    }

    /** @return the same figure in another unit: every statistic times {@code factor} */
    public Figure scaled(double factor, String newUnit) {
        return isSkipped() ? this : new Figure(median * factor, min * factor, max * factor, newUnit);
    }

    boolean isSkipped() {
        return Double.isNaN(median);
    }

    public static Figure of(List<Double> forkScores, String unit) {
        if (forkScores.isEmpty()) {
            throw new IllegalArgumentException("no fork produced a score");
        }
        double[] sorted = forkScores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Figure(median, sorted[0], sorted[n - 1], unit);
    }

    @Override
    public String toString() {
        if (isSkipped()) {
            return unit;
        }
        return String.format(Locale.ROOT, "%s %s [%s-%s]", number(median), unit, number(min), number(max));
    }

    static String number(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2fM", v / 1e6)
                : v >= 1e4 ? String.format(Locale.ROOT, "%.0fk", v / 1e3)
                : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}

package io.shmproc.benchmarks.channel;

import io.shmproc.benchmarks.Figure;
import io.shmproc.benchmarks.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement that yields several numbers per repeat (a round trip's p50 and p99), run once and
 * reported on several rows: each {@link #column} is a {@link Row.Scenario} of its own for the runner,
 * and whichever the runner asks first runs the measurement for all of them.
 */
public final class Columns {
    /** Measures {@code repeats} times; each repeat gives one number per column. */
    @FunctionalInterface
    public interface Repeats {
        List<double[]> run(int repeats) throws Exception;
    }

    private final String name;
    private final Repeats repeats;
    private int measuredRepeats = -1;
    private List<double[]> results;
    private Exception failure;

    public Columns(String name, Repeats repeats) {
        this.name = name;
        this.repeats = repeats;
    }

    /** Runs {@code oneRepeat} {@code repeats} times. */
    public static Repeats each(OneRepeat oneRepeat) {
        return n -> {
            List<double[]> all = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                all.add(oneRepeat.run());
            }
            return all;
        };
    }

    /** One repeat of a measurement. */
    @FunctionalInterface
    public interface OneRepeat {
        double[] run() throws Exception;
    }

    /** @return the scenario reporting number {@code index} of every repeat, in {@code unit} */
    public Row.Scenario column(int index, String label, String unit) {
        return new Row.Scenario() {
            @Override
            public Figure measure(int n) throws Exception {
                List<Double> values = new ArrayList<>();
                for (double[] repeat : results(n)) {
                    if (index >= repeat.length) {
                        throw new IllegalStateException(name + " gave " + repeat.length + " numbers, not " + (index + 1));
                    }
                    values.add(repeat[index]);
                }
                return Figure.of(values, unit);
            }

            @Override
            public String toString() {
                return name + " (" + label + ")";
            }
        };
    }

    /** Measures once per repeat count; a failure (or a skip) is remembered and reported to every column. */
    synchronized List<double[]> results(int n) throws Exception {
        if (measuredRepeats != n) {
            measuredRepeats = n;
            results = null;
            failure = null;
            try {
                results = repeats.run(n);
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.shmproc.benchmarks.channel;

import io.shmproc.benchmarks.Figure;
import io.shmproc.benchmarks.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement that yields several numbers per repeat (a round trip's p50 and p99), run once per
 * round and reported on several rows: each {@link #column} is a {@link Row.Scenario} of its own for
 * the runner, and whichever the runner asks first for a round runs that round's measurement for all
 * of them.
 *
 * <pre>{@code
 * Columns trips = new Columns("ping-pong", Columns.each(PingPong::run)); // each run gives {p50, p99}
 * Row.Scenario p50 = trips.column(0, "p50", "ns");
 * Row.Scenario p99 = trips.column(1, "p99", "ns");
 * }</pre>
 */
public final class Columns {
    /** Measures {@code repeats} times; each repeat gives one number per column. */
    @FunctionalInterface
    public interface Repeats {
        List<double[]> run(int repeats) throws Exception;
    }

    private final String name;
    private final Repeats repeats;
    /** Each round's numbers, in round order: measured when the first column asks for the round. */
    private final List<double[]> rounds = new ArrayList<>();
    /** Set once a round failed: every later question gets the same answer, so a skip costs one try. */
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
            public double measureOnce(int round) throws Exception {
                double[] repeat = round(round);
                if (index >= repeat.length) {
                    throw new IllegalStateException(name + " gave " + repeat.length + " numbers, not " + (index + 1));
                }
                return repeat[index];
            }

            @Override
            public String unit() {
                return unit;
            }

            @Override
            public String toString() {
                return name + " (" + label + ")";
            }
        };
    }

    /**
     * @return the numbers of round {@code round}, measuring it if no column asked for it before
     * @throws IllegalArgumentException if an earlier round was never measured: rounds go in order
     */
    synchronized double[] round(int round) throws Exception {
        if (failure != null) {
            throw failure;
        }
        if (round > rounds.size()) {
            throw new IllegalArgumentException(name + ": round " + round + " asked for before round " + rounds.size());
        }
        if (round == rounds.size()) {
            try {
                List<double[]> measured = repeats.run(1);
                if (measured.size() != 1) {
                    throw new IllegalStateException(name + " gave " + measured.size() + " repeats for one");
                }
                rounds.add(measured.get(0));
            } catch (Exception e) {
                failure = e;
                throw e;
            }
        }
        return rounds.get(round);
    }

    @Override
    public String toString() {
        return name;
    }
}

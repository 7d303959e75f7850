package io.shmproc.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the results table: what shmproc does, the peer measured beside it in the same run, and
 * the target of {@code shared/BENCHMARKS.md}.
 *
 * @param what     what the row measures, as the table shows it
 * @param ours     how shmproc's figure is measured
 * @param peerName the peer, as the table shows it ({@code "-"} for a row judged on its own figure)
 * @param peer     how the peer's figure is measured, or null
 * @param target   what counts as good
 */
public record Row(String what, Source ours, String peerName, Source peer, Target target) {

    /** How one figure is obtained. */
    public sealed interface Source permits Jmh, Scenario {
    }

    /** A JMH benchmark method, run with every other JMH source in one JMH run. */
    record Jmh(Class<?> group, String method) implements Source {
        String key() {
            return group.getName() + "." + method;
        }
    }

    /**
     * A measurement JMH cannot make (several processes, an external peer), repeated in rounds: the
     * runner runs round 0 of every scenario, then round 1 of every one, and so on, so that a row's two
     * figures are each measured seconds apart rather than minutes (this machine's speed drifts).
     *
     * <pre>{@code
     * Figure figure = scenario.measure(3); // rounds 0, 1 and 2 of this scenario alone
     * }</pre>
     */
    public non-sealed interface Scenario extends Source {
        /**
         * Runs one repeat. Scenarios that share a measurement (a round trip's p50 and p99) share the
         * repeat of a round: the first of them asked for round {@code r} measures it.
         *
         * @param round which repeat, from 0; rounds are asked for in order
         * @return this scenario's number from that repeat, in {@link #unit()}
         * @throws Skipped when the peer cannot run on this machine (say, no python3)
         */
        double measureOnce(int round) throws Exception;

        /** @return the unit of {@link #measureOnce(int)}'s numbers */
        String unit();

        /** @return the figure over rounds 0 to {@code repeats - 1} */
        default Figure measure(int repeats) throws Exception {
            List<Double> values = new ArrayList<>();
            for (int round = 0; round < repeats; round++) {
                values.add(measureOnce(round));
            }
            return Figure.of(values, unit());
        }
    }

    /** A peer that cannot run here; the message says why. */
    public static final class Skipped extends Exception {
        private static final long serialVersionUID = 1L;

        public Skipped(String why) {
            super(why);
        }
    }

    /**
     * @param kind  how the ratio (or, without a peer, the figure) is judged
     * @param value the bound
     */
    record Target(Kind kind, double value) {
        enum Kind { NONE, RATIO_AT_MOST, RATIO_AT_LEAST, FIGURE_BELOW }

        static final Target REPORTED = new Target(Kind.NONE, Double.NaN);

        static Target ratioAtMost(double value) {
            return new Target(Kind.RATIO_AT_MOST, value);
        }

        static Target ratioAtLeast(double value) {
            return new Target(Kind.RATIO_AT_LEAST, value);
        }

        static Target figureBelow(double value) {
            return new Target(Kind.FIGURE_BELOW, value);
        }
    }
}

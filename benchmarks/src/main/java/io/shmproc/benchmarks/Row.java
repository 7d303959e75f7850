package io.shmproc.benchmarks;

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

    /** A measurement JMH cannot make (several processes, an external peer): run {@code repeats} times. */
    public non-sealed interface Scenario extends Source {
        /**
         * @return the figure over {@code repeats} runs
         * @throws Skipped when the peer cannot run on this machine (say, no python3)
         */
        Figure measure(int repeats) throws Exception;
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

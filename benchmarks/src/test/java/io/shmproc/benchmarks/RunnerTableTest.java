package io.shmproc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.benchmarks.Row.Jmh;
import io.shmproc.benchmarks.Row.Target;
import io.shmproc.benchmarks.shared.SharedLongBenchmark;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

class RunnerTableTest {
    private static final Jmh OURS = new Jmh(SharedLongBenchmark.class, "shmprocGet");
    private static final Jmh PEER = new Jmh(SharedLongBenchmark.class, "atomicLongGet");
    private static final Row TIME_ROW = new Row("increment", OURS, "AtomicLong", PEER, Target.ratioAtMost(1.5));
    private static final Row RATE_ROW = new Row("rate", OURS, "Python", PEER, Target.ratioAtLeast(10));

    /**
     * A scenario that notes when it is asked, and answers each round with the round number plus its base.
     * A class, not a record: the runner keys maps by scenario, and a record's hash would follow the list.
     */
    private static final class Noting implements Row.Scenario {
        private final String name;
        private final double base;
        private final List<String> asked;
        private final Exception failure;

        Noting(String name, double base, List<String> asked, Exception failure) {
            this.name = name;
            this.base = base;
            this.asked = asked;
            this.failure = failure;
        }

        @Override
        public double measureOnce(int round) throws Exception {
            asked.add(name + round);
            if (failure != null) {
                throw failure;
            }
            return base + round;
        }

        @Override
        public String unit() {
            return "ns";
        }
    }

    @Test
    void scenariosRunRoundByRoundSoARowsTwoFiguresAreMeasuredTogether() {
        List<String> asked = new java.util.ArrayList<>();
        Noting ours = new Noting("ours", 10, asked, null);
        Noting peer = new Noting("peer", 20, asked, null);
        Noting python = new Noting("python", 0, asked, new Row.Skipped("python3 is not installed"));
        Noting broken = new Noting("broken", 0, asked, new IllegalStateException("child died"));
        Map<Row.Source, Figure> figures = Runner.runInRounds(new java.util.LinkedHashSet<>(List.of(ours, peer, python, broken)), 3);
        assertEquals(List.of("ours0", "peer0", "python0", "broken0", "ours1", "peer1", "ours2", "peer2"), asked,
                "a skipped or failed scenario is not asked again");
        assertEquals(new Figure(11, 10, 12, "ns"), figures.get(ours));
        assertEquals(new Figure(21, 20, 22, "ns"), figures.get(peer));
        assertTrue(figures.get(python).isSkipped(), figures.get(python).toString());
        assertTrue(!figures.containsKey(broken), "a failed scenario has no figure: the table says it failed to run");
    }

    @Test
    void figureIsTheMedianOfForksWithTheirRange() {
        Figure odd = Figure.of(List.of(5.0, 1.0, 3.0), "ns/op");
        assertEquals(3.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(5.0, odd.max());
        assertEquals(2.5, Figure.of(List.of(4.0, 1.0, 2.0, 3.0), "ns/op").median());
        assertThrows(IllegalArgumentException.class, () -> Figure.of(List.of(), "ns/op"));
        assertEquals("1.50M ops/s [1.50M-1.50M]", Figure.of(List.of(1.5e6), "ops/s").toString());
    }

    @Test
    void timeRatiosAreJudgedAgainstAMaximum() {
        assertTrue(table(TIME_ROW, 3.0, 2.0).contains("| 1.50x | <= 1.50x: met |"), table(TIME_ROW, 3.0, 2.0));
        assertTrue(table(TIME_ROW, 4.0, 2.0).contains("| 2.00x | <= 1.50x: NOT met |"), table(TIME_ROW, 4.0, 2.0));
    }

    @Test
    void rateRatiosAreJudgedAgainstAMinimum() {
        assertTrue(table(RATE_ROW, 20.0, 1.0).contains("| 20.0x | >= 10.0x: met |") || table(RATE_ROW, 20.0, 1.0).contains("| 20.00x | >= 10.0x: met |"),
                table(RATE_ROW, 20.0, 1.0));
        assertTrue(table(RATE_ROW, 5.0, 1.0).contains("NOT met"), table(RATE_ROW, 5.0, 1.0));
    }

    @Test
    void figuresWithoutPeerAreJudgedOnTheirOwnAndSkippedPeersSaySo() {
        Row idle = new Row("idle", OURS, "-", null, Target.figureBelow(1));
        String table = Runner.table(List.of(idle), Map.of(OURS, Figure.of(List.of(0.2), "% of a core")), false);
        assertTrue(table.contains("< 1.00 % of a core: met"), table);
        String skipped = Runner.table(List.of(RATE_ROW), Map.of(OURS, Figure.of(List.of(2.0), "ops/s"),
                PEER, Figure.skipped("python3 is not installed")), false);
        assertTrue(skipped.contains("skipped: python3 is not installed") && skipped.contains("peer skipped"), skipped);
    }

    @Test
    void aRowWhoseShmprocSideIsNotMeasuredYetShowsThePeerAndNoVerdict() {
        Row idle = new Row("p99", OURS, "Agrona", PEER, Target.figureBelow(1000));
        for (Row row : List.of(TIME_ROW, RATE_ROW, idle)) {
            String table = Runner.table(List.of(row), Map.of(OURS, Figure.skipped("pending: no Pipe yet"),
                    PEER, Figure.of(List.of(200.0), "ns")), false);
            assertTrue(table.contains("| skipped: pending: no Pipe yet |") && table.contains("200 ns [200-200] | - | not measured |"), table);
            assertTrue(!table.contains("NaN") && !table.contains("NOT met"), table);
        }
    }

    @Test
    void aRowWhoseBenchmarkDidNotRunSaysSo() {
        String table = Runner.table(List.of(TIME_ROW), Map.of(PEER, Figure.of(List.of(2.0), "ns/op")), false);
        assertTrue(table.contains("failed to run"), table);
    }

    @Test
    void everyJmhRowNamesBenchmarksThatExist() {
        for (Row row : Rows.ALL) {
            for (Row.Source source : new Row.Source[] {row.ours(), row.peer()}) {
                if (source instanceof Jmh jmh) {
                    // a benchmark may take JMH state objects as parameters, so match by name
                    boolean exists = Arrays.stream(jmh.group().getMethods())
                            .anyMatch(m -> m.getName().equals(jmh.method()) && m.isAnnotationPresent(Benchmark.class));
                    assertTrue(exists, "row '" + row.what() + "' names " + jmh.key() + ", which is no @Benchmark method");
                }
            }
        }
    }

    private static String table(Row row, double ours, double peer) {
        return Runner.table(List.of(row), Map.of(OURS, Figure.of(List.of(ours), "x"), PEER, Figure.of(List.of(peer), "x")), false);
    }
}

package io.shmproc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.benchmarks.shared.SharedLongBenchmark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerTableTest {
    private static final Row ROW = new Row(SharedLongBenchmark.class, "increment", "ours", "AtomicLong", "peer", 1.5);

    @Test
    void figureIsTheMedianOfForksWithTheirRange() {
        Figure odd = Figure.of(List.of(5.0, 1.0, 3.0), "ns/op");
        assertEquals(3.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(5.0, odd.max());
        assertEquals(2.5, Figure.of(List.of(4.0, 1.0, 2.0, 3.0), "ns/op").median());
        assertThrows(IllegalArgumentException.class, () -> Figure.of(List.of(), "ns/op"));
    }

    @Test
    void ratioIsOursOverPeerAndJudgedAgainstTheTarget() {
        String met = Runner.table(List.of(ROW), Map.of(
                ROW.oursKey(), Figure.of(List.of(3.0), "ns/op"),
                ROW.peerKey(), Figure.of(List.of(2.0), "ns/op")), false);
        assertTrue(met.contains("| 1.50x | <= 1.5x: met |"), met);

        String missed = Runner.table(List.of(ROW), Map.of(
                ROW.oursKey(), Figure.of(List.of(4.0), "ns/op"),
                ROW.peerKey(), Figure.of(List.of(2.0), "ns/op")), false);
        assertTrue(missed.contains("| 2.00x | <= 1.5x: NOT met |"), missed);
    }

    @Test
    void aRowWhoseBenchmarkDidNotRunSaysSo() {
        String table = Runner.table(List.of(ROW), Map.of(ROW.peerKey(), Figure.of(List.of(2.0), "ns/op")), false);
        assertTrue(table.contains("failed to run"), table);
    }

    @Test
    void everyRowNamesBenchmarksThatExist() throws NoSuchMethodException {
        for (Row row : Rows.ALL) {
            row.group().getMethod(row.ours());
            row.group().getMethod(row.peer());
        }
    }
}

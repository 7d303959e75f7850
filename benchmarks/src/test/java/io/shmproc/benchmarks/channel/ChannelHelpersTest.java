package io.shmproc.benchmarks.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.benchmarks.Figure;
import io.shmproc.benchmarks.Row;
import io.shmproc.memory.SegmentBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The helpers the queue and pipe scenarios compute their figures and bound their waits with. */
class ChannelHelpersTest {

    @Test
    void percentilesAreNearestRankOfTheSortedSample() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
        assertEquals(new Percentiles(50, 99), Percentiles.of(oneToHundred));
        assertEquals(new Percentiles(500, 990), Percentiles.of(LongStream.rangeClosed(1, 1000).toArray()));
        assertEquals(new Percentiles(7, 7), Percentiles.of(new long[] {7}));
        // rank ceil(0.5 * 3) = 2 and ceil(0.99 * 3) = 3: values that some trip really took
        assertEquals(new Percentiles(20, 30), Percentiles.of(new long[] {30, 10, 20}));
        assertEquals("20 30", Percentiles.of(new long[] {30, 10, 20}).line());
    }

    @Test
    void percentilesLeaveTheSampleAloneAndNeedOne() {
        long[] trips = {5, 1, 4};
        Percentiles.of(trips);
        assertArrayEquals(new long[] {5, 1, 4}, trips);
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[0]));
    }

    @Test
    void aFewSlowTripsMoveTheP99NotTheMedian() {
        long[] trips = new long[1000];
        java.util.Arrays.fill(trips, 200);
        for (int i = 0; i < 11; i++) {
            trips[i * 90] = 50_000; // 1.1% outliers
        }
        assertEquals(new Percentiles(200, 50_000), Percentiles.of(trips));
    }

    @Test
    void patienceGivesUpSoonAfterAPartnerDied() throws Exception {
        Process partner = new ProcessBuilder("true").start();
        partner.waitFor();
        Patience patience = new Patience("the echo's pongs", List.of(partner.toHandle()), Duration.ofSeconds(60));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> spinForever(patience)));
        assertTrue(e.getMessage().contains("the echo's pongs") && e.getMessage().contains(partner.pid() + ", died"), e.getMessage());
    }

    @Test
    void patienceGivesUpWhenTimeIsUpThoughPartnersLive() {
        Patience patience = new Patience("room in the ring", List.of(ProcessHandle.current()), Duration.ofMillis(50));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> spinForever(patience)));
        assertTrue(e.getMessage().contains("room in the ring after 50 ms"), e.getMessage());
    }

    private static void spinForever(Patience patience) {
        for (;;) {
            patience.idle();
        }
    }

    @Test
    void columnsMeasureOncePerRoundForAllTheirRows() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        List<double[]> repeats = List.of(new double[] {200, 300}, new double[] {100, 500}, new double[] {150, 400});
        Columns trips = new Columns("ping-pong", n -> List.of(repeats.get(runs.getAndIncrement())));
        Row.Scenario p50 = trips.column(0, "p50", "ns");
        Row.Scenario p99 = trips.column(1, "p99", "ns");
        assertEquals(200, p50.measureOnce(0));
        assertEquals(300, p99.measureOnce(0));
        assertEquals(1, runs.get(), "the second column's round 0 is the first one's");
        assertEquals(500, p99.measureOnce(1));
        assertEquals(100, p50.measureOnce(1));
        assertEquals(2, runs.get());
        assertEquals(new Figure(150, 100, 200, "ns"), p50.measure(3));
        assertEquals(new Figure(400, 300, 500, "ns"), p99.measure(3));
        assertEquals(3, runs.get());
        assertEquals("ping-pong (p99)", p99.toString());
        assertThrows(IllegalStateException.class, () -> trips.column(2, "p999", "ns").measure(3));
    }

    @Test
    void columnsRefuseARoundAskedForBeforeTheOnesBeforeIt() {
        Columns trips = new Columns("ping-pong", n -> List.of(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trips.column(0, "p50", "ns").measureOnce(1));
        assertTrue(e.getMessage().contains("round 1 asked for before round 0"), e.getMessage());
    }

    @Test
    void columnsReportOneFailureOrSkipToEveryRow() {
        AtomicInteger runs = new AtomicInteger();
        Row.Skipped skipped = new Row.Skipped("python3 is not installed");
        Columns trips = new Columns("python", n -> {
            runs.incrementAndGet();
            throw skipped;
        });
        assertSame(skipped, assertThrows(Row.Skipped.class, () -> trips.column(0, "p50", "ns").measure(1)));
        assertSame(skipped, assertThrows(Row.Skipped.class, () -> trips.column(1, "p99", "ns").measure(1)));
        assertEquals(1, runs.get());
    }

    @Test
    void receiversAcceptEachProducersMessagesInOrderOnly() {
        SegmentBuffer message = SegmentBuffer.allocate(Workload.MESSAGE_BYTES);
        InOrder received = new InOrder(2);
        for (long[] m : new long[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {1, 2}}) {
            message.putInt(8, (int) m[0]);
            message.putLong(0, m[1]);
            received.accept(message, 0, Workload.MESSAGE_BYTES);
        }
        assertEquals(5, received.count());
        message.putInt(8, 0);
        message.putLong(0, 2);
        assertThrows(IllegalStateException.class, () -> received.accept(message, 0, 16), "wrong length");
        message.putLong(0, 3);
        assertThrows(IllegalStateException.class, () -> received.accept(message, 0, Workload.MESSAGE_BYTES), "a lost message");
        message.putLong(0, 1);
        assertThrows(IllegalStateException.class, () -> received.accept(message, 0, Workload.MESSAGE_BYTES), "a duplicate");
        message.putInt(8, 2);
        assertThrows(IllegalStateException.class, () -> received.accept(message, 0, Workload.MESSAGE_BYTES), "no such producer");
    }

    @Test
    void aStampedByteArrayReadsAsTheSameMessageAsABuffer() {
        byte[] message = new byte[Workload.MESSAGE_BYTES];
        InOrder.stamp(message, 1, 0x0102030405060708L);
        SegmentBuffer buffer = SegmentBuffer.allocate(Workload.MESSAGE_BYTES);
        buffer.putBytes(0, message);
        assertEquals(0x0102030405060708L, buffer.getLong(0));
        assertEquals(1, buffer.getInt(8));
        InOrder received = new InOrder(2);
        InOrder.stamp(message, 1, 0);
        received.accept(message, message.length);
        buffer.putBytes(0, message);
        assertThrows(IllegalStateException.class, () -> received.accept(buffer, 0, Workload.MESSAGE_BYTES), "a duplicate");
        InOrder.stamp(message, 1, 1);
        buffer.putBytes(0, message);
        received.accept(buffer, 0, Workload.MESSAGE_BYTES);
        assertEquals(2, received.count());
    }

    @Test
    void ratesCountOnlyTheMessagesAfterTheWarmup() {
        assertEquals(2_000_000, Workload.warmup(20_000_000));
        assertEquals(18e6, Workload.rate(18_000_000, 1_000_000_000L), 1e-6);
        assertThrows(IllegalStateException.class, () -> Workload.rate(1, 0));
    }
}

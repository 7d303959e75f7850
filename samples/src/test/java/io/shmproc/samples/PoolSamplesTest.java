package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The pool samples print what they promise. */
class PoolSamplesTest {
    private static final Duration BOUND = Duration.ofSeconds(300);

    private static List<String> printed(ByteArrayOutputStream bytes) {
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    @Test
    void applyAsyncCollectsTenResultsInOrderFromAtMostFourWorkers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> results = assertTimeoutPreemptively(BOUND,
                () -> ApplyAsyncSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(ApplyAsyncSample.MESSAGES, results.size());
        for (int i = 0; i < results.size(); i++) {
            assertTrue(results.get(i).matches("MESSAGE " + i + " \\(in PoolWorker-\\d+\\)"), results.get(i));
        }
        List<String> lines = printed(bytes);
        assertEquals(results, lines.subList(0, ApplyAsyncSample.MESSAGES));
        assertEquals("10 results from 4 workers or fewer", lines.get(ApplyAsyncSample.MESSAGES));
    }

    @Test
    void theFibonacciMapComesBackInOrder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Long> results = assertTimeoutPreemptively(BOUND,
                () -> FibonacciMapSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        long[] fib = new long[FibonacciMapSample.COUNT];
        fib[1] = 1;
        for (int i = 2; i < fib.length; i++) {
            fib[i] = fib[i - 1] + fib[i - 2];
        }
        List<Long> expected = LongStream.of(fib).boxed().toList();
        assertEquals(expected, results);
        assertEquals(List.of("fib(0..29) = " + expected), printed(bytes));
        assertEquals(514229L, results.get(29));
    }

    @Test
    void starmapAppliesThePowerToEachPair() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(BOUND,
                () -> StarmapSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(List.of("2^10 = 1024", "3^5 = 243", "10^3 = 1000", "7^0 = 1"), lines);
        assertEquals(lines, printed(bytes));
    }
}

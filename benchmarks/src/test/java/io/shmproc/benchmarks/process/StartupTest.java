package io.shmproc.benchmarks.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start-up probe starts every variant, each of which really runs, and times each. */
class StartupTest {
    @Test
    @Timeout(300)
    void theProbeTimesEveryVariantAndTheSerialisedTaskRunsEachTime() throws Exception {
        // measure() itself fails unless every child exits with 0 and the SharedLong saw every serialised task
        double[] medians = Startup.Probe.measure(1, 2);
        assertEquals(Startup.VARIANTS, medians.length, Arrays.toString(medians));
        for (double median : medians) {
            // a JVM start takes milliseconds, never microseconds nor a minute
            assertTrue(median > 1 && median < 60_000, Arrays.toString(medians));
        }
    }
}

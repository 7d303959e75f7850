package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedCounterSampleTest {
    @Test
    void theLockedAndAtomicCountsAreExactAndTheRacyOneSaysWhatItLost() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Long> finals = assertTimeoutPreemptively(Duration.ofSeconds(300),
                () -> SharedCounterSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(0L, finals.get(0), "under the lock, nothing is lost");
        assertEquals(0L, finals.get(2), "atomic decrements lose nothing");
        long racy = finals.get(1);
        assertTrue(racy >= 0 && racy < SharedCounterSample.START, "lost updates only raise the count: " + racy);
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals("with a SharedLock, get then set:   0 (expected 0)", lines[0]);
        assertEquals("without a lock, decrementAndGet:   0 (expected 0)", lines[2]);
        assertEquals(racy == 0 ? "without a lock, get then set:      0 (expected 0)"
                : "without a lock, get then set:      " + racy + " (expected 0: " + racy + " updates lost to races)", lines[1]);
    }
}

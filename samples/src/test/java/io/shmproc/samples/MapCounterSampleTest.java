package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapCounterSampleTest {
    @Test
    void seventyProcessesTakingOneEachFromAHundredLeaveExactlyThirtyWithTheLockAndWithMerge() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Integer> finals = assertTimeoutPreemptively(Duration.ofSeconds(300),
                () -> MapCounterSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(List.of(30, 30), finals, "no decrement lost, none counted twice");
        assertEquals(List.of("with a SharedLock, get then put:   30 (expected 30)",
                        "without a lock, merge:             30 (expected 30)"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }
}

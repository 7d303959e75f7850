package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedMemory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawRegionSampleTest {
    @Test
    void parentPrintsWhatTheChildJvmDidToTheRegionAndTheListAndLeavesNothingBehind() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> RawRegionSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(List.of("HELLO WORLD", "42", "[HOWDY, 43, -5.0, false, [1, 0, 0]]"), lines);
        assertEquals(String.join(System.lineSeparator(), lines) + System.lineSeparator(),
                printed.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(SharedMemory.defaultDirectory().resolve(RawRegionSample.regionName())),
                "the sample unlinked its region");
        assertFalse(Files.exists(Namespace.defaultRoot().resolve(RawRegionSample.regionName())),
                "the sample's namespace is gone after it closed");
    }

    @Test
    void theSampleRunAsAUserRunsItPrintsTheSameLines() throws Exception {
        SampleJvm.Run run = SampleJvm.run(RawRegionSample.class, Duration.ofSeconds(120));
        assertEquals(0, run.exitCode(), run.lines().toString());
        assertEquals(RawRegionSample.EXPECTED, run.lines());
    }
}

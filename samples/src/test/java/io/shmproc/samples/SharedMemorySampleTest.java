package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.shmproc.memory.Namespace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedMemorySampleTest {
    @Test
    void parentPrintsWhatTheChildJvmDidToEveryObject() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> SharedMemorySample.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(List.of("49", "true", "HELLO WORLD", "[10, 1, 2, 3, 4]", "[(3.515625, 39.0625), (33.0625, 4.0)]"), lines);
        assertEquals(String.join(System.lineSeparator(), lines) + System.lineSeparator(),
                printed.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(Namespace.defaultRoot().resolve("shared-memory-sample-" + ProcessHandle.current().pid())),
                "the sample's namespace is gone after it closed");
    }
}

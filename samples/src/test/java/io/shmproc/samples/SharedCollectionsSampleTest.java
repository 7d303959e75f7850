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

class SharedCollectionsSampleTest {
    @Test
    void parentPrintsTheMapEntriesListElementsAndAttributesTheChildJvmWrote() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> SharedCollectionsSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(List.of("map: {colour=blue, size=large, visits=1}", "list: [parent, child 1, child 2]",
                "namespace: {answer=42, from=child}"), lines);
        assertEquals(String.join(System.lineSeparator(), lines) + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(Namespace.defaultRoot().resolve("shared-collections-sample-" + ProcessHandle.current().pid())),
                "the sample's namespace is gone after it closed");
    }
}

package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue, joinable-queue and pipe samples print what they promise. */
class ChannelSamplesTest {
    private static final Duration BOUND = Duration.ofSeconds(300);

    private static List<String> printed(ByteArrayOutputStream bytes) {
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    @Test
    void theQueueSampleHandsABAndCFromAWriterToAReaderThenEnds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(BOUND,
                () -> QueueSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(QueueSample.EXPECTED, lines);
        assertEquals(QueueSample.EXPECTED, printed(bytes));
    }

    @Test
    void theJoinableQueueSampleJoinsOnceEveryTaskIsDoneAndPrintsEverySquare() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Long> squares = assertTimeoutPreemptively(BOUND,
                () -> JoinableQueueSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        List<Long> expected = new ArrayList<>();
        for (long n = 0; n < JoinableQueueSample.PRODUCERS * JoinableQueueSample.TASKS_EACH; n++) {
            expected.add(n * n);
        }
        assertEquals(expected, squares);
        List<String> lines = printed(bytes);
        assertEquals(List.of("producer 0 joined: every task was marked done", "producer 1 joined: every task was marked done",
                "20 results: " + expected, "consumers stopped"), lines);
    }

    @Test
    void thePipeSampleDeliversTenMessagesThenEndsCleanly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = assertTimeoutPreemptively(BOUND,
                () -> PipeSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < PipeSample.MESSAGES; i++) {
            expected.add("consumer got message " + i);
        }
        expected.add("consumer: end of stream after 10 messages");
        assertEquals(expected, lines);
        assertTrue(printed(bytes).containsAll(expected));
    }
}

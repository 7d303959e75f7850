package io.shmproc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process samples, each run as a user runs it: its main in a JVM of its own, its output checked. */
@Timeout(300)
class ProcessSamplesTest {
    private static final Duration BOUND = Duration.ofSeconds(240);

    @Test
    void theChildOfTheProcessIdSampleHasItsOwnPidAndNamesItsParentsAsItsParent() throws Exception {
        SampleJvm.Run run = SampleJvm.run(ProcessIdSample.class, BOUND);
        assertEquals(0, run.exitCode(), run.lines().toString());
        assertEquals(2, run.lines().size(), run.lines().toString());
        Matcher parent = Pattern.compile("main: pid (\\d+)").matcher(run.lines().get(0));
        Matcher child = Pattern.compile("Process-1: pid (\\d+), parent pid (\\d+)").matcher(run.lines().get(1));
        assertTrue(parent.matches(), run.lines().get(0));
        assertTrue(child.matches(), run.lines().get(1));
        assertEquals(parent.group(1), child.group(2), "the child's parent is the sample's JVM");
        assertNotEquals(parent.group(1), child.group(1), "the child is another process");
    }

    @Test
    void theFiveProcessesSampleGreetsFromEachAndPrintsFiveZeroExitCodes() throws Exception {
        SampleJvm.Run run = SampleJvm.run(FiveProcessesSample.class, BOUND);
        assertEquals(0, run.exitCode(), run.lines().toString());
        List<String> lines = run.lines();
        assertEquals(10, lines.size(), lines.toString());
        Set<String> greetings = new HashSet<>(lines.subList(0, 5));
        Set<String> expectedGreetings = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            expectedGreetings.add("hello from Process-" + i);
        }
        assertEquals(expectedGreetings, greetings, "every child greets once, in any order, before the exit codes");
        assertEquals(List.of("Process-1 exited with 0", "Process-2 exited with 0", "Process-3 exited with 0",
                "Process-4 exited with 0", "Process-5 exited with 0"), lines.subList(5, 10));
    }
}

package io.shmproc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A peer written in Python ({@code multiprocessing}), shipped inside the benchmark jar and run with the
 * machine's {@code python3}. The script prints one line of numbers per run (most print one; a round trip
 * prints its p50 and p99, read through {@link #runs}); without python3 the row says the peer was skipped.
 * A script that prints nothing within {@link #LIMIT} fails the row instead of hanging the runner.
 */
public record PythonScript(String script, String unit, String... args) implements Row.Scenario {

    /** How long one run of a script may take: the scripts bound their own waits well within it. */
    static final Duration LIMIT = Duration.ofSeconds(120);

    @Override
    public double measureOnce(int round) throws Exception {
        return runs(1).get(0)[0];
    }

    /** @return the numbers each of {@code repeats} runs printed on its line */
    public List<double[]> runs(int repeats) throws Exception {
        String python = findPython();
        Path file = Files.createTempFile("shmproc-peer-", ".py");
        try {
            try (InputStream source = PythonScript.class.getResourceAsStream("/python/" + script)) {
                if (source == null) {
                    throw new IOException("python/" + script + " is missing from the benchmark jar");
                }
                Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
            }
            List<double[]> runs = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                List<String> command = new ArrayList<>(List.of(python, file.toString()));
                command.addAll(List.of(args));
                try (Child child = Child.command(command)) {
                    String line = child.readLine(LIMIT).trim();
                    try {
                        runs.add(Arrays.stream(line.split("\\s+")).mapToDouble(Double::parseDouble).toArray());
                    } catch (NumberFormatException e) {
                        throw new IOException(script + " printed \"" + line + "\", not its figures", e);
                    }
                }
            }
            return runs;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String findPython() throws Row.Skipped {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new Row.Skipped("python3 is not installed");
    }

    @Override
    public String toString() {
        return "python3 " + script;
    }
}

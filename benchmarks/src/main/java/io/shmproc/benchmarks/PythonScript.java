package io.shmproc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer written in Python ({@code multiprocessing}), shipped inside the benchmark jar and run with the
 * machine's {@code python3}. The script prints one number per run; without python3 the row says the
 * peer was skipped.
 */
public record PythonScript(String script, String unit, String... args) implements Row.Scenario {

    @Override
    public Figure measure(int repeats) throws Exception {
        String python = findPython();
        Path file = Files.createTempFile("shmproc-peer-", ".py");
        try {
            try (InputStream source = PythonScript.class.getResourceAsStream("/python/" + script)) {
                if (source == null) {
                    throw new IOException("python/" + script + " is missing from the benchmark jar");
                }
                Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
            }
            List<Double> figures = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                List<String> command = new ArrayList<>(List.of(python, file.toString()));
                command.addAll(List.of(args));
                try (Child child = Child.command(command)) {
                    figures.add(Double.parseDouble(child.readLine().trim()));
                }
            }
            return Figure.of(figures, unit);
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

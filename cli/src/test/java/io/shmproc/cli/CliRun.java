package io.shmproc.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of the inspector in this JVM, with what it printed.
 *
 * @param code its exit code
 * @param out  what it printed on stdout
 * @param err  what it printed on stderr
 */
record CliRun(int code, String out, String err) {
    /** Runs {@code args} with {@code --dir root}, and checks that nothing printed a stack trace. */
    static CliRun of(Path root, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--dir");
        all.add(root.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(run.err.contains("\tat ") || run.err.contains("Exception in"), "a stack trace: " + run.err);
        return run;
    }

    /** @return stdout parsed as JSON */
    Object json() {
        return JsonReader.parse(out);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> jsonObject() {
        return (Map<String, Object>) json();
    }

    /** @return the lines of stderr */
    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
}

package io.shmproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark row beside its peer and prints one table: shmproc's figure, the peer's figure
 * from the same run, their ratio and the target of {@code shared/BENCHMARKS.md}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--forks N] [--quick] [--verbose] [row filter ...]
 * </pre>
 *
 * A row filter is a case-insensitive substring of the row's description ("incrementAndGet").
 * {@code --quick} is a smoke run (one fork, short iterations) whose figures are not to be quoted.
 * The table is also written to {@code benchmarks/target/results.md} when that directory exists.
 */
public final class Runner {
    private Runner() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        int forks = 3;
        boolean quick = false;
        boolean verbose = false;
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(requireValue(args, ++i, "--forks"));
                case "--quick" -> quick = true;
                case "--verbose" -> verbose = true;
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar benchmarks.jar [--forks N] [--quick] [--verbose] [row filter ...]");
                    return;
                }
                default -> filters.add(args[i].toLowerCase(Locale.ROOT));
            }
        }
        List<Row> rows = Rows.ALL.stream()
                .filter(r -> filters.isEmpty() || filters.stream().anyMatch(f -> r.what().toLowerCase(Locale.ROOT).contains(f)))
                .toList();
        if (rows.isEmpty()) {
            System.err.println("no row matches " + filters + "; rows are: "
                    + Rows.ALL.stream().map(Row::what).collect(Collectors.joining(", ")));
            System.exit(2);
        }
        Map<String, Figure> figures = measure(rows, quick ? 1 : forks, quick, verbose);
        String table = table(rows, figures, quick);
        System.out.println(table);
        Path target = Path.of("benchmarks", "target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("results.md"), table);
        }
    }

    private static String requireValue(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value, e.g. " + option + " 3");
        }
        return args[i];
    }

    /** Runs every benchmark the rows name, ours and peers together in one JMH run. */
    private static Map<String, Figure> measure(List<Row> rows, int forks, boolean quick, boolean verbose)
            throws RunnerException {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> {
            keys.add(r.oursKey());
            keys.add(r.peerKey());
        });
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks)
                // JMH's own harness still uses sun.misc.Unsafe; this silences the JDK's warning in the
                // forks. shmproc itself needs no flag.
                .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        keys.forEach(k -> options.include("^" + Pattern.quote(k) + "$"));
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
        }
        System.err.printf(Locale.ROOT, "running %d benchmarks x %d forks%s...%n", keys.size(), forks,
                verbose ? "" : " (--verbose shows JMH's progress)");
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(options.build()).run();
        Map<String, Figure> figures = new HashMap<>();
        for (RunResult result : results) {
            List<Double> forkScores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                forkScores.add(fork.getPrimaryResult().getScore());
            }
            figures.put(result.getParams().getBenchmark(),
                    Figure.of(forkScores, result.getPrimaryResult().getScoreUnit()));
        }
        return figures;
    }

    static String table(List<Row> rows, Map<String, Figure> figures, boolean quick) {
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | shmproc, median [fork spread] | peer | peer, median [fork spread] | ratio | target |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Figure ours = figures.get(row.oursKey());
            Figure peer = figures.get(row.peerKey());
            if (ours == null || peer == null) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | - | failed to run |%n", row.what(),
                        ours == null ? "-" : ours, row.peerName(), peer == null ? "-" : peer));
                continue;
            }
            double ratio = ours.median() / peer.median();
            String target = row.hasTarget()
                    ? String.format(Locale.ROOT, "<= %.2gx: %s", row.maxRatio(), ratio <= row.maxRatio() ? "met" : "NOT met")
                    : "reported";
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2fx | %s |%n",
                    row.what(), ours, row.peerName(), peer, ratio, target));
        }
        out.append("\nratio: shmproc's time per operation over the peer's, from the same run (below 1: faster than the peer).\n");
        out.append(quick ? "\n--quick: one short fork; do not quote these figures.\n" : "");
        return out.toString();
    }
}

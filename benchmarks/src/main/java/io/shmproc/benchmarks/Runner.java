package io.shmproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
        System.err.println("this JVM waits with: " + io.shmproc.sync.Waiting.strategy()
                + " (native access " + (Runner.class.getModule().isNativeAccessEnabled() ? "enabled" : "not enabled") + ")");
        Map<Row.Source, Figure> figures = measure(rows, quick ? 1 : forks, quick, verbose);
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

    /** Runs every JMH benchmark the rows name in one JMH run, then every scenario, round by round. */
    private static Map<Row.Source, Figure> measure(List<Row> rows, int forks, boolean quick, boolean verbose)
            throws RunnerException {
        Map<Row.Source, Figure> figures = new HashMap<>();
        Set<Row.Jmh> benchmarks = new LinkedHashSet<>();
        Set<Row.Scenario> scenarios = new LinkedHashSet<>();
        for (Row row : rows) {
            for (Row.Source source : new Row.Source[] {row.ours(), row.peer()}) {
                if (source instanceof Row.Jmh jmh) {
                    benchmarks.add(jmh);
                } else if (source instanceof Row.Scenario scenario) {
                    scenarios.add(scenario);
                }
            }
        }
        if (!benchmarks.isEmpty()) {
            figures.putAll(runJmh(benchmarks, forks, quick, verbose));
        }
        figures.putAll(runInRounds(scenarios, forks));
        return figures;
    }

    /**
     * Runs round 0 of every scenario, then round 1 of every one, and so on: a row's figure and its peer's
     * are then measured seconds apart in each round, not minutes apart, and this machine's speed, which
     * drifts between modes over minutes, weighs on both alike. A scenario that is skipped or fails is
     * left out of the later rounds.
     */
    static Map<Row.Source, Figure> runInRounds(Set<Row.Scenario> scenarios, int rounds) {
        Map<Row.Scenario, List<Double>> values = new LinkedHashMap<>();
        scenarios.forEach(s -> values.put(s, new ArrayList<>()));
        Map<Row.Source, Figure> figures = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Iterator<Map.Entry<Row.Scenario, List<Double>>> it = values.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Row.Scenario, List<Double>> scenario = it.next();
                System.err.printf(Locale.ROOT, "running %s, round %d of %d...%n", scenario.getKey(), round + 1, rounds);
                try {
                    scenario.getValue().add(scenario.getKey().measureOnce(round));
                } catch (Row.Skipped skipped) {
                    figures.put(scenario.getKey(), Figure.skipped(skipped.getMessage()));
                    it.remove();
                } catch (Exception e) {
                    System.err.println(scenario.getKey() + " failed: " + e);
                    it.remove();
                }
            }
        }
        values.forEach((scenario, measured) -> figures.put(scenario, Figure.of(measured, scenario.unit())));
        return figures;
    }

    private static Map<Row.Source, Figure> runJmh(Set<Row.Jmh> benchmarks, int forks, boolean quick, boolean verbose)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks)
                // JMH's own harness still uses sun.misc.Unsafe; this silences the JDK's warning in the
                // forks. shmproc itself needs no flag.
                .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        benchmarks.forEach(b -> options.include("^" + Pattern.quote(b.key()) + "$"));
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
        }
        System.err.printf(Locale.ROOT, "running %d JMH benchmarks x %d forks%s...%n", benchmarks.size(), forks,
                verbose ? "" : " (--verbose shows JMH's progress)");
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(options.build()).run();
        Map<Row.Source, Figure> figures = new HashMap<>();
        for (RunResult result : results) {
            List<Double> forkScores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                forkScores.add(fork.getPrimaryResult().getScore());
            }
            String name = result.getParams().getBenchmark();
            for (Row.Jmh b : benchmarks) {
                if (b.key().equals(name)) {
                    figures.put(b, Figure.of(forkScores, result.getPrimaryResult().getScoreUnit()));
                }
            }
        }
        return figures;
    }

    static String table(List<Row> rows, Map<Row.Source, Figure> figures, boolean quick) {
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | shmproc, median [spread] | peer | peer, median [spread] | ratio | target |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Figure ours = figures.get(row.ours());
            Figure peer = row.peer() == null ? null : figures.get(row.peer());
            String peerText = row.peer() == null ? "-" : peer == null ? "failed to run" : peer.toString();
            if (ours == null) {
                out.append(String.format(Locale.ROOT, "| %s | failed to run | %s | %s | - | - |%n", row.what(), row.peerName(), peerText));
                continue;
            }
            if (ours.isSkipped()) { // shmproc's side not measured (yet): the peer's figure still shows
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | - | not measured |%n", row.what(), ours, row.peerName(), peerText));
                continue;
            }
            Row.Target target = row.target();
            String ratioText = "-";
            String verdict;
            if (target.kind() == Row.Target.Kind.FIGURE_BELOW) {
                verdict = String.format(Locale.ROOT, "< %s %s: %s", Figure.number(target.value()), ours.unit(),
                        ours.median() < target.value() ? "met" : "NOT met");
            } else if (peer == null || peer.isSkipped()) {
                verdict = peer == null ? "reported" : "peer skipped";
            } else {
                double ratio = ours.median() / peer.median();
                ratioText = String.format(Locale.ROOT, "%.2fx", ratio);
                verdict = switch (target.kind()) {
                    case RATIO_AT_MOST -> String.format(Locale.ROOT, "<= %sx: %s", Figure.number(target.value()),
                            ratio <= target.value() ? "met" : "NOT met");
                    case RATIO_AT_LEAST -> String.format(Locale.ROOT, ">= %sx: %s", Figure.number(target.value()),
                            ratio >= target.value() ? "met" : "NOT met");
                    default -> "reported";
                };
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
                    row.what(), ours, row.peerName(), peerText, ratioText, verdict));
        }
        out.append("\nratio: shmproc's figure over the peer's, from the same run. For times, below 1 is faster than the peer;\n"
                + "for rates (ops/s), above 1 is. Spread: lowest and highest of the forks (or repeated runs).\n");
        out.append(quick ? "\n--quick: one short fork; do not quote these figures.\n" : "");
        return out.toString();
    }
}

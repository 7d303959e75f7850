package io.shmproc.cli;

import io.shmproc.memory.NamespaceRemoval;
import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectInfo;
import io.shmproc.memory.ObjectNotFoundException;
import io.shmproc.memory.ProcessInfo;
import io.shmproc.process.RunLeftovers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code gc [--dry-run]}: removes what crashed programs left under the root. A namespace goes when no
 * process attached to it is alive (the process table's file locks say so, not pids) and it holds no
 * object its creator asked to keep; that covers a process pool's private {@code pool-PID-...}
 * namespace, whose processes are all in its table. A run directory ({@code .run-PID-START}) goes when
 * its JVM is gone. The decision for each namespace is taken again under its metadata lock as it is
 * removed, so a process attaching meanwhile keeps it. With {@code --dry-run} nothing is removed.
 *
 * <pre>{@code
 * removed  namespace  crashed-7  4195456 bytes  (no live process)
 * kept     namespace  work                      1 live process (pid 4242)
 * }</pre>
 */
final class GcCommand {
    static final String USAGE = "gc [--dry-run]";

    private GcCommand() {
    }

    static void run(Invocation run) {
        run.args.allow(true, false);
        if (!run.args.operands.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "gc takes no operand: " + USAGE + " (rm removes one namespace)");
        }
        Path root = run.args.root;
        boolean dryRun = run.args.dryRun;
        List<Object> removed = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        Table table = new Table("", "WHAT", "NAME", "BYTES", "WHY");
        long total = 0;
        for (String name : NamespaceView.namespaces(root)) {
            try {
                OptionalLong bytes = dryRun ? NamespaceRemoval.abandonedBytes(root, name)
                        : NamespaceRemoval.deleteIfAbandoned(root, name);
                if (bytes.isPresent()) {
                    total += bytes.getAsLong();
                    removed.add(entry("namespace", name, root.resolve(name), bytes.getAsLong(), "no live process"));
                    table.row(dryRun ? "would remove" : "removed", "namespace", name, bytes.getAsLong(), "no live process");
                } else {
                    String why = whyKept(root, name);
                    kept.add(entry("namespace", name, root.resolve(name), null, why));
                    table.row("kept", "namespace", name, null, why);
                }
            } catch (ObjectNotFoundException goneMeanwhile) {
                // its last process closed it while we looked: nothing left to collect
            } catch (RuntimeException e) {
                run.warn(Invocation.exitCodeOf(e), "left " + root.resolve(name) + ": " + Invocation.message(e));
            }
        }
        for (Path runDirectory : RunLeftovers.abandoned(root)) {
            long bytes = dryRun ? size(runDirectory) : RunLeftovers.delete(runDirectory);
            total += bytes;
            String name = runDirectory.getFileName().toString();
            removed.add(entry("run directory", name, runDirectory, bytes, "its JVM is gone"));
            table.row(dryRun ? "would remove" : "removed", "run directory", name, bytes, "its JVM is gone");
        }
        StringBuilder human = new StringBuilder();
        if (!table.isEmpty()) {
            table.print(human, "");
        }
        human.append(dryRun ? "would remove " : "removed ").append(removed.size()).append(removed.size() == 1 ? " leftover, " : " leftovers, ")
                .append(total).append(" bytes, from ").append(root).append('\n');
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("root", root.toString());
        json.put("dryRun", dryRun);
        json.put("removed", removed);
        json.put("kept", kept);
        json.put("bytes", total);
        run.print(json, human);
    }

    private static Map<String, Object> entry(String what, String name, Path path, Long bytes, String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", what);
        m.put("name", name);
        m.put("path", path.toString());
        m.put("bytes", bytes);
        m.put("why", why);
        return m;
    }

    /** Why a namespace was not collected, as far as a second look tells. */
    private static String whyKept(Path root, String name) {
        try (NamespaceView view = NamespaceView.open(root, name)) {
            List<ProcessInfo> alive = view.processes().stream().filter(ProcessInfo::alive).toList();
            if (!alive.isEmpty()) {
                return alive.size() + " live process" + (alive.size() == 1 ? " (pid " : "es (pids ")
                        + String.join(", ", alive.stream().map(p -> String.valueOf(p.pid())).toList()) + ")";
            }
            List<String> keptObjects = view.objects().stream().filter(ObjectInfo::kept).map(ObjectInfo::name).toList();
            return keptObjects.isEmpty() ? "in use" : "keeps " + String.join(", ", keptObjects) + " (rm removes it)";
        } catch (RuntimeException e) {
            return "in use";
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}

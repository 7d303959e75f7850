package io.shmproc.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run directories ({@code .run-PID-STARTMILLIS}) that JVMs starting children keep beside the
 * namespaces, and which of them a killed JVM left behind: for tools that clean up after crashes. A run
 * directory is abandoned when its owner's pid is dead, or alive with another start time (a reused pid).
 *
 * <pre>{@code
 * for (Path left : RunLeftovers.abandoned(Namespace.defaultRoot())) {
 *     long bytes = RunLeftovers.delete(left);
 * }
 * }</pre>
 */
public final class RunLeftovers {
    /** Prefix of run directories' names. */
    public static final String PREFIX = ".run-";

    private RunLeftovers() {
    }

    /** @return the abandoned run directories under {@code root}, sorted; empty if {@code root} does not exist */
    public static List<Path> abandoned(Path root) {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry) && isAbandoned(entry.getFileName().toString())) {
                    result.add(entry);
                }
            }
        } catch (NoSuchFileException noRoot) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list run directories in " + root + ": " + e.getMessage(), e);
        }
        result.sort(null);
        return result;
    }

    /** @return whether {@code name} is a run directory's and its owner is gone; false for names not ours */
    static boolean isAbandoned(String name) {
        if (!name.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = name.substring(PREFIX.length()).split("-");
        if (parts.length != 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            Optional<ProcessHandle> owner = ProcessHandle.of(pid);
            return !(owner.isPresent() && owner.get().isAlive()
                    && startMillis(owner.get()).map(s -> s == started).orElse(true));
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    /**
     * Deletes {@code runDirectory} and what it holds, as far as possible.
     *
     * @return the bytes of the files deleted
     */
    public static long delete(Path runDirectory) {
        long[] bytes = {0};
        try (Stream<Path> walk = Files.walk(runDirectory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    long size = Files.isRegularFile(p) ? Files.size(p) : 0;
                    if (Files.deleteIfExists(p)) {
                        bytes[0] += size;
                    }
                } catch (IOException ignored) {
                    // another cleaner got there first, or the file is in use; the next start retries
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // already gone
        }
        return bytes[0];
    }

    static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}

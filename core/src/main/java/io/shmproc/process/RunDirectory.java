package io.shmproc.process;

import io.shmproc.memory.Namespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The private directory (mode 0700, beside the namespaces) where this JVM's children leave their
 * outcomes: {@code .run-PID-STARTMILLIS}. It is removed when this JVM exits, and the root with it if
 * nothing else is left there; one left by a JVM that was killed is removed by the next JVM that makes a
 * run directory and finds that its owner is gone (the start time tells a reused pid from the owner).
 *
 * <pre>{@code
 * Path outcome = RunDirectory.get().newOutcomeFile();
 * }</pre>
 */
final class RunDirectory {
    private static final AtomicLong FILES = new AtomicLong();
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /** Tries at creating the directory while other JVMs remove the empty root under it. */
    private static final int CREATE_ATTEMPTS = 100;
    private static volatile RunDirectory instance;

    private final Path directory;

    private RunDirectory(Path directory) {
        this.directory = directory;
    }

    static RunDirectory get() {
        RunDirectory dir = instance;
        if (dir == null) {
            synchronized (RunDirectory.class) {
                dir = instance;
                if (dir == null) {
                    dir = create();
                    instance = dir;
                }
            }
        }
        return dir;
    }

    /** @return a fresh path for one child's outcome (the child creates the file) */
    Path newOutcomeFile() {
        return directory.resolve("outcome-" + FILES.incrementAndGet());
    }

    private static RunDirectory create() {
        Path root = Namespace.defaultRoot();
        ProcessHandle self = ProcessHandle.current();
        Path dir = root.resolve(RunLeftovers.PREFIX + self.pid() + "-" + startMillis(self).orElse(0L));
        for (int attempt = 1;; attempt++) {
            try {
                Files.createDirectories(root, PRIVATE);
                removeAbandoned(root);
                if (!Files.isDirectory(dir)) {
                    Files.createDirectory(dir, PRIVATE);
                }
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                break;
            } catch (NoSuchFileException rootRemovedMeanwhile) {
                // the last namespace in the root closed and removed the empty root between our two steps
                if (attempt == CREATE_ATTEMPTS) {
                    throw cannotCreate(dir, root, rootRemovedMeanwhile);
                }
            } catch (IOException e) {
                throw cannotCreate(dir, root, e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deleteTree(dir);
            deleteIfEmpty(root);
        }, "shmproc-run-directory-cleanup"));
        return new RunDirectory(dir);
    }

    private static UncheckedIOException cannotCreate(Path dir, Path root, IOException e) {
        return new UncheckedIOException("cannot create the directory " + dir + " where child processes leave their "
                + "outcomes; check that " + root + " is writable, or choose another with -D" + Namespace.DIRECTORY_PROPERTY, e);
    }

    /** Removes the per-user root once nothing is left in it, as the last namespace to close does. */
    private static void deleteIfEmpty(Path root) {
        try {
            Files.deleteIfExists(root);
        } catch (IOException inUseOrGone) {
            // a namespace or another JVM's run directory is in it: leave it
        }
    }

    /** Removes run directories whose owner JVM is gone: pid dead, or alive with another start time. */
    private static void removeAbandoned(Path root) {
        for (Path abandoned : RunLeftovers.abandoned(root)) {
            RunLeftovers.delete(abandoned);
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return RunLeftovers.startMillis(process);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another cleaner got there first, or the file is in use; the next start retries
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}

package io.shmproc.process;

import io.shmproc.memory.Namespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The private directory (mode 0700, beside the namespaces) where this JVM's children leave their
 * outcomes: {@code .run-PID-STARTMILLIS}. It is removed when this JVM exits; one left by a JVM that was
 * killed is removed by the next JVM that makes a run directory and finds that its owner is gone (the start
 * time tells a reused pid from the owner).
 *
 * <pre>{@code
 * Path outcome = RunDirectory.get().newOutcomeFile();
 * }</pre>
 */
final class RunDirectory {
    private static final AtomicLong FILES = new AtomicLong();
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
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            removeAbandoned(root);
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir + " where child processes leave their "
                    + "outcomes; check that " + root + " is writable, or choose another with -D" + Namespace.DIRECTORY_PROPERTY, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "shmproc-run-directory-cleanup"));
        return new RunDirectory(dir);
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

package io.shmproc.benchmarks.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory for one repeat's files (ring files, Chronicle's queue files), in {@code /dev/shm}
 * where there is one, as shmproc's own namespaces are, and deleted with everything in it on close.
 * Close it only after the processes writing into it have ended.
 */
public final class Scratch implements AutoCloseable {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Path directory;

    private Scratch(Path directory) {
        this.directory = directory;
    }

    /** @param prefix names the peer, so a leftover directory says who left it */
    public static Scratch create(String prefix) throws IOException {
        Path parent = Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                ? SHARED_MEMORY : Path.of(System.getProperty("java.io.tmpdir"));
        return new Scratch(Files.createTempDirectory(parent, "shmproc-bench-" + prefix + "-"));
    }

    public Path directory() {
        return directory;
    }

    /** @return {@code name} inside the directory */
    public Path resolve(String name) {
        return directory.resolve(name);
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new IOException("could not delete " + directory + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}

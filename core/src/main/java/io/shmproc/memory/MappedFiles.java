package io.shmproc.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Creating and mapping the files that hold shared memory. */
final class MappedFiles {
    private static final int ZERO_CHUNK = 1 << 16;

    private MappedFiles() {
    }

    /**
     * Creates {@code file} (mode 0600, replacing any leftover) with {@code bytes} zero bytes actually
     * written, and maps it. Writing the zeros, rather than only setting the length, makes the file system
     * allocate every page now: on a full tmpfs a sparse file would map fine and then kill the process with
     * SIGBUS on first touch, whereas a write fails here with an error we can explain.
     */
    static MemorySegment createAndMap(Path file, long bytes, Arena arena) {
        Path dir = file.getParent();
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (bytes > usable) {
                throw noSpace(file, bytes, usable, null);
            }
        } catch (IOException e) {
            throw new ShmException("cannot read free space of " + dir + ": " + e.getMessage(), e);
        }
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE),
                FilePermissions.FILE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, Math.max(bytes, 1)));
            long written = 0;
            while (written < bytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - written));
                written += channel.write(zeros, written);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        } catch (IOException e) {
            deleteQuietly(file);
            if (String.valueOf(e.getMessage()).contains("No space left")) {
                throw noSpace(file, bytes, -1, e);
            }
            throw new ShmException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Maps the whole of an existing file. */
    static MemorySegment map(Path file, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: what cannot be deleted now is reclaimed with the namespace.
        }
    }

    private static InsufficientSpaceException noSpace(Path file, long bytes, long usable, IOException cause) {
        return new InsufficientSpaceException("no space for " + bytes + " bytes in " + file.getParent()
                + (usable >= 0 ? " (" + usable + " bytes free)" : " (the file system is full)")
                + ": free space there, or choose another directory with Namespace.builder(name).directory(path)"
                + " or -D" + Namespace.DIRECTORY_PROPERTY + "=path", cause);
    }
}

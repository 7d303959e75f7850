package io.shmproc.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Creating and mapping the files that hold shared memory. */
final class MappedFiles {
    private static final int ZERO_CHUNK = 1 << 16;
    private static final String NAMESPACE_HINT = "free space there, or choose another directory with"
            + " Namespace.builder(name).directory(path) or -D" + Namespace.DIRECTORY_PROPERTY + "=path";

    private MappedFiles() {
    }

    /**
     * Creates {@code file} (mode 0600, replacing any leftover) with {@code bytes} zero bytes actually
     * written (see {@link #writeZeros}), and maps it.
     */
    static MemorySegment createAndMap(Path file, long bytes, Arena arena) {
        checkSpace(file, bytes, NAMESPACE_HINT);
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE),
                FilePermissions.FILE)) {
            writeZeros(channel, bytes);
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        } catch (IOException e) {
            deleteQuietly(file);
            throw failure(file, bytes, e, NAMESPACE_HINT);
        }
    }

    /**
     * Creates {@code file} (mode 0600) only if no file of that name exists, with {@code bytes} zero bytes
     * allocated, and maps it. Another process never sees the name before the file has its full size: the
     * file is written under the private name {@code temporary} and then published by a hard link, which,
     * like {@code open(O_CREAT|O_EXCL)}, fails if the name exists. Where the file system has no hard links
     * it is created in place (exclusively too), and an attacher racing the creation may see it short.
     *
     * @param hint what to do when there is no room, for the message
     * @throws FileAlreadyExistsException if {@code file} exists; nothing was changed then
     */
    static MemorySegment createExclusiveAndMap(Path file, Path temporary, long bytes, Arena arena, String hint)
            throws FileAlreadyExistsException {
        checkSpace(file, bytes, hint);
        FileChannel channel;
        try {
            channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), FilePermissions.FILE);
        } catch (IOException e) {
            throw failure(file, bytes, e, hint);
        }
        try (channel) {
            writeZeros(channel, bytes);
            if (link(file, temporary)) {
                try {
                    return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                } catch (IOException e) {
                    deleteQuietly(file);
                    throw e;
                }
            }
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (IOException e) {
            throw failure(file, bytes, e, hint);
        } finally {
            deleteQuietly(temporary);
        }
        return createInPlace(file, bytes, arena, hint);
    }

    /** @return false if the file system has no hard links */
    private static boolean link(Path file, Path existing) throws IOException {
        try {
            Files.createLink(file, existing);
            return true;
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            return false;
        }
    }

    private static MemorySegment createInPlace(Path file, long bytes, Arena arena, String hint)
            throws FileAlreadyExistsException {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), FilePermissions.FILE)) {
            try {
                writeZeros(channel, bytes);
                return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            } catch (IOException e) {
                deleteQuietly(file);
                throw e;
            }
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (IOException e) {
            throw failure(file, bytes, e, hint);
        }
    }

    /**
     * Writing the zeros, rather than only setting the length, makes the file system allocate every page
     * now: on a full tmpfs a sparse file would map fine and then kill the process with SIGBUS on first
     * touch, whereas a write fails here with an error we can explain.
     */
    private static void writeZeros(FileChannel channel, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, Math.max(bytes, 1)));
        long written = 0;
        while (written < bytes) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - written));
            written += channel.write(zeros, written);
        }
    }

    private static void checkSpace(Path file, long bytes, String hint) {
        Path dir = file.getParent();
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (bytes > usable) {
                throw noSpace(file, bytes, usable, null, hint);
            }
        } catch (IOException e) {
            throw new ShmException("cannot read free space of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ShmException failure(Path file, long bytes, IOException e, String hint) {
        if (String.valueOf(e.getMessage()).contains("No space left")) {
            return noSpace(file, bytes, -1, e, hint);
        }
        return new ShmException("cannot create " + file + ": " + e.getMessage(), e);
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

    private static InsufficientSpaceException noSpace(Path file, long bytes, long usable, IOException cause,
                                                       String hint) {
        return new InsufficientSpaceException("no space for " + bytes + " bytes in " + file.getParent()
                + (usable >= 0 ? " (" + usable + " bytes free)" : " (the file system is full)") + ": " + hint, cause);
    }
}

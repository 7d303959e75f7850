package io.shmproc.memory;

import static io.shmproc.memory.ArenaLayout.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A namespace's files seen from outside, without taking a process slot: its lock file opened (never
 * created) with the metadata lock held, and its arena mapped if it was ever formatted. What
 * {@link NamespaceView} and {@link NamespaceRemoval} share. Holding the metadata lock means no process
 * attaches, creates or unlinks meanwhile, and an unformatted arena can only be a dead creator's.
 */
final class LockedNamespace implements AutoCloseable {
    /** Directory changes are short; a holder past this is stopped or hung, and the message says so. */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final String name;
    final Path directory;
    final LockFile lockFile;
    /** Where the arena is mapped: the caller's, so that what it reads can outlive the lock. */
    final Arena mapping;
    /** Null when the arena was never formatted (a creator died while creating the namespace). */
    final MemorySegment arena;
    final ProcessTable processes;
    final ObjectDirectory objects;

    private LockedNamespace(String name, Path directory, LockFile lockFile, boolean writable, Arena mapping)
            throws IOException {
        this.name = name;
        this.directory = directory;
        this.lockFile = lockFile;
        this.mapping = mapping;
        this.arena = mapArena(directory.resolve(Namespace.ARENA_FILE), writable);
        if (arena == null) {
            processes = null;
            objects = null;
        } else {
            int slots = arena.get(ValueLayout.JAVA_INT, PROCESS_SLOTS_OFFSET);
            int entries = arena.get(ValueLayout.JAVA_INT, DIRECTORY_ENTRIES_OFFSET);
            processes = new ProcessTable(arena, slots, lockFile);
            objects = new ObjectDirectory(arena, slots, entries);
        }
    }

    /**
     * @param mapping where to map the arena; the caller closes it, after this
     * @throws IllegalArgumentException if {@code name} is not a valid namespace name
     * @throws ObjectNotFoundException if there is no such namespace (or it is being deleted)
     * @throws IncompatibleObjectException if the directory or its arena was not made by shmproc
     */
    static LockedNamespace lock(Path root, String name, boolean writable, Arena mapping) {
        Names.check("namespace", name);
        Path directory = root.resolve(name);
        if (!Files.isDirectory(directory)) {
            throw notFound(root, name);
        }
        LockFile lockFile;
        try {
            lockFile = LockFile.openExisting(directory.resolve(Namespace.LOCK_FILE));
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(directory)) {
                throw notFound(root, name);
            }
            throw new IncompatibleObjectException(directory + " has no " + Namespace.LOCK_FILE + " file, so it is not a"
                    + " shmproc namespace (or one that is being created or deleted right now): move it out of " + root);
        } catch (IOException e) {
            throw new ShmException("cannot open the lock file of namespace '" + name + "' in " + directory + ": " + e, e);
        }
        boolean handedOver = false;
        try {
            if (!lockFile.lockMetadata(LOCK_TIMEOUT.toNanos())) {
                throw notFound(root, name); // tombstoned: its last process is deleting it
            }
            try {
                LockedNamespace ns = new LockedNamespace(name, directory, lockFile, writable, mapping);
                handedOver = true;
                return ns;
            } finally {
                if (!handedOver) {
                    unlockQuietly(lockFile);
                }
            }
        } catch (IOException e) {
            throw new ShmException("cannot read namespace '" + name + "' in " + directory + ": " + e, e);
        } finally {
            if (!handedOver) {
                lockFile.release();
            }
        }
    }

    private MemorySegment mapArena(Path file, boolean writable) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < HEADER_BYTES) {
            return null;
        }
        MemorySegment mapped;
        try (FileChannel channel = writable
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                    0, channel.size(), mapping);
        }
        long magic = mapped.get(ValueLayout.JAVA_LONG, MAGIC_OFFSET);
        int initialised = (int) INT.getAcquire(mapped, INITIALISED_OFFSET);
        if (magic != MAGIC && magic != 0) {
            Namespace.checkArena(mapped, file); // throws: another program's file
        }
        if (initialised != 1) {
            return null; // its creator died while formatting it (it formats under the lock we hold)
        }
        Namespace.checkArena(mapped, file);
        long directoryEnd = heapOffset(mapped.get(ValueLayout.JAVA_INT, PROCESS_SLOTS_OFFSET),
                mapped.get(ValueLayout.JAVA_INT, DIRECTORY_ENTRIES_OFFSET));
        if (mapped.get(ValueLayout.JAVA_INT, PROCESS_SLOTS_OFFSET) < 1
                || mapped.get(ValueLayout.JAVA_INT, DIRECTORY_ENTRIES_OFFSET) < 1 || directoryEnd > mapped.byteSize()) {
            throw new IncompatibleObjectException(file + " claims more process slots or objects than it has room"
                    + " for: the file is damaged; delete the namespace directory once no process uses it");
        }
        return mapped;
    }

    /** @return whether the arena was formatted: false for the leftovers of a creator that died first */
    boolean formatted() {
        return arena != null;
    }

    Path objectFile(String objectName) {
        return directory.resolve(objectName + Namespace.OBJECT_FILE_SUFFIX);
    }

    static ObjectNotFoundException notFound(Path root, String name) {
        return new ObjectNotFoundException("no namespace '" + name + "' in " + root + ": check the name (the `ls`"
                + " command lists them) or the directory (-D" + Namespace.DIRECTORY_PROPERTY + "=PATH)");
    }

    private static void unlockQuietly(LockFile lockFile) {
        try {
            lockFile.unlockMetadata();
        } catch (IOException ignored) {
            // releasing a lock of a file we only read: the kernel drops it with the channel anyway
        }
    }

    /** Unlocks and lets go of the lock file; the arena stays mapped until the caller closes its mapping. */
    @Override
    public void close() {
        try {
            unlockQuietly(lockFile);
        } finally {
            lockFile.release();
        }
    }
}

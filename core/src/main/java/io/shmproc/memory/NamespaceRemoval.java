package io.shmproc.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Removing namespaces, or objects in them, from outside: for tools that clean up after crashed
 * programs. Like {@link NamespaceView} it takes no process slot; it works under the namespace's
 * metadata lock, so no process attaches while it decides and removes, and a process that was about to
 * open a namespace being deleted starts again with a fresh one, as after a normal last close.
 *
 * <p>Liveness is the process table's (kernel-held file locks), never a pid: a namespace "in use" has a
 * process attached and alive right now. Removing one that is in use is refused unless forced; its
 * processes then keep their mappings but can no longer change its directory.
 *
 * <pre>{@code
 * OptionalLong freed = NamespaceRemoval.deleteIfAbandoned(root, "work");  // empty: still in use, or kept
 * long bytes = NamespaceRemoval.delete(root, "scratch", false);           // throws if in use
 * }</pre>
 */
public final class NamespaceRemoval {
    private NamespaceRemoval() {
    }

    /**
     * Deletes the namespace {@code name} and every object in it (kept ones too).
     *
     * @param evenIfInUse delete it even if live processes are attached
     * @return the bytes its files took
     * @throws NamespaceInUseException if live processes are attached and {@code evenIfInUse} is false
     * @throws ObjectNotFoundException if there is no such namespace
     * @throws IncompatibleObjectException if the directory is not a shmproc namespace: nothing is deleted
     */
    public static long delete(Path root, String name, boolean evenIfInUse) {
        try (Arena mapping = Arena.ofShared(); LockedNamespace ns = LockedNamespace.lock(root, name, true, mapping)) {
            if (!evenIfInUse) {
                refuseIfInUse(ns, "delete namespace '" + name + "'");
            }
            return deleteFiles(ns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete namespace " + root.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the namespace {@code name} if it is abandoned: no process attached is alive (or its creator
     * died before formatting it) and it holds no kept object ({@link Region#keep()} asks for an object to
     * outlive every process, so it is not garbage).
     *
     * @return the bytes its files took, or empty if it was left because it is in use or keeps objects
     * @throws ObjectNotFoundException if there is no such namespace
     * @throws IncompatibleObjectException if the directory is not a shmproc namespace: nothing is deleted
     */
    public static OptionalLong deleteIfAbandoned(Path root, String name) {
        return ifAbandoned(root, name, true);
    }

    /**
     * Tells, without deleting anything, what {@link #deleteIfAbandoned} would do now.
     *
     * @return the bytes the namespace's files take if it is abandoned, or empty if it is not
     */
    public static OptionalLong abandonedBytes(Path root, String name) {
        return ifAbandoned(root, name, false);
    }

    private static OptionalLong ifAbandoned(Path root, String name, boolean delete) {
        try (Arena mapping = Arena.ofShared(); LockedNamespace ns = LockedNamespace.lock(root, name, delete, mapping)) {
            if (ns.formatted() && (ns.processes.anyAliveExcept(-1)
                    || ns.objects.entries(DirectoryLayout.LIVE).stream().anyMatch(e -> e.has(DirectoryLayout.FLAG_KEEP)))) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(delete ? deleteFiles(ns) : filesBytes(ns));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete namespace " + root.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unlinks the object {@code object} of namespace {@code namespace}, as {@link Namespace#unlink} does:
     * processes that have it mapped keep using it, and its memory is reused only once none can.
     *
     * @param evenIfInUse unlink it even if live processes are attached to the namespace
     * @return the bytes the object takes (freed now for an object with its own file, else once unused)
     * @throws NamespaceInUseException if live processes are attached and {@code evenIfInUse} is false
     * @throws ObjectNotFoundException if there is no such namespace or object
     * @throws IncompatibleObjectException if the directory is not a formatted shmproc namespace
     */
    public static long unlink(Path root, String namespace, String object, boolean evenIfInUse) {
        Names.check("object", object);
        try (Arena mapping = Arena.ofShared(); LockedNamespace ns = LockedNamespace.lock(root, namespace, true, mapping)) {
            if (!ns.formatted()) {
                throw new IncompatibleObjectException("namespace '" + namespace + "' (" + ns.directory + ") has no"
                        + " formatted arena, so no objects: its creator died while creating it; delete the namespace");
            }
            int index = ns.objects.find(object);
            if (index < 0) {
                throw new ObjectNotFoundException("no object '" + object + "' in namespace '" + namespace + "' ("
                        + ns.directory + "): `ls " + namespace + "` lists its objects");
            }
            boolean inUse = ns.processes.anyAliveExcept(-1);
            if (inUse && !evenIfInUse) {
                refuseIfInUse(ns, "unlink object '" + object + "' of namespace '" + namespace + "'");
            }
            ObjectDirectory.Entry entry = ns.objects.read(index);
            if (entry.has(DirectoryLayout.FLAG_EXTERNAL)) {
                Path file = ns.objectFile(object);
                long bytes = Files.exists(file) ? Files.size(file) : 0;
                MappedFiles.deleteQuietly(file);
                ns.objects.clear(index);
                return bytes;
            }
            // A live process may map the block; with none alive, nothing can, and it is free for reuse.
            ns.objects.setState(index, inUse ? DirectoryLayout.RETIRED : DirectoryLayout.FREE);
            return entry.blockBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink " + object + " in " + root.resolve(namespace) + ": "
                    + e.getMessage(), e);
        }
    }

    private static void refuseIfInUse(LockedNamespace ns, String what) {
        if (!ns.formatted()) {
            return;
        }
        List<ProcessInfo> alive = ns.processes.attached().stream().filter(ProcessInfo::alive).toList();
        if (!alive.isEmpty()) {
            throw new NamespaceInUseException("will not " + what + ": " + alive.size() + " live process"
                    + (alive.size() == 1 ? " is" : "es are") + " attached to it (pid"
                    + (alive.size() == 1 ? " " : "s ") + String.join(", ", alive.stream().map(p -> String.valueOf(p.pid())).toList())
                    + "); stop them first, or force it (they keep their mappings but lose the namespace)");
        }
    }

    private static long filesBytes(LockedNamespace ns) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ns.directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    bytes += Files.size(file);
                }
            }
        }
        return bytes;
    }

    /**
     * Tombstones the lock file so that openers waiting on it start again, then deletes every file.
     *
     * @return the bytes the files took before the tombstone was written
     */
    private static long deleteFiles(LockedNamespace ns) throws IOException {
        long bytes = filesBytes(ns);
        ns.lockFile.tombstone();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ns.directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    MappedFiles.deleteQuietly(file);
                }
            }
        }
        try {
            Files.deleteIfExists(ns.directory);
            Files.deleteIfExists(ns.directory.getParent()); // the root, as a closing namespace does, if empty
        } catch (DirectoryNotEmptyException someoneElsesDirectory) {
            // a subdirectory we did not make, or another namespace in the root: leave it
        }
        return bytes;
    }
}

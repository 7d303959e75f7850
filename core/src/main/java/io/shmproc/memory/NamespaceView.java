package io.shmproc.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A read-only look at a namespace, for people and tools such as the command-line inspector: its
 * objects with their kinds and sizes, its processes and whether they live, and each object's payload
 * for the layers above to decode (e.g. {@code io.shmproc.sync.SyncInspection}).
 *
 * <p>Looking leaves no trace. Unlike {@link Namespace#open}, a view takes no process slot, creates no
 * file, maps everything read-only and never changes a byte: it holds the namespace's metadata lock for
 * the moment it takes its snapshot of the directory and process table, then lets it go. What it reports
 * is that snapshot; payloads are read live, so they show the state at the time they are read (an object
 * unlinked since the snapshot may show another object's bytes: look again).
 *
 * <pre>{@code
 * try (NamespaceView view = NamespaceView.open(Namespace.defaultRoot(), "work")) {
 *     for (ObjectInfo o : view.objects()) {
 *         System.out.println(o.name() + " " + o.kind() + " " + o.bytes() + " bytes");
 *     }
 *     long alive = view.processes().stream().filter(ProcessInfo::alive).count();
 * }
 * }</pre>
 *
 * <p>A view is meant for one thread; closing it unmaps every payload it handed out.
 */
public final class NamespaceView implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final String name;
    private final Path directory;
    private final int processCapacity;
    private final int objectCapacity;
    private final long arenaBytes;
    private final List<ProcessInfo> processes;
    private final Map<String, ObjectInfo> objects = new LinkedHashMap<>();
    private final Map<String, MemorySegment> blocks = new LinkedHashMap<>();
    private final List<Path> strayFiles = new ArrayList<>();
    private final long bytes;
    private final Arena mapping;

    private NamespaceView(LockedNamespace ns, Arena mapping) throws IOException {
        this.name = ns.name;
        this.directory = ns.directory;
        this.mapping = mapping;
        this.processCapacity = ns.processes.capacity();
        this.objectCapacity = ns.objects.capacity();
        this.arenaBytes = ns.arena.byteSize();
        this.processes = List.copyOf(ns.processes.attached());
        Set<String> ownFiles = new HashSet<>(Set.of(Namespace.LOCK_FILE, Namespace.ARENA_FILE));
        for (ObjectDirectory.Entry entry : ns.objects.entries(DirectoryLayout.LIVE)) {
            if (entry.has(DirectoryLayout.FLAG_EXTERNAL)) {
                ownFiles.add(entry.name() + Namespace.OBJECT_FILE_SUFFIX);
            }
            objects.put(entry.name(), read(ns, entry));
        }
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
                if (!ownFiles.contains(file.getFileName().toString())) {
                    strayFiles.add(file);
                }
            }
        }
        strayFiles.sort(null);
        this.bytes = total;
    }

    /**
     * Takes a snapshot of namespace {@code name} under {@code root}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid namespace name
     * @throws ObjectNotFoundException if there is no such namespace
     * @throws IncompatibleObjectException if the directory is not a shmproc namespace, its arena was
     *     written by another program or version, or its creator died before formatting it
     */
    public static NamespaceView open(Path root, String name) {
        Arena mapping = Arena.ofShared();
        try (LockedNamespace ns = LockedNamespace.lock(root, name, false, mapping)) {
            if (!ns.formatted()) {
                throw new IncompatibleObjectException("namespace '" + name + "' (" + ns.directory + ") has no"
                        + " formatted arena: its creator died while creating it; `gc` (or NamespaceRemoval) removes it");
            }
            return new NamespaceView(ns, mapping);
        } catch (IOException e) {
            mapping.close();
            throw new ShmException("cannot read namespace '" + name + "' in " + root.resolve(name) + ": " + e, e);
        } catch (RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    /**
     * @return the names of the directories under {@code root} that may be namespaces (all but the
     *     hidden ones, which the library uses for other things), sorted; empty if {@code root} does not exist
     */
    public static List<String> namespaces(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list namespaces in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a namespace name and an object name by the rules {@link Namespace} applies, so that a tool
     * refuses a bad one before looking for it.
     *
     * @param object the object's name, or null to check only the namespace's
     * @throws IllegalArgumentException saying what is wrong with the name and how to fix it
     */
    public static void checkNames(String namespace, String object) {
        Names.check("namespace", namespace);
        if (object != null) {
            Names.check("object", object);
        }
    }

    /** @return the namespace's name */
    public String name() {
        return name;
    }

    /** @return the directory holding its files */
    public Path directory() {
        return directory;
    }

    /** @return how many processes can be attached at once */
    public int processCapacity() {
        return processCapacity;
    }

    /** @return how many objects it can name at once */
    public int objectCapacity() {
        return objectCapacity;
    }

    /** @return the size of its arena file, which holds its tables and its small objects */
    public long arenaBytes() {
        return arenaBytes;
    }

    /** @return the bytes of all its files (arena, lock file, objects' own files, strays) */
    public long bytes() {
        return bytes;
    }

    /** @return every process-table slot ever used, with its last process and whether it was alive */
    public List<ProcessInfo> processes() {
        return processes;
    }

    /** @return the last process of {@code slot}, if the slot was ever used */
    public Optional<ProcessInfo> process(int slot) {
        return processes.stream().filter(p -> p.id().slot() == slot).findFirst();
    }

    /** @return whether attachment {@code id} was alive at the snapshot */
    public boolean isAlive(ProcessId id) {
        return processes.stream().anyMatch(p -> p.alive() && p.id().equals(id));
    }

    /** @return whether any process was attached and alive at the snapshot */
    public boolean anyAlive() {
        return processes.stream().anyMatch(ProcessInfo::alive);
    }

    /** @return the named objects, in directory order */
    public List<ObjectInfo> objects() {
        return List.copyOf(objects.values());
    }

    /**
     * @return the object {@code objectName}
     * @throws ObjectNotFoundException if the namespace has none of that name
     */
    public ObjectInfo object(String objectName) {
        Names.check("object", objectName);
        ObjectInfo info = objects.get(objectName);
        if (info == null) {
            Path file = directory.resolve(objectName);
            String stray = strayFiles.contains(file) ? "; " + file + " is there but is not a shmproc object" : "";
            throw new ObjectNotFoundException("no object '" + objectName + "' in namespace '" + name + "' ("
                    + directory + ")" + stray + ": `ls " + name + "` lists its objects");
        }
        return info;
    }

    /**
     * @return the files in the namespace's directory that are none of its own: not written by shmproc, or
     *     left by a process that died while creating an object (the next reclaim deletes those)
     */
    public List<Path> strayFiles() {
        return List.copyOf(strayFiles);
    }

    /**
     * The object's payload, read-only, for the layer that defines its kind to decode.
     *
     * @throws IncompatibleObjectException if its header cannot be trusted ({@link ObjectInfo#problem()})
     * @throws IllegalStateException if this view was closed
     */
    public MemorySegment payload(ObjectInfo object) {
        if (!mapping.scope().isAlive()) {
            throw new IllegalStateException("namespace view of '" + name + "' is closed: open another");
        }
        if (!object.isReadable()) {
            throw new IncompatibleObjectException("object '" + object.name() + "' in namespace '" + name + "' "
                    + object.problem());
        }
        MemorySegment block = blocks.get(object.name());
        return block.asSlice(ObjectHeaderLayout.HEADER_BYTES, object.payloadBytes()).asReadOnly();
    }

    /** Unmaps everything this view mapped. Idempotent. */
    @Override
    public void close() {
        if (mapping.scope().isAlive()) {
            mapping.close();
        }
    }

    @Override
    public String toString() {
        return "NamespaceView[" + name + " at " + directory + ", " + objects.size() + " objects]";
    }

    // ---------------------------------------------------------------- reading headers

    private ObjectInfo read(LockedNamespace ns, ObjectDirectory.Entry entry) throws IOException {
        boolean kept = entry.has(DirectoryLayout.FLAG_KEEP);
        boolean external = entry.has(DirectoryLayout.FLAG_EXTERNAL);
        MemorySegment block;
        if (external) {
            Path file = ns.objectFile(entry.name());
            if (!Files.isRegularFile(file)) {
                return damaged(entry, 0, "has lost its file " + file.getFileName() + ": unlink it and create it again");
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                block = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), mapping);
            }
        } else {
            long end = entry.blockOffset() + entry.blockBytes();
            if (entry.blockOffset() < ArenaLayout.heapOffset(processCapacity, objectCapacity) || end > arenaBytes
                    || entry.blockBytes() < 0) {
                return damaged(entry, entry.blockBytes(), "has a directory entry pointing outside the arena's heap:"
                        + " the arena is damaged; delete the namespace once no process uses it");
            }
            block = ns.arena.asSlice(entry.blockOffset(), entry.blockBytes());
        }
        long size = block.byteSize();
        if (size < ObjectHeaderLayout.HEADER_BYTES) {
            return damaged(entry, size, "is truncated: " + size + " bytes, shorter than the " + ObjectHeaderLayout.HEADER_BYTES
                    + "-byte header; unlink it and create it again");
        }
        if (block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.MAGIC_OFFSET) != ObjectHeaderLayout.MAGIC) {
            return damaged(entry, size, "does not start with a shmproc header: its file was written by another"
                    + " program; unlink it and create it again");
        }
        int version = block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.VERSION_OFFSET);
        if (version != ArenaLayout.FORMAT_VERSION) {
            return damaged(entry, size, "has format version " + version + " but this library reads version "
                    + ArenaLayout.FORMAT_VERSION + ": inspect it with the shmproc version that made it");
        }
        String kind = kindOf(block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.KIND_OFFSET));
        String descriptor = Namespace.storedDescriptor(block);
        long payloadBytes = block.get(ValueLayout.JAVA_LONG, ObjectHeaderLayout.PAYLOAD_BYTES_OFFSET);
        boolean initialised = (int) INT.getAcquire(block, ObjectHeaderLayout.INITIALISED_OFFSET) == 1;
        String problem = null;
        if (kind == null) {
            kind = ObjectInfo.UNKNOWN_KIND;
            problem = "has an unreadable kind in its header: the header is damaged; unlink it and create it again";
        } else if (payloadBytes < 0 || payloadBytes > size - ObjectHeaderLayout.HEADER_BYTES) {
            problem = "is truncated: its header says " + payloadBytes + " payload bytes but only "
                    + (size - ObjectHeaderLayout.HEADER_BYTES) + " follow; unlink it and create it again";
            payloadBytes = Math.max(0, size - ObjectHeaderLayout.HEADER_BYTES);
        }
        blocks.put(entry.name(), block);
        return new ObjectInfo(entry.name(), kind, descriptor, payloadBytes, size, external, kept, entry.creator(),
                initialised, problem);
    }

    private static ObjectInfo damaged(ObjectDirectory.Entry entry, long size, String problem) {
        return new ObjectInfo(entry.name(), ObjectInfo.UNKNOWN_KIND, "", 0, size, entry.has(DirectoryLayout.FLAG_EXTERNAL),
                entry.has(DirectoryLayout.FLAG_KEEP), entry.creator(), false, problem);
    }

    /** @return the four ASCII letters of a kind code, or null if they are not printable */
    private static String kindOf(int code) {
        byte[] ascii = {(byte) code, (byte) (code >>> 8), (byte) (code >>> 16), (byte) (code >>> 24)};
        for (byte b : ascii) {
            if (b <= ' ' || b >= 127) {
                return null;
            }
        }
        return new String(ascii, StandardCharsets.US_ASCII);
    }
}

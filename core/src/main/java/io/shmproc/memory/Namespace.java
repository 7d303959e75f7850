package io.shmproc.memory;

import static io.shmproc.memory.ArenaLayout.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A directory of named shared objects that any process knowing its name can open. Objects are created
 * or attached by name; every process that opens the namespace takes a slot in its process table, so
 * that each can tell whether the others are still alive.
 *
 * <p>The directory is {@code /dev/shm/shmproc-USER/NAME} by default (the temp directory where there is
 * no {@code /dev/shm}); {@code -Dshmproc.dir=PATH} or {@link Builder#directory(Path)} chooses another
 * parent. Directories are created with mode 0700 and files with 0600. Small objects share one arena
 * file; large ones get a file each.
 *
 * <p>Life cycle: the creator of an object unlinks it when it closes it (unless kept), and the last
 * process to close the namespace removes its directory. If processes die instead, the next process to
 * open the namespace after all of them are dead reclaims what they left (but not kept objects).
 *
 * <p>A namespace handle is safe to use from many threads. This class is the memory layer: the typed
 * objects of the layers above (values, arrays, locks, queues) are created through it.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo")) {
 *     ObjectType type = new ObjectType("VALU", "int64");
 *     Region counter = ns.open("counter", type, Long.BYTES, p -> p.set(ValueLayout.JAVA_LONG, 0, 0L));
 *     ...
 * }   // unlinks what this process created; removes the directory if no other process is attached
 * }</pre>
 */
public final class Namespace implements AutoCloseable {
    /** System property naming the parent directory of namespaces. */
    public static final String DIRECTORY_PROPERTY = "shmproc.dir";

    static final String LOCK_FILE = ".lock";
    static final String ARENA_FILE = ".arena";
    static final String OBJECT_FILE_SUFFIX = ".shm";

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int OPEN_ATTEMPTS = 100;

    private final String name;
    private final Path directory;
    private final Builder options;
    private final LockFile lockFile;
    private final Arena arenaMapping;
    private final MemorySegment arena;
    private final ProcessTable processes;
    private final ObjectDirectory objects;
    private final ProcessTable.Claim self;
    private final Set<Region> regions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Namespace(String name, Path directory, Builder options, LockFile lockFile, Arena arenaMapping,
                      MemorySegment arena, int processSlots, int entries, ProcessTable processes,
                      ProcessTable.Claim self) {
        this.name = name;
        this.directory = directory;
        this.options = options;
        this.lockFile = lockFile;
        this.arenaMapping = arenaMapping;
        this.arena = arena;
        this.processes = processes;
        this.objects = new ObjectDirectory(arena, processSlots, entries);
        this.self = self;
    }

    /**
     * Opens the namespace {@code name} with default settings, creating it if no process has it open.
     *
     * @throws IllegalArgumentException if the name is empty, too long, or contains a path separator
     * @throws InsufficientSpaceException if its file system is full or all its process slots are taken
     */
    public static Namespace open(String name) {
        return builder(name).open();
    }

    /** @return a builder to choose the directory and, for a namespace not yet created, its capacities */
    public static Builder builder(String name) {
        return new Builder(Names.check("namespace", name));
    }

    /**
     * @return the parent directory of namespaces when none is chosen: {@code -Dshmproc.dir}, else
     *     {@code /dev/shm/shmproc-USER}, else {@code TMPDIR/shmproc-USER}
     */
    public static Path defaultRoot() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("shmproc-" + user);
    }

    /** @return the namespace's name */
    public String name() {
        return name;
    }

    /** @return the directory holding the namespace's files */
    public Path directory() {
        return directory;
    }

    /** @return this process's attachment: its slot and generation, what locks record as their owner */
    public ProcessId self() {
        return self.id();
    }

    /** @return the namespace's process table, to tell live processes from dead ones */
    public ProcessTable processes() {
        checkOpen();
        return processes;
    }

    /**
     * Creates the object {@code name}, runs {@code initializer} on its zeroed payload, then publishes it:
     * processes attaching meanwhile wait until the initializer has returned, and see all it wrote.
     *
     * @param payloadBytes size of the object's memory, at least 0
     * @throws ObjectExistsException if the namespace has an object of that name
     * @throws InsufficientSpaceException if the directory of names or the file system is full
     */
    public Region create(String name, ObjectType type, long payloadBytes, Consumer<MemorySegment> initializer) {
        return createOrAttach(name, List.of(type), payloadBytes, initializer, true, false);
    }

    /**
     * Attaches the existing object {@code name}, after checking it is of one of the {@code accepted}
     * types ({@link Region#type()} tells which). Waits (up to the namespace's attach timeout) while its
     * creator is still initialising it.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws IncompatibleObjectException if it has another kind or layout (the message names both)
     */
    public Region attach(String name, ObjectType... accepted) {
        if (accepted.length == 0) {
            throw new IllegalArgumentException("attach needs at least one accepted type");
        }
        return createOrAttach(name, List.of(accepted), -1, null, false, true);
    }

    /**
     * Attaches the object {@code name} if it exists (checking its type), otherwise creates it as
     * {@link #create} does. Atomic: of many processes opening one name at once, exactly one creates it.
     */
    public Region open(String name, ObjectType type, long payloadBytes, Consumer<MemorySegment> initializer) {
        return createOrAttach(name, List.of(type), payloadBytes, initializer, true, true);
    }

    /** @return whether an object named {@code name} exists */
    public boolean exists(String name) {
        Names.check("object", name);
        return withMetadataLock(() -> objects.find(name) >= 0);
    }

    /** @return the names of the objects in this namespace */
    public List<String> objectNames() {
        return withMetadataLock(() -> objects.entries(DirectoryLayout.LIVE).stream()
                .map(ObjectDirectory.Entry::name).toList());
    }

    /**
     * Removes the name {@code name}. Processes that have the object mapped keep using it; its memory is
     * freed once no process can still use it.
     *
     * @return false if there was no such object
     */
    public boolean unlink(String name) {
        Names.check("object", name);
        return withMetadataLock(() -> {
            int index = objects.find(name);
            if (index < 0) {
                return false;
            }
            remove(objects.read(index));
            return true;
        });
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** @throws ClosedObjectException if this namespace was closed */
    public void checkOpen() {
        if (closed) {
            throw new ClosedObjectException("namespace '" + name + "' (" + directory
                    + ") is closed: open it again with Namespace.open(\"" + name + "\")");
        }
    }

    /**
     * Closes every object this handle opened (unlinking those it created and did not keep), leaves the
     * process table, and, if no other process is attached and nothing was kept, deletes the namespace's
     * files and directory. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (Region region : List.copyOf(regions)) {
            region.close();
        }
        closed = true;
        try {
            if (!lockMetadata()) {
                throw new IllegalStateException("lock file of an open namespace was deleted: " + lockFile.path());
            }
            try {
                self.lock().release();
                if (!processes.anyAliveExcept(-1)) {
                    reclaimAbandoned();
                    if (objects.entries(DirectoryLayout.LIVE).isEmpty()) {
                        deleteDirectory();
                    }
                }
            } finally {
                lockFile.unlockMetadata();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close namespace " + directory, e);
        } finally {
            arenaMapping.close();
            lockFile.release();
        }
    }

    @Override
    public String toString() {
        return "Namespace[" + name + " at " + directory + (closed ? ", closed" : ", slot " + self.id().slot()) + "]";
    }

    // ---------------------------------------------------------------- opening

    private static Namespace open(Builder options) {
        Path directory = options.root.resolve(options.name);
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            LockFile lockFile = null;
            boolean handedOver = false;
            try {
                if (options.existingOnly) {
                    if (!Files.isDirectory(directory)) {
                        throw notFound(options, directory);
                    }
                } else {
                    FilePermissions.createPrivateDirectories(directory);
                }
                lockFile = LockFile.open(directory.resolve(LOCK_FILE));
                if (!lockFile.lockMetadata(options.lockTimeout.toNanos())) {
                    continue; // the namespace was being deleted: start again with a fresh directory
                }
                try {
                    Namespace ns = openLocked(options, directory, lockFile);
                    handedOver = true;
                    return ns;
                } finally {
                    lockFile.unlockMetadata();
                }
            } catch (NoSuchFileException deletedMeanwhile) {
                if (options.existingOnly) {
                    throw notFound(options, directory);
                }
                // a closing process removed the directory between our mkdir and our open: retry
            } catch (IOException e) {
                throw new ShmException("cannot open namespace '" + options.name + "' in " + directory + ": " + e, e);
            } finally {
                if (lockFile != null && !handedOver) {
                    lockFile.release();
                }
            }
        }
        throw new ShmException("namespace '" + options.name + "' in " + directory + " was deleted and recreated "
                + OPEN_ATTEMPTS + " times while opening it: another program is churning it");
    }

    private static ObjectNotFoundException notFound(Builder options, Path directory) {
        return new ObjectNotFoundException("namespace '" + options.name + "' does not exist in " + options.root
                + " (no " + directory + "): every process closed it, so its objects are gone; keep it open (or"
                + " keep() its objects) until every process that needs them has attached them");
    }

    private static Namespace openLocked(Builder options, Path directory, LockFile lockFile) throws IOException {
        Path arenaFile = directory.resolve(ARENA_FILE);
        if (options.existingOnly && !(Files.exists(arenaFile) && Files.size(arenaFile) >= HEADER_BYTES)) {
            // We made this lock file just as the last process was deleting the namespace: finish its job.
            lockFile.tombstone();
            MappedFiles.deleteQuietly(directory.resolve(LOCK_FILE));
            try {
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException stillInUse) {
                // someone else's files: leave them
            }
            throw notFound(options, directory);
        }
        Arena mapping = Arena.ofShared();
        try {
            MemorySegment arena = mapOrFormat(options, arenaFile, mapping);
            int slots = arena.get(ValueLayout.JAVA_INT, PROCESS_SLOTS_OFFSET);
            int entries = arena.get(ValueLayout.JAVA_INT, DIRECTORY_ENTRIES_OFFSET);
            ProcessTable processes = new ProcessTable(arena, slots, lockFile);
            boolean abandoned = !processes.anyAliveExcept(-1);
            ProcessTable.Claim claim = processes.claim();
            if (claim == null) {
                throw new InsufficientSpaceException("namespace '" + options.name + "' (" + directory + ") has all "
                        + slots + " process slots in use: close some processes, or recreate the namespace with "
                        + "Namespace.builder(name).maxProcesses(n)");
            }
            Namespace ns = new Namespace(options.name, directory, options, lockFile, mapping, arena, slots, entries,
                    processes, claim);
            if (abandoned) {
                ns.reclaimAbandoned();
            }
            return ns;
        } catch (IOException | RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    private static MemorySegment mapOrFormat(Builder options, Path arenaFile, Arena mapping) throws IOException {
        if (Files.exists(arenaFile) && Files.size(arenaFile) >= HEADER_BYTES) {
            MemorySegment arena = MappedFiles.map(arenaFile, mapping);
            // Under the metadata lock nobody else is formatting: an unpublished arena is a dead creator's.
            if ((int) INT.getAcquire(arena, INITIALISED_OFFSET) == 1) {
                checkArena(arena, arenaFile);
                return arena;
            }
        }
        long bytes = options.arenaBytes;
        MemorySegment arena = MappedFiles.createAndMap(arenaFile, bytes, mapping);
        arena.set(ValueLayout.JAVA_LONG, MAGIC_OFFSET, MAGIC);
        arena.set(ValueLayout.JAVA_INT, VERSION_OFFSET, FORMAT_VERSION);
        arena.set(ValueLayout.JAVA_LONG, ARENA_BYTES_OFFSET, bytes);
        arena.set(ValueLayout.JAVA_INT, PROCESS_SLOTS_OFFSET, options.maxProcesses);
        arena.set(ValueLayout.JAVA_INT, DIRECTORY_ENTRIES_OFFSET, options.maxObjects);
        arena.set(ValueLayout.JAVA_LONG, HEAP_TOP_OFFSET, heapOffset(options.maxProcesses, options.maxObjects));
        arena.set(ValueLayout.JAVA_LONG, NEXT_OBJECT_ID_OFFSET, 1L);
        INT.setRelease(arena, INITIALISED_OFFSET, 1);
        return arena;
    }

    static void checkArena(MemorySegment arena, Path file) {
        if (arena.get(ValueLayout.JAVA_LONG, MAGIC_OFFSET) != MAGIC) {
            throw new IncompatibleObjectException(file + " is not a shmproc namespace file: move it away, or use"
                    + " another namespace name or directory");
        }
        int version = arena.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new IncompatibleObjectException(file + " has shmproc format version " + version
                    + " but this library reads version " + FORMAT_VERSION + ": use the same shmproc version in"
                    + " every process of a namespace, or use another namespace");
        }
        if (arena.get(ValueLayout.JAVA_LONG, ARENA_BYTES_OFFSET) != arena.byteSize()) {
            throw new IncompatibleObjectException(file + " is " + arena.byteSize() + " bytes but its header says "
                    + arena.get(ValueLayout.JAVA_LONG, ARENA_BYTES_OFFSET) + ": the file is damaged; delete the"
                    + " namespace directory once no process uses it");
        }
    }

    // ---------------------------------------------------------------- objects

    private Region createOrAttach(String objectName, List<ObjectType> types, long payloadBytes,
                                  Consumer<MemorySegment> initializer, boolean mayCreate, boolean mayAttach) {
        Names.check("object", objectName);
        ObjectType type = types.getFirst();
        if (mayCreate) {
            Objects.requireNonNull(initializer, "initializer");
            if (payloadBytes < 0) {
                throw new IllegalArgumentException("size of object '" + objectName + "' is " + payloadBytes
                        + " bytes: give a size of 0 or more");
            }
            if (payloadBytes > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("size of object '" + objectName + "' is " + payloadBytes
                        + " bytes, beyond what any file system can map: give a smaller size");
            }
        }
        checkOpen();
        Located found = withMetadataLock(() -> {
            int index = objects.find(objectName);
            if (index >= 0 && mayCreate && isAbandoned(objects.read(index))) {
                remove(objects.read(index)); // its creator died before publishing it: the name is free
                index = -1;
            }
            if (index >= 0) {
                if (!mayAttach) {
                    throw new ObjectExistsException("namespace '" + name + "' already has an object '" + objectName
                            + "' (" + describe(objects.read(index)) + "): attach it, pick another name, or unlink it first");
                }
                return locate(objects.read(index), true);
            }
            if (!mayCreate) {
                throw new ObjectNotFoundException("no object '" + objectName + "' in namespace '" + name + "' ("
                        + directory + "): create it first, or check the name; it has " + objectNames(5));
            }
            return allocate(objectName, type, payloadBytes);
        });
        if (found.attached) {
            return finishAttach(found, types);
        }
        return finishCreate(found, type, initializer);
    }

    /** Where an object's block is mapped in this process, and whether it was attached or just allocated. */
    private record Located(ObjectDirectory.Entry entry, MemorySegment block, Arena ownMapping, boolean attached) {
    }

    private Located locate(ObjectDirectory.Entry entry, boolean attached) throws IOException {
        if (!entry.creator().equals(self.id()) && !entry.has(DirectoryLayout.FLAG_SHARED)) {
            objects.addFlags(entry.index(), DirectoryLayout.FLAG_SHARED);
        }
        if (!entry.has(DirectoryLayout.FLAG_EXTERNAL)) {
            return new Located(entry, arena.asSlice(entry.blockOffset(), entry.blockBytes()), null, attached);
        }
        Arena mapping = Arena.ofShared();
        try {
            return new Located(entry, MappedFiles.map(objectFile(entry.name()), mapping), mapping, attached);
        } catch (IOException | RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    private Located allocate(String objectName, ObjectType type, long payloadBytes) throws IOException {
        long blockBytes = alignBlock(ObjectHeaderLayout.HEADER_BYTES + payloadBytes);
        int index = -1;
        long blockOffset = 0;
        int flags = 0;
        if (blockBytes <= options.largeObjectBytes) {
            index = objects.findFreeBlock(blockBytes);
            if (index >= 0) {
                ObjectDirectory.Entry free = objects.read(index);
                blockOffset = free.blockOffset();
                blockBytes = free.blockBytes();
            } else {
                long top = arena.get(ValueLayout.JAVA_LONG, HEAP_TOP_OFFSET);
                if (top + blockBytes <= arena.byteSize()) {
                    blockOffset = top;
                    arena.set(ValueLayout.JAVA_LONG, HEAP_TOP_OFFSET, top + blockBytes);
                }
            }
        }
        if (index < 0) {
            index = objects.findUnused();
            if (index < 0) {
                throw new InsufficientSpaceException("namespace '" + name + "' (" + directory + ") already holds its"
                        + " maximum of " + objects.capacity() + " objects: unlink some, or use a namespace created with"
                        + " Namespace.builder(name).maxObjects(n)");
            }
        }
        if (blockOffset == 0) {
            flags = DirectoryLayout.FLAG_EXTERNAL; // large, or the arena heap is full: a file of its own
        }
        long objectId = arena.get(ValueLayout.JAVA_LONG, NEXT_OBJECT_ID_OFFSET);
        arena.set(ValueLayout.JAVA_LONG, NEXT_OBJECT_ID_OFFSET, objectId + 1);
        ObjectDirectory.Entry entry = new ObjectDirectory.Entry(index, DirectoryLayout.LIVE, flags, blockOffset,
                blockBytes, self.id(), objectId, objectName);
        MemorySegment block;
        Arena ownMapping = null;
        if (blockOffset == 0) {
            ownMapping = Arena.ofShared();
            try {
                block = MappedFiles.createAndMap(objectFile(objectName), blockBytes, ownMapping);
            } catch (RuntimeException e) {
                ownMapping.close();
                throw e;
            }
        } else {
            block = arena.asSlice(blockOffset, blockBytes);
            block.fill((byte) 0); // a reused block holds a dead object's bytes
        }
        writeHeader(block, type, payloadBytes);
        objects.publish(entry);
        return new Located(entry, block, ownMapping, false);
    }

    private Region finishCreate(Located created, ObjectType type, Consumer<MemorySegment> initializer) {
        MemorySegment payload = payloadOf(created.block);
        Region region = new Region(this, created.entry.name(), type, payload, created.entry.objectId(), true,
                created.ownMapping);
        regions.add(region);
        try {
            initializer.accept(payload);
        } catch (RuntimeException | Error e) {
            region.close(); // unlinks: a half-initialised object must not stay visible
            throw e;
        }
        INT.setRelease(created.block, ObjectHeaderLayout.INITIALISED_OFFSET, 1);
        return region;
    }

    private Region finishAttach(Located found, List<ObjectType> accepted) {
        ObjectType expected;
        try {
            awaitInitialised(found);
            expected = checkHeader(found, accepted);
        } catch (RuntimeException e) {
            if (found.ownMapping != null) {
                found.ownMapping.close();
            }
            throw e;
        }
        Region region = new Region(this, found.entry.name(), expected, payloadOf(found.block), found.entry.objectId(),
                false, found.ownMapping);
        regions.add(region);
        return region;
    }

    private MemorySegment payloadOf(MemorySegment block) {
        long payloadBytes = block.get(ValueLayout.JAVA_LONG, ObjectHeaderLayout.PAYLOAD_BYTES_OFFSET);
        return block.asSlice(ObjectHeaderLayout.HEADER_BYTES, payloadBytes);
    }

    private static void writeHeader(MemorySegment block, ObjectType type, long payloadBytes) {
        byte[] descriptor = type.descriptor().getBytes(StandardCharsets.UTF_8);
        int length = Math.min(descriptor.length, ObjectHeaderLayout.MAX_DESCRIPTOR_BYTES);
        block.set(ValueLayout.JAVA_INT, ObjectHeaderLayout.MAGIC_OFFSET, ObjectHeaderLayout.MAGIC);
        block.set(ValueLayout.JAVA_INT, ObjectHeaderLayout.VERSION_OFFSET, FORMAT_VERSION);
        block.set(ValueLayout.JAVA_INT, ObjectHeaderLayout.KIND_OFFSET, type.kindCode());
        block.set(ValueLayout.JAVA_LONG, ObjectHeaderLayout.FINGERPRINT_OFFSET, type.fingerprint());
        block.set(ValueLayout.JAVA_LONG, ObjectHeaderLayout.PAYLOAD_BYTES_OFFSET, payloadBytes);
        block.set(ValueLayout.JAVA_INT, ObjectHeaderLayout.DESCRIPTOR_LENGTH_OFFSET, length);
        MemorySegment.copy(descriptor, 0, block, ValueLayout.JAVA_BYTE, ObjectHeaderLayout.DESCRIPTOR_OFFSET, length);
    }

    private void awaitInitialised(Located found) {
        long deadline = System.nanoTime() + options.attachTimeout.toNanos();
        long nextLivenessCheck = System.nanoTime();
        int spins = 0;
        while ((int) INT.getAcquire(found.block, ObjectHeaderLayout.INITIALISED_OFFSET) != 1) {
            long now = System.nanoTime();
            if (now - nextLivenessCheck >= 0) {
                if (!processes.isAlive(found.entry.creator())) {
                    throw new ObjectNotFoundException("object '" + found.entry.name() + "' in namespace '" + name
                            + "': its creator died before initialising it; create it again");
                }
                nextLivenessCheck = now + TimeUnit.MILLISECONDS.toNanos(10);
            }
            if (now - deadline > 0) {
                throw new ShmException("object '" + found.entry.name() + "' in namespace '" + name + "' was not"
                        + " initialised by its creator within " + options.attachTimeout.toMillis() + " ms: its"
                        + " creator may be hung; raise Namespace.builder(name).attachTimeout(...) if it is just slow");
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(100_000); // initialisers are short; nothing to wake us more precisely
            }
        }
    }

    private ObjectType checkHeader(Located found, List<ObjectType> accepted) {
        MemorySegment block = found.block;
        String where = "object '" + found.entry.name() + "' in namespace '" + name + "'";
        if (block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.MAGIC_OFFSET) != ObjectHeaderLayout.MAGIC) {
            throw new IncompatibleObjectException(where + " does not start with a shmproc header: its file was"
                    + " written by another program; unlink it and create it again");
        }
        int version = block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new IncompatibleObjectException(where + " has format version " + version + " but this library"
                    + " reads version " + FORMAT_VERSION + ": use one shmproc version in every process");
        }
        int kind = block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.KIND_OFFSET);
        long fingerprint = block.get(ValueLayout.JAVA_LONG, ObjectHeaderLayout.FINGERPRINT_OFFSET);
        for (ObjectType candidate : accepted) {
            if (kind == candidate.kindCode() && fingerprint == candidate.fingerprint()) {
                return candidate;
            }
        }
        String expected = String.join(" or ", accepted.stream().map(t -> t.kind() + " '" + t.descriptor() + "'").toList());
        throw new IncompatibleObjectException(where + " is a " + ObjectType.kindName(kind) + " '"
                + storedDescriptor(block) + "' but was attached as a " + expected
                + ": attach it with its own type, or use another name");
    }

    static String storedDescriptor(MemorySegment block) {
        int length = Math.clamp(block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.DESCRIPTOR_LENGTH_OFFSET), 0,
                ObjectHeaderLayout.MAX_DESCRIPTOR_BYTES);
        byte[] bytes = new byte[length];
        MemorySegment.copy(block, ValueLayout.JAVA_BYTE, ObjectHeaderLayout.DESCRIPTOR_OFFSET, bytes, 0, length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        return length == ObjectHeaderLayout.MAX_DESCRIPTOR_BYTES ? text + "..." : text;
    }

    private String describe(ObjectDirectory.Entry entry) {
        try {
            Located located = locate(entry, true);
            try {
                MemorySegment block = located.block;
                return ObjectType.kindName(block.get(ValueLayout.JAVA_INT, ObjectHeaderLayout.KIND_OFFSET)) + " '"
                        + storedDescriptor(block) + "'";
            } finally {
                if (located.ownMapping != null) {
                    located.ownMapping.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private String objectNames(int most) {
        List<ObjectDirectory.Entry> live = objects.entries(DirectoryLayout.LIVE);
        if (live.isEmpty()) {
            return "no objects";
        }
        List<String> names = live.stream().limit(most).map(e -> "'" + e.name() + "'").toList();
        return "objects " + String.join(", ", names) + (live.size() > most ? ", ..." : "");
    }

    /** An entry whose creator died before publishing the object. */
    private boolean isAbandoned(ObjectDirectory.Entry entry) throws IOException {
        if (processes.isAlive(entry.creator())) {
            return false;
        }
        Located located = locate(entry, true);
        try {
            return (int) INT.getAcquire(located.block, ObjectHeaderLayout.INITIALISED_OFFSET) != 1;
        } finally {
            if (located.ownMapping != null) {
                located.ownMapping.close();
            }
        }
    }

    // ---------------------------------------------------------------- removal and reclamation

    /** Called by a region as it closes: unlinks it if asked, and frees an unlinked block nobody maps. */
    void closed(Region region, boolean unlink) {
        regions.remove(region);
        if (closedArena()) {
            return;
        }
        withMetadataLock(() -> {
            int index = objects.findById(region.objectId());
            if (index >= 0) {
                ObjectDirectory.Entry entry = objects.read(index);
                if (entry.state() == DirectoryLayout.LIVE && unlink) {
                    remove(entry);
                } else if (entry.state() == DirectoryLayout.RETIRED && !entry.has(DirectoryLayout.FLAG_SHARED)
                        && !isMappedHere(entry)) {
                    objects.setState(index, DirectoryLayout.FREE);
                }
            }
            return null;
        });
    }

    private boolean closedArena() {
        return !arenaMapping.scope().isAlive();
    }

    void keep(Region region) {
        withMetadataLock(() -> {
            int index = objects.find(region.name());
            if (index < 0 || objects.read(index).objectId() != region.objectId()) {
                throw new ObjectNotFoundException("object '" + region.name() + "' was unlinked from namespace '"
                        + name + "': it can no longer be kept");
            }
            objects.addFlags(index, DirectoryLayout.FLAG_KEEP);
            return null;
        });
    }

    /** Unlinks one entry; called with the metadata lock held. */
    private void remove(ObjectDirectory.Entry entry) {
        if (entry.has(DirectoryLayout.FLAG_EXTERNAL)) {
            MappedFiles.deleteQuietly(objectFile(entry.name()));
            objects.clear(entry.index());
        } else if (entry.has(DirectoryLayout.FLAG_SHARED) || isMappedHere(entry)) {
            objects.setState(entry.index(), DirectoryLayout.RETIRED);
        } else {
            objects.setState(entry.index(), DirectoryLayout.FREE); // keeps its block for reuse
        }
    }

    private boolean isMappedHere(ObjectDirectory.Entry entry) {
        for (Region region : regions) {
            if (region.objectId() == entry.objectId()) {
                return true;
            }
        }
        return false;
    }

    /**
     * With no other process alive, nothing can still use a dead process's objects: unlink every object
     * not kept, and free every retired block. Called with the metadata lock held.
     */
    private void reclaimAbandoned() throws IOException {
        for (ObjectDirectory.Entry entry : objects.entries(DirectoryLayout.LIVE)) {
            if (!entry.has(DirectoryLayout.FLAG_KEEP) && !isMappedHere(entry)) {
                remove(entry);
            }
        }
        for (ObjectDirectory.Entry entry : objects.entries(DirectoryLayout.RETIRED)) {
            objects.setState(entry.index(), DirectoryLayout.FREE);
        }
        if (objects.entries(DirectoryLayout.LIVE).isEmpty()) {
            for (int i = 0; i < objects.capacity(); i++) {
                objects.clear(i);
            }
            arena.set(ValueLayout.JAVA_LONG, HEAP_TOP_OFFSET, heapOffset(processes.capacity(), objects.capacity()));
        }
        deleteStrayObjectFiles();
    }

    /** Object files no live entry names: left by a process that died while creating one. */
    private void deleteStrayObjectFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + OBJECT_FILE_SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String objectName = fileName.substring(0, fileName.length() - OBJECT_FILE_SUFFIX.length());
                int index = objects.find(objectName);
                if (index < 0 || !objects.read(index).has(DirectoryLayout.FLAG_EXTERNAL)) {
                    MappedFiles.deleteQuietly(file);
                }
            }
        }
    }

    private void deleteDirectory() throws IOException {
        lockFile.tombstone();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                MappedFiles.deleteQuietly(file);
            }
        }
        try {
            Files.deleteIfExists(directory);
            Files.deleteIfExists(options.root); // only if no other namespace is left in it
        } catch (DirectoryNotEmptyException stillInUse) {
            // another namespace, or a file someone else put there: leave it
        }
    }

    private Path objectFile(String objectName) {
        return directory.resolve(objectName + OBJECT_FILE_SUFFIX);
    }

    // ---------------------------------------------------------------- locking

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T withMetadataLock(Locked<T> action) {
        checkOpen();
        try {
            if (!lockMetadata()) {
                throw new ShmException("namespace '" + name + "' (" + directory + ") was deleted while this"
                        + " process had it open: its files were removed by hand; open it again");
            }
            try {
                return action.run();
            } finally {
                lockFile.unlockMetadata();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update namespace " + directory + ": " + e.getMessage(), e);
        }
    }

    private boolean lockMetadata() throws IOException {
        return lockFile.lockMetadata(options.lockTimeout.toNanos());
    }

    /**
     * Where a namespace lives and, when this process is the one to create it, how big it is. Capacities
     * are fixed at creation; a process attaching to an existing namespace uses the creator's.
     *
     * <pre>{@code
     * Namespace ns = Namespace.builder("sim").directory(Path.of("/mnt/huge/shm")).maxObjects(100_000).open();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private Path root = defaultRoot();
        private long arenaBytes = 4L << 20;
        private int maxObjects = 4096;
        private int maxProcesses = 1024;
        private long largeObjectBytes = 256 << 10;
        private Duration attachTimeout = Duration.ofSeconds(10);
        private Duration lockTimeout = Duration.ofSeconds(30);
        private boolean existingOnly;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Makes {@link #open()} refuse, with {@link ObjectNotFoundException}, to create the namespace:
         * for handles that only attach what others made, such as those of {@link SharedReference}.
         */
        Builder existingOnly() {
            this.existingOnly = true;
            return this;
        }

        /** @param root the parent directory of the namespace's directory (created 0700 if missing) */
        public Builder directory(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** @param bytes size of the arena file holding small objects and the tables (default 4 MiB) */
        public Builder arenaBytes(long bytes) {
            long minimum = heapOffset(maxProcesses, maxObjects);
            if (bytes < minimum || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("arena size " + bytes + " must be between " + minimum
                        + " (the tables for " + maxProcesses + " processes and " + maxObjects + " objects) and "
                        + Integer.MAX_VALUE + " bytes; larger objects get files of their own anyway");
            }
            this.arenaBytes = bytes;
            return this;
        }

        /** @param count how many objects the namespace can name at once (default 4096) */
        public Builder maxObjects(int count) {
            this.maxObjects = positive("maxObjects", count, 1 << 20);
            this.arenaBytes = Math.max(arenaBytes, heapOffset(maxProcesses, maxObjects) + (1 << 20));
            return this;
        }

        /** @param count how many processes can be attached at once (default 1024) */
        public Builder maxProcesses(int count) {
            this.maxProcesses = positive("maxProcesses", count, 1 << 16);
            this.arenaBytes = Math.max(arenaBytes, heapOffset(maxProcesses, maxObjects) + (1 << 20));
            return this;
        }

        /** @param timeout how long attaching waits for a creator still initialising the object (default 10 s) */
        public Builder attachTimeout(Duration timeout) {
            this.attachTimeout = requirePositive("attachTimeout", timeout);
            return this;
        }

        /** @param timeout how long to wait for a process holding the namespace's metadata lock (default 30 s) */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = requirePositive("lockTimeout", timeout);
            return this;
        }

        /**
         * Opens the namespace, creating it if needed.
         *
         * @throws InsufficientSpaceException if the file system is full or all process slots are taken
         * @throws IncompatibleObjectException if the directory holds files of another format
         */
        public Namespace open() {
            return Namespace.open(this);
        }

        private static int positive(String what, int count, int most) {
            if (count < 1 || count > most) {
                throw new IllegalArgumentException(what + " is " + count + ": give a number from 1 to " + most);
            }
            return count;
        }

        private static Duration requirePositive(String what, Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " is " + timeout + ": give a positive duration");
            }
            return timeout;
        }
    }
}

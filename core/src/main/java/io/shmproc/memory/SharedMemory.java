package io.shmproc.memory;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A named region of raw shared bytes: Python's {@code multiprocessing.shared_memory.SharedMemory(name,
 * create, size)}. Any process that knows the name can attach the same bytes, as a {@link MemorySegment}
 * ({@link #segment()}) or a {@link ByteBuffer} ({@link #buffer()}, Python's {@code .buf}). There is no
 * header, lock or type in the region: its bytes are all the caller's, exactly {@link #size()} of them.
 *
 * <p><b>Where regions live.</b> Region {@code name} is the file {@code DIRECTORY/name}, mode 0600, where
 * the directory is {@code /dev/shm} on Linux ({@link #defaultDirectory()}) or one the caller chooses. On
 * Linux that is where Python puts {@code SharedMemory("name")} (it calls {@code shm_open("/name")}), so a
 * JVM and a Python process share bytes by name:
 *
 * <pre>{@code
 * // python3: shm = SharedMemory("frames", create=True, size=1024); shm.buf[0] = 42
 * try (SharedMemory frames = SharedMemory.attach("frames")) {
 *     byte first = frames.segment().get(ValueLayout.JAVA_BYTE, 0);      // 42
 * }
 * // or the other way round: the JVM creates, Python attaches with SharedMemory("frames")
 * try (SharedMemory frames = SharedMemory.create("frames", 1024).unlinkOnClose()) { ... }
 * }</pre>
 *
 * <p><b>Names</b> are single file names: 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8, no {@code '/'} or
 * {@code '\\'} (give {@code "frames"}, not {@code "/frames"}: the slash of a POSIX shared-memory name is
 * implied, as in Python), no control characters, and not {@code "."} or {@code ".."}. A region created
 * without a name gets a random one of Python's form, {@code psm_} and eight hex digits.
 *
 * <p><b>Life cycle.</b> {@link #close()} unmaps this handle's view and nothing else; {@link #unlink()}
 * removes the name, after which the region can no longer be attached, while every process that has it
 * mapped keeps using it (its memory is freed when the last mapping goes, as for POSIX shared memory).
 * Exactly one process should unlink a region, normally its creator once the others have attached it;
 * {@link #unlinkOnClose()} makes a try-with-resources block do that. A region never unlinked stays in
 * {@code /dev/shm} until the machine restarts.
 *
 * <p><b>Attaching never removes a region.</b> Python (before 3.13, and later unless given
 * {@code track=False}) registers every {@code SharedMemory} it attaches with its resource tracker, which
 * unlinks the region when that process exits, with a "leaked shared_memory objects" warning, even when
 * another process created it and still uses it: a well-known complaint. A JVM here never unlinks a
 * region unless told to by {@link #unlink()}. A Python process that attaches a JVM's region should
 * pass {@code track=False} (3.13 and later) or call
 * {@code resource_tracker.unregister(shm._name, "shared_memory")} after attaching (earlier versions).
 *
 * <p><b>Creation is exclusive and complete.</b> {@link #create} fails with {@link ObjectExistsException}
 * if the name exists (Python's {@code FileExistsError}), and publishes the name only once the file has
 * its full size with every page allocated, so an attacher never sees a short region and a full
 * {@code /dev/shm} is reported as an {@link InsufficientSpaceException} here rather than as a SIGBUS
 * later. The bytes start as zeros. (The file is written under a hidden name,
 * {@code .shmproc-creating-} and 16 hex digits, and then linked to its own; a process killed in
 * between leaves that hidden file, which no region's name refers to and which may be deleted.)
 *
 * <p><b>Serialisation by name.</b> A handle is {@link Serializable}: the stream holds its directory and
 * name, and reading it attaches the region again (in this JVM or another), so a
 * {@code JvmProcess} task that captures one works on the same bytes. The region must still exist then.
 *
 * <p>A handle may be used from many threads; the region's bytes have no synchronisation of their own
 * (use the segment's {@code VarHandle}s for atomics). Using a segment or buffer obtained from a handle
 * after closing that handle throws {@link IllegalStateException}, never touches unmapped memory.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The longest name, in bytes of UTF-8: Linux's {@code NAME_MAX}. */
    public static final int MAX_NAME_BYTES = 255;

    private static final String RANDOM_PREFIX = "psm_";
    private static final String TEMPORARY_PREFIX = ".shmproc-creating-";
    private static final int RANDOM_NAME_ATTEMPTS = 100;
    private static final long SIZING_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final transient Path directory;
    private final transient String name;
    private final transient boolean creator;
    private final transient Arena mapping;
    private final transient MemorySegment segment;
    /** The file's identity (device and inode), so that {@link #unlink()} never removes a successor's name. */
    private final transient Object fileKey;
    private transient volatile boolean unlinkOnClose;
    private transient volatile boolean closed;

    private SharedMemory(Path directory, String name, boolean creator, Arena mapping, MemorySegment segment,
                         Object fileKey) {
        this.directory = directory;
        this.name = name;
        this.creator = creator;
        this.mapping = mapping;
        this.segment = segment;
        this.fileKey = fileKey;
    }

    /**
     * @return where regions live when no directory is given: {@code /dev/shm} where it exists and is
     *     writable (Linux, and where Python's regions are), else the temporary directory
     */
    public static Path defaultDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates region {@code name} of {@code size} zero bytes in the {@link #defaultDirectory()}: Python's
     * {@code SharedMemory(name, create=True, size=size)}.
     *
     * @throws ObjectExistsException if a region (or any file) of that name exists
     * @throws IllegalArgumentException if {@code size} is not positive or the name is not allowed
     * @throws InsufficientSpaceException if the file system has no room for {@code size} bytes
     */
    public static SharedMemory create(String name, long size) {
        return create(defaultDirectory(), name, size);
    }

    /** As {@link #create(String, long)}, under a random name of the form {@code psm_1a2b3c4d}. */
    public static SharedMemory create(long size) {
        return create(defaultDirectory(), size);
    }

    /**
     * As {@link #create(String, long)}, in {@code directory} (created with mode 0700 if missing): for
     * systems without {@code /dev/shm}, or to keep a program's regions apart.
     */
    public static SharedMemory create(Path directory, String name, long size) {
        Objects.requireNonNull(directory, "directory");
        checkName(name);
        checkSize(name, size);
        try {
            return createExclusive(directory, name, size);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectExistsException("shared memory '" + name + "' already exists in " + directory
                    + ": attach it with SharedMemory.attach(\"" + name + "\"), unlink it first, or choose another name");
        }
    }

    /** As {@link #create(long)}, in {@code directory}. */
    public static SharedMemory create(Path directory, long size) {
        Objects.requireNonNull(directory, "directory");
        checkSize("(random name)", size);
        for (int attempt = 0; attempt < RANDOM_NAME_ATTEMPTS; attempt++) {
            try {
                return createExclusive(directory, RANDOM_PREFIX + randomHex(4), size);
            } catch (FileAlreadyExistsException taken) {
                // another region drew the same name: draw again
            }
        }
        throw new ObjectExistsException(RANDOM_NAME_ATTEMPTS + " random names in " + directory
                + " were all taken: the directory is full of psm_ regions; unlink those no longer used");
    }

    /**
     * Attaches the existing region {@code name} in the {@link #defaultDirectory()}, whoever created it
     * (a JVM, or Python's {@code SharedMemory}): Python's {@code SharedMemory(name)}. Its size is the
     * file's.
     *
     * @throws ObjectNotFoundException if there is no region of that name (Python's {@code FileNotFoundError})
     * @throws IllegalArgumentException if the name is not allowed
     */
    public static SharedMemory attach(String name) {
        return attach(defaultDirectory(), name);
    }

    /** As {@link #attach(String)}, in {@code directory}. */
    public static SharedMemory attach(Path directory, String name) {
        Objects.requireNonNull(directory, "directory");
        checkName(name);
        Path file = directory.resolve(name);
        long deadline = System.nanoTime() + SIZING_WAIT_NANOS;
        try {
            while (true) {
                Arena mapping = Arena.ofShared();
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile()) {
                        throw new IncompatibleObjectException(file + " is not a regular file, so not a shared memory"
                                + " region: choose another name");
                    }
                    MemorySegment segment = MappedFiles.map(file, mapping);
                    if (segment.byteSize() > 0) {
                        return new SharedMemory(directory, name, false, mapping, segment, attributes.fileKey());
                    }
                } catch (NoSuchFileException e) {
                    mapping.close();
                    throw new ObjectNotFoundException("no shared memory '" + name + "' in " + directory
                            + ": create it first with SharedMemory.create(\"" + name + "\", size), or check the name"
                            + " (and the directory, if the creator chose one)");
                } catch (RuntimeException | IOException e) {
                    mapping.close();
                    throw e;
                }
                mapping.close();
                // Python creates with shm_open and then sizes with ftruncate: wait out that window.
                if (System.nanoTime() - deadline > 0) {
                    throw new IncompatibleObjectException("shared memory '" + name + "' in " + directory
                            + " has 0 bytes: its creator never gave it a size; unlink it and create it again");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } catch (IOException e) {
            throw new ShmException("cannot attach shared memory '" + name + "' in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static SharedMemory createExclusive(Path directory, String name, long size) throws FileAlreadyExistsException {
        try {
            FilePermissions.createPrivateDirectories(directory);
        } catch (IOException e) {
            throw new ShmException("cannot create directory " + directory + " for shared memory: " + e.getMessage(), e);
        }
        Path file = directory.resolve(name);
        Arena mapping = Arena.ofShared();
        try {
            MemorySegment segment = MappedFiles.createExclusiveAndMap(file, directory.resolve(TEMPORARY_PREFIX + randomHex(8)),
                    size, mapping, "free space there, or create the region in another directory with"
                            + " SharedMemory.create(directory, name, size)");
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new SharedMemory(directory, name, true, mapping, segment, key);
        } catch (FileAlreadyExistsException e) {
            mapping.close();
            throw e;
        } catch (IOException e) {
            mapping.close();
            MappedFiles.deleteQuietly(file);
            throw new ShmException("cannot create shared memory '" + name + "' in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    /** @return the region's name, without any leading slash (Python's {@code .name}) */
    public String name() {
        return name;
    }

    /** @return the directory holding the region's file */
    public Path directory() {
        return directory;
    }

    /** @return the region's file: {@code directory().resolve(name())} */
    public Path path() {
        return directory.resolve(name);
    }

    /** @return the region's size in bytes (Python's {@code .size}), fixed when it was created */
    public long size() {
        return segment.byteSize();
    }

    /** @return whether this handle created the region (rather than attaching it) */
    public boolean isCreator() {
        return creator;
    }

    /**
     * @return the whole region, shared with every process that maps it; valid until this handle is closed
     * @throws ClosedObjectException if this handle is closed
     */
    public MemorySegment segment() {
        checkOpen();
        return segment;
    }

    /**
     * A {@link ByteBuffer} over the whole region (Python's {@code .buf}): a new view on each call, with
     * its own position and limit, in the machine's native byte order (as the segment's {@code JAVA_INT}
     * and Python's {@code memoryview.cast} use; call {@code order(ByteOrder.BIG_ENDIAN)} for network order).
     *
     * @throws ClosedObjectException if this handle is closed
     * @throws UnsupportedOperationException if the region is larger than a buffer can be (2 GiB - 1): use
     *     {@link #segment()}
     */
    public ByteBuffer buffer() {
        checkOpen();
        if (segment.byteSize() > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("shared memory '" + name + "' has " + segment.byteSize()
                    + " bytes, more than a ByteBuffer can hold: use segment(), or segment().asSlice(offset, n).asByteBuffer()");
        }
        return segment.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * Removes the region's name (Python's {@code .unlink()}): it can no longer be attached, and a new
     * region may take the name; every process that has it mapped, this one included, keeps using its
     * bytes until it closes its handle. If the name meanwhile names another region (this one was
     * unlinked and the name created again), that region is left alone.
     *
     * @return whether this call removed the name; false if it was already gone or names another region
     */
    public boolean unlink() {
        Path file = path();
        try {
            Object now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && !fileKey.equals(now)) {
                return false;
            }
            return Files.deleteIfExists(file);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new ShmException("cannot unlink shared memory '" + name + "' (" + file + "): " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@link #close()} also {@link #unlink()} the region, so that a try-with-resources block leaves
     * nothing behind. For the one handle meant to remove it, typically the creator's.
     *
     * @return this handle
     */
    public SharedMemory unlinkOnClose() {
        checkOpen();
        unlinkOnClose = true;
        return this;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps this handle's view of the region (Python's {@code .close()}); the region itself, and other
     * handles and processes, are not affected, unless {@link #unlinkOnClose()} was called, when the
     * name is also removed. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (unlinkOnClose) {
                unlink();
            }
        } finally {
            mapping.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedObjectException("shared memory '" + name + "' (" + path() + ") is closed in this"
                    + " process: attach it again with SharedMemory.attach to use it");
        }
    }

    static void checkName(String name) {
        String rules = ": a shared memory name is one file name of 1 to " + MAX_NAME_BYTES + " bytes of UTF-8, without"
                + " '/', '\\' or control characters, and not '.' or '..'";
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("shared memory name is empty" + rules
                    + "; give a name such as 'frames', or none to get a random one");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("shared memory name '" + name + "' names a directory" + rules);
        }
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("shared memory name '" + name.substring(0, 20) + "...' is " + bytes
                    + " bytes long" + rules);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("shared memory name '" + name + "' contains '" + c + "' at index " + i
                        + rules + (i == 0 && c == '/' ? "; drop the leading '/', which is implied, as in Python" : ""));
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("shared memory name '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i + rules);
            }
        }
    }

    private static void checkSize(String name, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory '" + name + "' cannot be created with " + size
                    + " bytes: give a positive size (Python raises ValueError for this too)");
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Serialises this handle by name: as its directory and name. */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        checkOpen();
        return new ByName(directory.toAbsolutePath().toString(), name);
    }

    /** Refuses a stream that claims to hold a handle itself rather than its name (forged or corrupt). */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: shared memory is serialised by name");
    }

    @Override
    public String toString() {
        return "SharedMemory[" + path() + ", " + segment.byteSize() + " bytes" + (closed ? ", closed" : "") + "]";
    }

    /**
     * A {@link SharedMemory} as a stream holds it: its directory (as a string, since {@link Path} is not
     * serialisable) and name. Reading it attaches the region.
     */
    record ByName(String directory, String name) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                if (directory == null) {
                    throw new IllegalArgumentException("the stream holds no directory");
                }
                return attach(Path.of(directory), name);
            } catch (RuntimeException e) {
                InvalidObjectException failure = new InvalidObjectException("cannot attach shared memory '" + name
                        + "' in " + directory + " by name: " + e.getMessage()
                        + (e instanceof ObjectNotFoundException ? "; a region must outlive its serialised handles:"
                        + " unlink it only after every process that reads one has attached it" : ""));
                failure.initCause(e);
                throw failure;
            }
        }
    }
}

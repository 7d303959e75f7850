package io.shmproc.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;

/**
 * A namespace's lock file ({@code .lock}): the kernel-held locks that tell live processes from dead ones,
 * and the metadata lock that serialises changes to the arena's directory.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of the file drops
 * all of the process's locks on it. So a JVM keeps exactly one channel per lock file, shared by every
 * {@link Namespace} instance through a reference count, and never opens the file any other way.
 *
 * <p>Locked regions (one byte each, beyond the file's contents, so they never overlap data):
 * byte {@code slot} is held by the process owning that process-table slot; byte {@link #METADATA_BYTE}
 * is held while changing the directory, opening or closing the namespace. Byte 0 of the contents is a
 * tombstone: the last process to close a namespace sets it before deleting the files, so a process that
 * opened the old file and waited for its metadata lock can tell it must start again.
 */
final class LockFile {
    /** Far above any slot number. */
    static final long METADATA_BYTE = 1L << 32;
    private static final byte TOMBSTONE = 1;
    private static final Map<Path, LockFile> OPEN = new HashMap<>();

    private final Path path;
    private final FileChannel channel;
    /** FileLock throws rather than blocks when another thread of this JVM holds the region. */
    private final ReentrantLock metadataInJvm = new ReentrantLock();
    private int references;
    private FileLock metadataLock;

    private LockFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating with mode 0600 if needed) the lock file, sharing this JVM's one channel to it. */
    static LockFile open(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            LockFile file = OPEN.get(key);
            if (file == null) {
                FileChannel channel = FileChannel.open(key, Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), FilePermissions.FILE);
                file = new LockFile(key, channel);
                OPEN.put(key, file);
            }
            file.references++;
            return file;
        }
    }

    /**
     * Opens the lock file of an existing namespace without ever creating one, for tools that must leave
     * no trace: a namespace being deleted has no lock file, and gets none from them.
     *
     * @throws java.nio.file.NoSuchFileException if there is no lock file
     */
    static LockFile openExisting(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            LockFile file = OPEN.get(key);
            if (file == null) {
                file = new LockFile(key, FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE));
                OPEN.put(key, file);
            }
            file.references++;
            return file;
        }
    }

    /** Drops one reference; the channel (and with it every lock this JVM held on it) goes with the last. */
    void release() {
        synchronized (OPEN) {
            if (--references == 0) {
                OPEN.remove(path, this);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing a file we only locked cannot lose data.
                }
            }
        }
    }

    Path path() {
        return path;
    }

    /**
     * Takes the metadata lock, waiting at most {@code timeoutNanos}.
     *
     * @return false if the lock file was deleted by a closing namespace (tombstoned): start again
     * @throws ShmException if another process holds it for longer than the timeout
     */
    boolean lockMetadata(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            if (!metadataInJvm.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw heldTooLong(timeoutNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShmException("interrupted while waiting for the metadata lock of " + path, e);
        }
        try {
            long backoff = 10_000;
            while ((metadataLock = channel.tryLock(METADATA_BYTE, 1, false)) == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw heldTooLong(timeoutNanos);
                }
                // Held by another process for a moment: directory changes are short. A short cap keeps
                // a waiter among many from sleeping through every moment the lock is free.
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, 1_000_000);
            }
            if (isTombstoned()) {
                unlockMetadata();
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (metadataLock == null) {
                metadataInJvm.unlock();
            }
            throw e;
        }
    }

    void unlockMetadata() throws IOException {
        try {
            if (metadataLock != null) {
                metadataLock.release();
                metadataLock = null;
            }
        } finally {
            metadataInJvm.unlock();
        }
    }

    boolean holdsMetadataLock() {
        return metadataInJvm.isHeldByCurrentThread();
    }

    /** Marks the file dead; called with the metadata lock held, just before the namespace is deleted. */
    void tombstone() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {TOMBSTONE}), 0);
        synchronized (OPEN) {
            // New opens in this JVM must create a fresh file, not reuse this dying channel.
            OPEN.remove(path, this);
        }
    }

    private boolean isTombstoned() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        return channel.read(b, 0) == 1 && b.get(0) == TOMBSTONE;
    }

    /** Takes the lock on byte {@code slot} if no process holds it. */
    synchronized FileLock tryLockSlot(int slot) throws IOException {
        try {
            return channel.tryLock(slot, 1, false);
        } catch (OverlappingFileLockException heldByThisJvm) {
            return null;
        }
    }

    /**
     * Tells whether some process holds the lock on byte {@code slot}, without keeping it. Probes and
     * claims are serialised so that two threads of this JVM never mistake each other's probe for an owner.
     */
    synchronized boolean isSlotHeld(int slot) throws IOException {
        FileLock probe;
        try {
            probe = channel.tryLock(slot, 1, false);
        } catch (OverlappingFileLockException heldByThisJvm) {
            return true;
        }
        if (probe == null) {
            return true;
        }
        probe.release();
        return false;
    }

    private ShmException heldTooLong(long timeoutNanos) {
        return new ShmException("could not take the metadata lock of " + path + " within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: other processes held it all that time. Either"
                + " very many processes are opening or changing this namespace at once on a busy machine (open it"
                + " from fewer at a time, or give Namespace.builder(...).lockTimeout(...) more time), or a process of"
                + " this namespace is stopped (SIGSTOP) or hung while holding it: resume or kill it");
    }
}

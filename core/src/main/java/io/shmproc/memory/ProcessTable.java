package io.shmproc.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes attached to a namespace, and which of them are alive.
 *
 * <p>Each attached process holds an exclusive lock on its slot's byte of the namespace's lock file. The
 * kernel drops that lock when the process ends, however it ends (SIGKILL included), so a failed
 * {@code tryLock} means alive and a successful one means dead, without trusting pids, which the
 * system reuses. A check costs one {@code fcntl} call; nothing on a hot path should need one.
 *
 * <pre>{@code
 * ProcessTable table = namespace.processes();
 * if (!table.isAlive(lockOwner)) {
 *     // the owner died holding the lock: recover it
 * }
 * }</pre>
 */
public final class ProcessTable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment arena;
    private final int capacity;
    private final LockFile lockFile;

    ProcessTable(MemorySegment arena, int capacity, LockFile lockFile) {
        this.arena = arena;
        this.capacity = capacity;
        this.lockFile = lockFile;
    }

    /** @return how many processes can be attached at once (fixed when the namespace was created) */
    public int capacity() {
        return capacity;
    }

    /** @return whether some process currently holds {@code slot} */
    public boolean isAlive(int slot) {
        checkSlot(slot);
        try {
            return lockFile.isSlotHeld(slot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe process slot " + slot + " in " + lockFile.path(), e);
        }
    }

    /** @return whether the attachment {@code id} is still alive: its slot is held and not reclaimed since */
    public boolean isAlive(ProcessId id) {
        return generation(id.slot()) == id.generation() && isAlive(id.slot());
    }

    /** @return the generation of the most recent attachment to {@code slot} (0 if never used) */
    public long generation(int slot) {
        checkSlot(slot);
        return (long) LONG.getAcquire(arena, ProcessTableLayout.slotOffset(slot) + ProcessTableLayout.GENERATION_OFFSET);
    }

    /** @return every slot ever used, with its last process and whether it is alive now */
    public List<ProcessInfo> attached() {
        List<ProcessInfo> result = new ArrayList<>();
        for (int slot = 0; slot < capacity; slot++) {
            long generation = generation(slot);
            if (generation != 0) {
                long base = ProcessTableLayout.slotOffset(slot);
                result.add(new ProcessInfo(new ProcessId(slot, generation),
                        arena.get(ValueLayout.JAVA_LONG, base + ProcessTableLayout.PID_OFFSET),
                        Instant.ofEpochMilli(arena.get(ValueLayout.JAVA_LONG, base + ProcessTableLayout.ATTACHED_MILLIS_OFFSET)),
                        isAlive(slot)));
            }
        }
        return result;
    }

    /** @return whether any slot other than {@code except} is held */
    boolean anyAliveExcept(int except) {
        for (int slot = 0; slot < capacity; slot++) {
            if (slot != except && generation(slot) != 0 && isAlive(slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Claims the first free slot for this process. Called with the metadata lock held, so that a process
     * closing the namespace sees this one alive.
     */
    Claim claim() throws IOException {
        for (int slot = 0; slot < capacity; slot++) {
            FileLock lock = lockFile.tryLockSlot(slot);
            if (lock != null) {
                long base = ProcessTableLayout.slotOffset(slot);
                long generation = generation(slot) + 1;
                arena.set(ValueLayout.JAVA_LONG, base + ProcessTableLayout.PID_OFFSET, ProcessHandle.current().pid());
                arena.set(ValueLayout.JAVA_LONG, base + ProcessTableLayout.ATTACHED_MILLIS_OFFSET, System.currentTimeMillis());
                LONG.setRelease(arena, base + ProcessTableLayout.GENERATION_OFFSET, generation);
                return new Claim(new ProcessId(slot, generation), lock);
            }
        }
        return null;
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= capacity) {
            throw new IndexOutOfBoundsException("process slot " + slot + " is outside this namespace's table of "
                    + capacity + " slots");
        }
    }

    /** A slot this process holds, and the lock that says so. */
    record Claim(ProcessId id, FileLock lock) {
    }
}

package io.shmproc.sync;

import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;

/**
 * A robust mutex living inside another shared object's memory, for the layers above this one (a
 * queue's consumer lock, a map's stripe locks): the algorithm of {@link SharedLock}, without a name
 * of its own. A holder whose process dies is taken over by the next acquirer, which learns it from
 * {@link #acquiredFromDeadOwner()} and repairs what the lock protects before going on.
 *
 * <pre>{@code
 * EmbeddedMutex consumers = new EmbeddedMutex(region, region.payload().asSlice(offset, EmbeddedMutex.BYTES), "jobs");
 * consumers.lock();
 * try {
 *     if (consumers.acquiredFromDeadOwner()) {
 *         finishWhatTheDeadConsumerStarted();
 *     }
 *     takeOne();
 * } finally {
 *     consumers.unlock();
 * }
 * }</pre>
 *
 * The {@link #BYTES} bytes at {@code memory} must be zero when the object is created (a free mutex)
 * and 8-byte aligned; they must not be used for anything else.
 */
public final class EmbeddedMutex {
    /** Bytes the mutex occupies (a multiple of 8; the state word is at its start). */
    public static final long BYTES = LockLayout.PAYLOAD_BYTES;

    private final RobustMutex mutex;
    private final String name;

    /**
     * @param region the object the mutex belongs to (its namespace gives the process table)
     * @param memory {@link #BYTES} bytes inside {@code region}'s payload
     * @param name   the owning object's name, for error messages
     */
    public EmbeddedMutex(Region region, MemorySegment memory, String name) {
        if (memory.byteSize() < BYTES || memory.address() % Long.BYTES != 0) {
            throw new IllegalArgumentException("an embedded mutex needs " + BYTES + " bytes aligned to 8, got "
                    + memory.byteSize() + " bytes at address " + memory.address());
        }
        this.mutex = new RobustMutex(region, memory);
        this.name = name;
    }

    /** Acquires, waiting as long as it takes; an interrupt is remembered, not thrown. */
    public void lock() {
        mutex.acquireUninterruptibly();
    }

    /** @return whether the mutex was free (or its holder dead) and is now held by this thread */
    public boolean tryLock() {
        return mutex.tryAcquire();
    }

    /**
     * @param deadline {@link System#nanoTime()} to give up at ({@link Long#MAX_VALUE}: never)
     * @return whether acquired in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryLockUntil(long deadline) throws InterruptedException {
        return mutex.tryAcquire(deadline);
    }

    /** @throws IllegalMonitorStateException if this thread does not hold the mutex */
    public void unlock() {
        mutex.release(name);
    }

    /** @return whether this thread holds the mutex because it took it from a holder that died */
    public boolean acquiredFromDeadOwner() {
        return mutex.acquiredFromDeadOwner();
    }

    /** @return how many times the mutex was taken over from a dead holder */
    public int deadOwnerRecoveries() {
        return mutex.recoveries();
    }

    /** @return the slot of the holding process, or -1 when free */
    public int ownerSlot() {
        return mutex.holderSlot();
    }
}

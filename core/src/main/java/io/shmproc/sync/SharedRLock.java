package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * A reentrant lock shared by every process attached to it: Python's {@code multiprocessing.RLock},
 * as a {@link Lock} with {@link java.util.concurrent.locks.ReentrantLock}'s rules. It is owned by one
 * thread of one process, which may lock it again; each {@code lock} needs its {@code unlock}. Unlocking
 * a lock this thread does not hold throws {@link IllegalMonitorStateException}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("app");
 *      SharedRLock lock = SharedRLock.open(ns, "registry")) {
 *     lock.lock();
 *     try {
 *         register(lock);                     // may lock again: getHoldCount() is then 2
 *     } finally {
 *         lock.unlock();
 *     }
 * }
 * }</pre>
 *
 * Robust as {@link SharedLock} is: when the owning process dies, the next acquirer takes the lock
 * over, with a hold count of one and {@link #acquiredFromDeadOwner()} true.
 */
public final class SharedRLock extends SharedObject implements Lock {
    private static final ObjectType TYPE = new ObjectType(LockLayout.KIND, LockLayout.REENTRANT_DESCRIPTOR);

    private final RobustMutex mutex;
    private SharedCondition condition;
    private final MemorySegment memory;

    private SharedRLock(Region region) {
        super(region);
        this.memory = region.payload();
        this.mutex = new RobustMutex(region, memory);
    }

    /** Creates the unlocked reentrant lock {@code name}. */
    public static SharedRLock create(Namespace ns, String name) {
        return new SharedRLock(ns.create(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Attaches the existing reentrant lock {@code name}. */
    public static SharedRLock attach(Namespace ns, String name) {
        return new SharedRLock(ns.attach(name, TYPE));
    }

    @Override
    protected Attacher<?> attacher() {
        return SyncAttachers.RLOCK;
    }

    /** Attaches the reentrant lock {@code name}, creating it unlocked if it does not exist. */
    public static SharedRLock open(Namespace ns, String name) {
        return new SharedRLock(ns.open(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    @Override
    public void lock() {
        if (!reentered()) {
            mutex.acquireUninterruptibly();
            first();
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (!reentered()) {
            mutex.tryAcquire(Long.MAX_VALUE);
            first();
        }
    }

    @Override
    public boolean tryLock() {
        if (reentered()) {
            return true;
        }
        if (mutex.tryAcquire()) {
            first();
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (reentered()) {
            return true;
        }
        if (mutex.tryAcquire(System.nanoTime() + Math.max(0, unit.toNanos(time)))) {
            first();
            return true;
        }
        return false;
    }

    /**
     * Undoes one {@code lock}; the last one releases the lock.
     *
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void unlock() {
        region.checkOpen();
        if (!mutex.isHeldByCurrentThread()) {
            throw mutex.notHeld(name());
        }
        int holds = (int) LockLayout.WORD.get(memory, LockLayout.HOLDS_OFFSET) - 1;
        LockLayout.WORD.set(memory, LockLayout.HOLDS_OFFSET, holds);
        if (holds == 0) {
            mutex.release(name());
        }
    }

    /** @return how many times the calling thread holds the lock (0 if it does not) */
    public int getHoldCount() {
        region.checkOpen();
        return mutex.isHeldByCurrentThread() ? (int) LockLayout.WORD.get(memory, LockLayout.HOLDS_OFFSET) : 0;
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        region.checkOpen();
        return mutex.isHeldByCurrentThread();
    }

    /** @return whether some thread of some process holds the lock (a snapshot) */
    public boolean isLocked() {
        region.checkOpen();
        return mutex.holderSlot() >= 0;
    }

    /** @return whether the current hold was taken over from a process that died holding the lock */
    public boolean acquiredFromDeadOwner() {
        region.checkOpen();
        return mutex.acquiredFromDeadOwner();
    }

    /**
     * @return the condition named {@code "<this lock's name>#condition"}, created by the first process
     *         that asks: every process calling this on the same lock gets the same condition (one per
     *         lock, like Python's {@code Condition(lock)}; for more, create {@link SharedCondition}s by
     *         name). Closed with this lock.
     */
    @Override
    public synchronized SharedCondition newCondition() {
        region.checkOpen();
        if (condition == null || condition.isClosed()) {
            condition = SharedCondition.open(namespace(), name() + SharedLock.CONDITION_SUFFIX, this);
        }
        return condition;
    }

    /** Closes this handle and the handle of its {@link #newCondition() condition}. */
    @Override
    public synchronized void close() {
        if (condition != null) {
            condition.close();
        }
        super.close();
    }

    private boolean reentered() {
        region.checkOpen();
        if (!mutex.isHeldByCurrentThread()) {
            return false;
        }
        int holds = (int) LockLayout.WORD.get(memory, LockLayout.HOLDS_OFFSET);
        if (holds == Integer.MAX_VALUE) {
            throw new Error("maximum lock count exceeded");
        }
        LockLayout.WORD.set(memory, LockLayout.HOLDS_OFFSET, holds + 1);
        return true;
    }

    // the holds of a dead owner are void: a take-over starts again at one
    private void first() {
        LockLayout.WORD.set(memory, LockLayout.HOLDS_OFFSET, 1);
    }
}

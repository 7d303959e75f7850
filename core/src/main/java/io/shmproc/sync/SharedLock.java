package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * A mutual-exclusion lock shared by every process attached to it: Python's
 * {@code multiprocessing.Lock}, as a {@link Lock}. Not reentrant; held by one thread of one process,
 * and only that thread may {@link #unlock()} it.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("bank");
 *      SharedLock lock = SharedLock.open(ns, "accounts");
 *      SharedLongArray balances = SharedLongArray.open(ns, "balances", 100)) {
 *     lock.lock();
 *     try {
 *         if (lock.acquiredFromDeadOwner()) {
 *             repair(balances);            // the last holder died inside its critical section
 *         }
 *         balances.set(from, balances.get(from) - amount);
 *         balances.set(to, balances.get(to) + amount);
 *     } finally {
 *         lock.unlock();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Robust.</b> If the holding process dies — by {@code kill -9} as much as by an exception — the
 * kernel drops its process-table file lock, and the next acquirer takes the lock over within about
 * {@value #LIVENESS_CHECK_MILLIS} ms of the death, with {@link #acquiredFromDeadOwner()} true until
 * it unlocks, so it can repair what the dead holder left half-done (pthread's {@code EOWNERDEAD}).
 * Waiters are never stranded: each sleeps at most that long before looking again.
 *
 * <p><b>Cost.</b> An uncontended {@code lock}/{@code unlock} is one compare-and-set and one
 * exchange on shared memory, with no system call. A contended acquirer spins briefly, then sleeps
 * in the kernel ({@code futex}) — or, where that is not available, parks with back-off — and the
 * releaser wakes one sleeper only when the word says someone sleeps.
 *
 * <p>Memory effects are those of {@link java.util.concurrent.locks.ReentrantLock}: everything a
 * process wrote before {@code unlock} is visible to the next process after its {@code lock}.
 */
public final class SharedLock extends SharedObject implements Lock {
    static final long LIVENESS_CHECK_MILLIS = RobustMutex.LIVENESS_CHECK_MILLIS;
    static final ObjectType TYPE = new ObjectType(LockLayout.KIND, LockLayout.DESCRIPTOR);
    /** Appended to a lock's name to name the condition {@link #newCondition()} returns. */
    public static final String CONDITION_SUFFIX = "#condition";

    private final RobustMutex mutex;
    private SharedCondition condition;

    private SharedLock(Region region) {
        super(region);
        this.mutex = new RobustMutex(region, region.payload());
    }

    /** Creates the unlocked lock {@code name}. */
    public static SharedLock create(Namespace ns, String name) {
        return new SharedLock(ns.create(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Attaches the existing lock {@code name}. */
    public static SharedLock attach(Namespace ns, String name) {
        return new SharedLock(ns.attach(name, TYPE));
    }

    @Override
    protected Attacher<?> attacher() {
        return SyncAttachers.LOCK;
    }

    /** Attaches the lock {@code name}, creating it unlocked if it does not exist. */
    public static SharedLock open(Namespace ns, String name) {
        return new SharedLock(ns.open(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Acquires the lock, waiting as long as it takes; an interrupt is remembered, not thrown. */
    @Override
    public void lock() {
        mutex.acquireUninterruptibly();
    }

    /**
     * Acquires the lock unless the thread is interrupted, which it notices within about
     * {@value #LIVENESS_CHECK_MILLIS} ms while asleep.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        mutex.tryAcquire(Long.MAX_VALUE);
    }

    /** @return whether the lock was free (or its holder dead) and is now held by this thread */
    @Override
    public boolean tryLock() {
        return mutex.tryAcquire();
    }

    /** @return whether the lock was acquired within {@code time}; interruptible */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return mutex.tryAcquire(System.nanoTime() + Math.max(0, unit.toNanos(time)));
    }

    /**
     * Releases the lock and wakes one waiting thread or process, if any sleeps.
     *
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void unlock() {
        mutex.release(name());
    }

    /**
     * @return whether the current hold was taken over from a process that died holding the lock; the
     *         state it protected may be half-updated. Cleared by {@link #unlock()}.
     */
    public boolean acquiredFromDeadOwner() {
        region.checkOpen();
        return mutex.acquiredFromDeadOwner();
    }

    /** @return how many times, over the lock's life, a holder was found dead and the lock taken over */
    public int deadOwnerRecoveries() {
        region.checkOpen();
        return mutex.recoveries();
    }

    /** @return whether some thread of some process holds the lock (a snapshot) */
    public boolean isLocked() {
        return ownerSlot() >= 0;
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        region.checkOpen();
        return mutex.isHeldByCurrentThread();
    }

    /**
     * @return the process-table slot of the holding process, or -1 when free (a snapshot, for
     *         diagnostics: compare with {@code namespace().processes().attached()})
     */
    public int ownerSlot() {
        region.checkOpen();
        return mutex.holderSlot();
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
            condition = SharedCondition.open(namespace(), name() + CONDITION_SUFFIX, this);
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

    @Override
    public String toString() {
        if (isClosed()) {
            return super.toString() + " (closed)";
        }
        int slot = ownerSlot();
        return super.toString() + (slot < 0 ? " (unlocked)" : " (locked by process slot " + slot + ")");
    }
}

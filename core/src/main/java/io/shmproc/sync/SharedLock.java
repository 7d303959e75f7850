package io.shmproc.sync;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
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
    static final long LIVENESS_CHECK_MILLIS = 10;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(LIVENESS_CHECK_MILLIS);
    private static final int SPINS = 200;
    private static final ObjectType TYPE = new ObjectType(LockLayout.KIND, LockLayout.DESCRIPTOR);

    private final MemorySegment memory;
    private final int me;
    private final ProcessTable processes;
    private final WaitStrategy waiting = WaitStrategy.DEFAULT;

    private SharedLock(Region region) {
        super(region);
        this.memory = region.payload();
        this.me = LockLayout.token(region.namespace().self());
        this.processes = region.namespace().processes();
    }

    /** Creates the unlocked lock {@code name}. */
    public static SharedLock create(Namespace ns, String name) {
        return new SharedLock(ns.create(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Attaches the existing lock {@code name}. */
    public static SharedLock attach(Namespace ns, String name) {
        return new SharedLock(ns.attach(name, TYPE));
    }

    /** Attaches the lock {@code name}, creating it unlocked if it does not exist. */
    public static SharedLock open(Namespace ns, String name) {
        return new SharedLock(ns.open(name, TYPE, LockLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Acquires the lock, waiting as long as it takes; an interrupt is remembered, not thrown. */
    @Override
    public void lock() {
        if (!tryLock()) {
            boolean interrupted = false;
            for (;;) {
                try {
                    acquire(Long.MAX_VALUE, true);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Acquires the lock unless the thread is interrupted, which it notices within about
     * {@value #LIVENESS_CHECK_MILLIS} ms while asleep.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!tryLock()) {
            acquire(Long.MAX_VALUE, true);
        }
    }

    /** @return whether the lock was free (or its holder dead) and is now held by this thread */
    @Override
    public boolean tryLock() {
        region.checkOpen();
        if (LockLayout.WORD.compareAndSet(memory, LockLayout.WORD_OFFSET, LockLayout.FREE, me)) {
            held(false);
            return true;
        }
        int word = (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET);
        return word != LockLayout.FREE && !ownerAlive(word) && takeOver(word);
    }

    /** @return whether the lock was acquired within {@code time}; interruptible */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryLock()) {
            return true;
        }
        long nanos = unit.toNanos(time);
        return nanos > 0 && acquire(System.nanoTime() + nanos, false);
    }

    /**
     * Releases the lock and wakes one waiting thread or process, if any sleeps.
     *
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void unlock() {
        region.checkOpen();
        long holder = (long) LockLayout.LONG.getOpaque(memory, LockLayout.HOLDER_OFFSET);
        if ((holder & ~LockLayout.OWNER_DIED) != Thread.currentThread().threadId()
                || LockLayout.holder((int) LockLayout.WORD.getOpaque(memory, LockLayout.WORD_OFFSET)) != me) {
            throw notHeld();
        }
        LockLayout.LONG.setOpaque(memory, LockLayout.HOLDER_OFFSET, 0L);
        // the release: uncontended, one compare-and-set; with sleepers flagged, an exchange and a wake
        if (!LockLayout.WORD.compareAndSet(memory, LockLayout.WORD_OFFSET, me, LockLayout.FREE)) {
            LockLayout.WORD.getAndSet(memory, LockLayout.WORD_OFFSET, LockLayout.FREE);
            waiting.wake(memory, LockLayout.WORD_OFFSET, 1);
        }
    }

    private IllegalMonitorStateException notHeld() {
        int word = (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET);
        return new IllegalMonitorStateException("lock '" + name() + "' is " + (word == LockLayout.FREE ? "not held"
                : "held by another " + (LockLayout.holder(word) == me ? "thread" : "process (slot " + LockLayout.slot(word) + ")"))
                + ": only the thread that locked it may unlock it");
    }

    /**
     * @return whether the current hold was taken over from a process that died holding the lock; the
     *         state it protected may be half-updated. Cleared by {@link #unlock()}.
     */
    public boolean acquiredFromDeadOwner() {
        region.checkOpen();
        long holder = (long) LockLayout.LONG.getVolatile(memory, LockLayout.HOLDER_OFFSET);
        return (holder & LockLayout.OWNER_DIED) != 0 && isHeldByCurrentThread();
    }

    /** @return how many times, over the lock's life, a holder was found dead and the lock taken over */
    public int deadOwnerRecoveries() {
        region.checkOpen();
        return (int) LockLayout.WORD.getVolatile(memory, LockLayout.RECOVERED_OFFSET);
    }

    /** @return whether some thread of some process holds the lock (a snapshot) */
    public boolean isLocked() {
        region.checkOpen();
        return (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET) != LockLayout.FREE;
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        region.checkOpen();
        int word = (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET);
        return LockLayout.holder(word) == me
                && ((long) LockLayout.LONG.getVolatile(memory, LockLayout.HOLDER_OFFSET) & ~LockLayout.OWNER_DIED)
                == Thread.currentThread().threadId();
    }

    /**
     * @return the process-table slot of the holding process, or -1 when free (a snapshot, for
     *         diagnostics: compare with {@code namespace().processes().attached()})
     */
    public int ownerSlot() {
        region.checkOpen();
        int word = (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET);
        return word == LockLayout.FREE ? -1 : LockLayout.slot(word);
    }

    /**
     * Not yet supported: a cross-process condition is {@code SharedCondition}'s job.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("SharedLock conditions are not available yet: "
                + "use a SharedEvent or poll under the lock");
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return super.toString() + " (closed)";
        }
        int slot = ownerSlot();
        return super.toString() + (slot < 0 ? " (unlocked)" : " (locked by process slot " + slot + ")");
    }

    /**
     * Waits for the lock until {@code deadline} ({@link System#nanoTime()}); checks the holder's
     * liveness before the first sleep and then once per slice.
     */
    private boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        int round = 0;
        long nextLivenessCheck = System.nanoTime();
        for (int spins = 0;; spins++) {
            region.checkOpen();
            int word = (int) LockLayout.WORD.getVolatile(memory, LockLayout.WORD_OFFSET);
            if (word == LockLayout.FREE) {
                // we may have company asleep: keep the waiters bit so our unlock wakes them
                if (LockLayout.WORD.compareAndSet(memory, LockLayout.WORD_OFFSET, LockLayout.FREE, me | LockLayout.WAITERS)) {
                    held(false);
                    return true;
                }
                continue;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (now - nextLivenessCheck >= 0) {
                nextLivenessCheck = now + SLICE_NANOS;
                if (!ownerAlive(word) && takeOver(word)) {
                    return true;
                }
            }
            if ((word & LockLayout.WAITERS) == 0
                    && !LockLayout.WORD.compareAndSet(memory, LockLayout.WORD_OFFSET, word, word | LockLayout.WAITERS)) {
                continue;
            }
            if (interruptible && Thread.interrupted()) {
                throw new InterruptedException();
            }
            long remaining = deadline - now;
            if (remaining <= 0) {
                return false;
            }
            waiting.await(memory, LockLayout.WORD_OFFSET, word | LockLayout.WAITERS, Math.min(remaining, SLICE_NANOS), round++);
        }
    }

    private boolean ownerAlive(int word) {
        int slot = LockLayout.slot(word);
        if (slot < 0 || slot >= processes.capacity()) {
            return false; // not a word any live process wrote: treat as abandoned
        }
        return LockLayout.sameGeneration(word, processes.generation(slot)) && processes.isAlive(slot);
    }

    /** Takes the lock from the dead holder named by {@code word}; false if someone else was quicker. */
    private boolean takeOver(int word) {
        if (!LockLayout.WORD.compareAndSet(memory, LockLayout.WORD_OFFSET, word, me | (word & LockLayout.WAITERS))) {
            return false;
        }
        LockLayout.WORD.getAndAdd(memory, LockLayout.RECOVERED_OFFSET, 1);
        held(true);
        return true;
    }

    private void held(boolean fromDeadOwner) {
        long thread = Thread.currentThread().threadId();
        LockLayout.LONG.setOpaque(memory, LockLayout.HOLDER_OFFSET, fromDeadOwner ? thread | LockLayout.OWNER_DIED : thread);
    }
}

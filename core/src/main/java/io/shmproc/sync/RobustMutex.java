package io.shmproc.sync;

import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The robust mutex algorithm behind {@link SharedLock}, {@link SharedRLock} and the locks inside other
 * primitives, over one {@link LockLayout} at the start of {@code memory}: acquire by one
 * compare-and-set of a word naming the owning process, spin and yield ({@link Spinning}), then sleep
 * on the word; take the lock over from a holder whose process died.
 */
final class RobustMutex {
    static final long LIVENESS_CHECK_MILLIS = 10;
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(LIVENESS_CHECK_MILLIS);

    private final Region region;
    private final MemorySegment memory;
    private final int me;
    private final ProcessTable processes;
    private final WaitStrategy waiting = WaitStrategy.DEFAULT;

    /** @param memory where the {@link LockLayout} starts, inside {@code region}'s payload */
    RobustMutex(Region region, MemorySegment memory) {
        this.region = region;
        this.memory = memory;
        ProcessId self = region.namespace().self();
        this.me = LockLayout.token(self);
        this.processes = region.namespace().processes();
    }

    /** @return whether the mutex was free (or its holder dead) and is now held by this thread */
    boolean tryAcquire() {
        region.checkOpen();
        if (LockLayout.LONG.compareAndSet(memory, LockLayout.STATE_OFFSET, 0L, LockLayout.state(me, LockLayout.currentThread()))) {
            return true;
        }
        long state = (long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET);
        return state != 0L && !ownerAlive(LockLayout.word(state)) && takeOver(state);
    }

    /** Acquires, waiting as long as it takes; an interrupt is remembered, not thrown. */
    void acquireUninterruptibly() {
        if (tryAcquire()) {
            return;
        }
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

    /** @return whether acquired before {@code deadline} ({@link System#nanoTime()}); interruptible */
    boolean tryAcquire(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return tryAcquire() || acquire(deadline, true);
    }

    /**
     * Releases the mutex and wakes one sleeper if the word says any sleeps.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    void release(String objectName) {
        region.checkOpen();
        int thread = LockLayout.currentThread();
        // uncontended and not taken over: one compare-and-set, nothing else
        if (LockLayout.LONG.compareAndSet(memory, LockLayout.STATE_OFFSET, LockLayout.state(me, thread), 0L)) {
            return;
        }
        long state = (long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET);
        if (!LockLayout.heldBy(state, me, thread)) {
            throw notHeld(objectName);
        }
        long previous = (long) LockLayout.LONG.getAndSet(memory, LockLayout.STATE_OFFSET, 0L);
        if ((LockLayout.word(previous) & LockLayout.WAITERS) != 0) {
            waiting.wake(memory, LockLayout.WORD_OFFSET, 1);
        }
    }

    IllegalMonitorStateException notHeld(String objectName) {
        int word = LockLayout.word((long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET));
        return new IllegalMonitorStateException("lock '" + objectName + "' is " + (word == LockLayout.FREE ? "not held"
                : "held by another " + (LockLayout.holder(word) == me ? "thread" : "process (slot " + LockLayout.slot(word) + ")"))
                + ": only the thread that locked it may unlock it");
    }

    boolean isHeldByCurrentThread() {
        return LockLayout.heldBy((long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET), me,
                LockLayout.currentThread());
    }

    boolean acquiredFromDeadOwner() {
        long state = (long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET);
        return LockLayout.heldBy(state, me, LockLayout.currentThread()) && (LockLayout.thread(state) & LockLayout.DIED) != 0;
    }

    int recoveries() {
        return (int) LockLayout.WORD.getVolatile(memory, LockLayout.RECOVERED_OFFSET);
    }

    /** @return the holding process's slot, or -1 when free */
    int holderSlot() {
        int word = LockLayout.word((long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET));
        return word == LockLayout.FREE ? -1 : LockLayout.slot(word);
    }

    /**
     * Waits for the lock until {@code deadline} ({@link System#nanoTime()}); checks the holder's
     * liveness before the first sleep and then once per slice.
     */
    private boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        int round = 0;
        int thread = LockLayout.currentThread();
        long nextLivenessCheck = System.nanoTime();
        for (int spins = 0;; spins++) {
            region.checkOpen();
            long state = (long) LockLayout.LONG.getVolatile(memory, LockLayout.STATE_OFFSET);
            if (state == 0L) {
                // we may have company asleep: keep the waiters bit so our unlock wakes them
                if (LockLayout.LONG.compareAndSet(memory, LockLayout.STATE_OFFSET, 0L,
                        LockLayout.state(me | LockLayout.WAITERS, thread))) {
                    return true;
                }
                continue;
            }
            if (spins < Spinning.SPINS) {
                // as every waiter does: a holder queued on this processor gets to run and release it
                spins += Spinning.pause(spins);
                continue;
            }
            int word = LockLayout.word(state);
            long now = System.nanoTime();
            if (now - nextLivenessCheck >= 0) {
                nextLivenessCheck = now + SLICE_NANOS;
                if (!ownerAlive(word) && takeOver(state)) {
                    return true;
                }
            }
            if ((word & LockLayout.WAITERS) == 0) {
                long flagged = LockLayout.state(word | LockLayout.WAITERS, LockLayout.thread(state));
                if (!LockLayout.LONG.compareAndSet(memory, LockLayout.STATE_OFFSET, state, flagged)) {
                    continue;
                }
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

    /** Takes the lock from the dead holder recorded in {@code state}; false if someone else was quicker. */
    private boolean takeOver(long state) {
        int waiters = LockLayout.word(state) & LockLayout.WAITERS;
        if (!LockLayout.LONG.compareAndSet(memory, LockLayout.STATE_OFFSET, state,
                LockLayout.state(me | waiters, LockLayout.currentThread() | LockLayout.DIED))) {
            return false;
        }
        LockLayout.WORD.getAndAdd(memory, LockLayout.RECOVERED_OFFSET, 1);
        return true;
    }
}

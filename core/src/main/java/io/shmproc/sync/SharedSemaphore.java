package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore shared by every process attached to it: Python's
 * {@code multiprocessing.Semaphore}, and with a bound its {@code BoundedSemaphore}, with the methods of
 * {@link java.util.concurrent.Semaphore}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("crawler");
 *      SharedSemaphore slots = SharedSemaphore.open(ns, "connections", 8)) {
 *     slots.acquire();                    // at most 8 connections across all processes
 *     try {
 *         fetch(url);
 *     } finally {
 *         slots.release();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Robust.</b> Permits are not owned — any process may release — but each process's net
 * acquisitions are recorded, and when it dies (SIGKILL included) the permits it still held are given
 * back: by a waiter within about {@value RobustMutex#LIVENESS_CHECK_MILLIS} ms, or by the next process
 * to take its process-table slot. A process that dies in the two instructions between taking a
 * permit and recording it loses that permit rather than creating one, so a bound is never exceeded.
 *
 * <p>A bounded semaphore refuses a {@link #release()} that would raise its permits above the bound,
 * as Python's {@code BoundedSemaphore} raises {@code ValueError}.
 */
public final class SharedSemaphore extends SharedObject {
    private static final ObjectType TYPE = new ObjectType(SemaphoreLayout.KIND, SemaphoreLayout.DESCRIPTOR);

    private final MemorySegment memory;
    private final ProcessTable processes;
    private final ProcessId self;
    private final long heldAt;

    private SharedSemaphore(Region region) {
        super(region);
        this.memory = region.payload();
        this.processes = region.namespace().processes();
        this.self = region.namespace().self();
        this.heldAt = SemaphoreLayout.heldOffset(self.slot());
    }

    /** Creates the unbounded semaphore {@code name} with {@code permits} permits. */
    public static SharedSemaphore create(Namespace ns, String name, int permits) {
        return new SharedSemaphore(ns.create(name, TYPE, payloadBytes(ns), init(name, permits, 0)));
    }

    /**
     * Creates the bounded semaphore {@code name} with {@code permits} permits, which is also its bound:
     * Python's {@code BoundedSemaphore(permits)}.
     */
    public static SharedSemaphore createBounded(Namespace ns, String name, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("a bounded semaphore needs at least 1 permit, not " + permits);
        }
        return new SharedSemaphore(ns.create(name, TYPE, payloadBytes(ns), init(name, permits, permits)));
    }

    /** Attaches the existing semaphore {@code name}, bounded or not. */
    public static SharedSemaphore attach(Namespace ns, String name) {
        return new SharedSemaphore(ns.attach(name, TYPE));
    }

    @Override
    protected Attacher<?> attacher() {
        return SyncAttachers.SEMAPHORE;
    }

    /** Attaches the semaphore {@code name}, creating it unbounded with {@code permits} if it does not exist. */
    public static SharedSemaphore open(Namespace ns, String name, int permits) {
        return new SharedSemaphore(ns.open(name, TYPE, payloadBytes(ns), init(name, permits, 0)));
    }

    private static long payloadBytes(Namespace ns) {
        return SemaphoreLayout.payloadBytes(ns.processes().capacity());
    }

    private static java.util.function.Consumer<MemorySegment> init(String name, int permits, int bound) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore '" + name + "' cannot start with " + permits
                    + " permits: use 0 or more");
        }
        return p -> {
            p.set(ValueLayout.JAVA_INT, SemaphoreLayout.PERMITS_OFFSET, permits);
            p.set(ValueLayout.JAVA_INT, SemaphoreLayout.BOUND_OFFSET, bound);
        };
    }

    /** @return the permits available now (a snapshot) */
    public int availablePermits() {
        region.checkOpen();
        return (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.PERMITS_OFFSET);
    }

    /** @return the bound of a bounded semaphore, or 0 */
    public int bound() {
        region.checkOpen();
        return (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.BOUND_OFFSET);
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /** Takes {@code permits} permits at once, waiting as long as it takes. */
    public void acquire(int permits) throws InterruptedException {
        acquireUntil(permits, Long.MAX_VALUE);
    }

    /** @return whether a permit was available and taken */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /** @return whether {@code permits} permits were available and taken */
    public boolean tryAcquire(int permits) {
        requirePositive(permits);
        region.checkOpen();
        return take(permits);
    }

    /** @return whether a permit was taken within {@code timeout} */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    /** @return whether {@code permits} permits were taken within {@code timeout} */
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
        return acquireUntil(permits, Sleeper.deadline(unit.toNanos(timeout)));
    }

    /** Gives back one permit, waking a waiter if any sleeps. */
    public void release() {
        release(1);
    }

    /**
     * Gives back {@code permits} permits.
     *
     * @throws IllegalStateException if the semaphore is bounded and this would exceed the bound
     *                               (nothing is released)
     */
    public void release(int permits) {
        requirePositive(permits);
        region.checkOpen();
        int bound = (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.BOUND_OFFSET);
        for (;;) {
            int available = (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.PERMITS_OFFSET);
            if (bound > 0 && available + permits > bound) {
                throw new IllegalStateException("semaphore '" + name() + "' released too many times: it has "
                        + available + " of its bound " + bound + " permits; releasing " + permits + " more would exceed it");
            }
            if (available > Integer.MAX_VALUE - permits) {
                throw new IllegalStateException("semaphore '" + name() + "' would overflow its permit count");
            }
            if (LockLayout.WORD.compareAndSet(memory, SemaphoreLayout.PERMITS_OFFSET, available, available + permits)) {
                break;
            }
        }
        record(-permits);
        if ((int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.SLEEPERS_OFFSET) > 0) {
            WaitStrategy.DEFAULT.wake(memory, SemaphoreLayout.PERMITS_OFFSET, permits);
        }
    }

    private boolean acquireUntil(int permits, long deadline) throws InterruptedException {
        requirePositive(permits);
        region.checkOpen();
        if (take(permits)) {
            return true;
        }
        LockLayout.WORD.getAndAdd(memory, SemaphoreLayout.SLEEPERS_OFFSET, 1);
        try {
            long nextRecovery = System.nanoTime();
            for (int round = 0;; round++) {
                if (take(permits)) {
                    return true;
                }
                long now = System.nanoTime();
                if (now - nextRecovery >= 0) {
                    nextRecovery = now + RobustMutex.SLICE_NANOS;
                    if (recoverFromDeadHolders() > 0) {
                        continue;
                    }
                }
                int available = (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.PERMITS_OFFSET);
                if (available < permits && !Sleeper.sleep(memory, SemaphoreLayout.PERMITS_OFFSET, available, deadline, round)) {
                    return false;
                }
            }
        } finally {
            LockLayout.WORD.getAndAdd(memory, SemaphoreLayout.SLEEPERS_OFFSET, -1);
        }
    }

    private boolean take(int permits) {
        for (;;) {
            int available = (int) LockLayout.WORD.getVolatile(memory, SemaphoreLayout.PERMITS_OFFSET);
            if (available < permits) {
                return false;
            }
            if (LockLayout.WORD.compareAndSet(memory, SemaphoreLayout.PERMITS_OFFSET, available, available - permits)) {
                record(permits);
                return true;
            }
        }
    }

    /** Adds {@code delta} to this process's held permits; first returns what a dead predecessor in the slot held. */
    private void record(int delta) {
        for (;;) {
            long entry = (long) LockLayout.LONG.getVolatile(memory, heldAt);
            int held = 0;
            if (SemaphoreLayout.sameGeneration(entry, self.generation())) {
                held = SemaphoreLayout.count(entry);
            } else if (LockLayout.LONG.compareAndSet(memory, heldAt, entry, SemaphoreLayout.entry(self.generation(), 0))) {
                giveBack(SemaphoreLayout.count(entry));
                continue;
            } else {
                continue;
            }
            if (LockLayout.LONG.compareAndSet(memory, heldAt, entry, SemaphoreLayout.entry(self.generation(), held + delta))) {
                return;
            }
        }
    }

    /** @return how many permits were returned from processes that died holding them */
    private int recoverFromDeadHolders() {
        int recovered = 0;
        for (int slot = 0; slot < processes.capacity(); slot++) {
            long at = SemaphoreLayout.heldOffset(slot);
            long entry = (long) LockLayout.LONG.getVolatile(memory, at);
            if (SemaphoreLayout.count(entry) <= 0 || slot == self.slot()) {
                continue;
            }
            boolean alive = SemaphoreLayout.sameGeneration(entry, processes.generation(slot)) && processes.isAlive(slot);
            if (!alive && LockLayout.LONG.compareAndSet(memory, at, entry, entry & 0xFFFF_FFFF_0000_0000L)) {
                recovered += giveBack(SemaphoreLayout.count(entry));
            }
        }
        return recovered;
    }

    private int giveBack(int permits) {
        if (permits > 0) {
            LockLayout.WORD.getAndAdd(memory, SemaphoreLayout.PERMITS_OFFSET, permits);
            WaitStrategy.DEFAULT.wake(memory, SemaphoreLayout.PERMITS_OFFSET, permits);
            return permits;
        }
        return 0;
    }

    private static void requirePositive(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, not " + permits);
        }
    }

    @Override
    public String toString() {
        return super.toString() + (isClosed() ? " (closed)" : " (" + availablePermits() + " permits"
                + (bound() > 0 ? " of " + bound() : "") + ")");
    }
}

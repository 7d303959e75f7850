package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by every process attached to it, used with a {@link SharedLock} or
 * {@link SharedRLock}: Python's {@code multiprocessing.Condition}, as a {@link Condition}.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("jobs");
 *      SharedLock lock = SharedLock.open(ns, "lock");
 *      SharedCondition changed = SharedCondition.open(ns, "changed", lock);
 *      SharedInt pending = SharedInt.open(ns, "pending", 0)) {
 *     lock.lock();
 *     try {
 *         if (!changed.waitFor(() -> pending.get() > 0, 5, TimeUnit.SECONDS)) {
 *             return;                            // nothing arrived in 5 s
 *         }
 *         pending.decrementAndGet();
 *     } finally {
 *         lock.unlock();
 *     }
 * }
 * }</pre>
 *
 * <p>Waiting releases the lock (all holds of an {@code SharedRLock}) and takes it back before
 * returning, as {@link Condition} requires; every method must be called holding the lock, else
 * {@link IllegalMonitorStateException}. As the {@code Condition} contract allows, a wait may return
 * without a signal — {@link #signal()} wakes at least one waiter and may wake more — so wait in a loop
 * on the state you need, or use {@link #waitFor}.
 */
public final class SharedCondition extends SharedObject implements Condition {
    private static final ObjectType TYPE = new ObjectType(ConditionLayout.KIND, ConditionLayout.DESCRIPTOR);

    private final MemorySegment memory;
    private final Lock lock;

    private SharedCondition(Region region, Lock lock) {
        super(region);
        this.memory = region.payload();
        this.lock = lock;
    }

    /** Creates the condition {@code name}, used with {@code lock}. */
    public static SharedCondition create(Namespace ns, String name, SharedLock lock) {
        return new SharedCondition(ns.create(name, TYPE, ConditionLayout.PAYLOAD_BYTES, p -> { }), lock);
    }

    /** Creates the condition {@code name}, used with the reentrant {@code lock}. */
    public static SharedCondition create(Namespace ns, String name, SharedRLock lock) {
        return new SharedCondition(ns.create(name, TYPE, ConditionLayout.PAYLOAD_BYTES, p -> { }), lock);
    }

    /** Attaches the condition {@code name}, used with {@code lock} (the same lock every process uses). */
    public static SharedCondition attach(Namespace ns, String name, SharedLock lock) {
        return new SharedCondition(ns.attach(name, TYPE), lock);
    }

    /** Attaches the condition {@code name}, used with the reentrant {@code lock}. */
    public static SharedCondition attach(Namespace ns, String name, SharedRLock lock) {
        return new SharedCondition(ns.attach(name, TYPE), lock);
    }

    /** Travels with its lock, which is serialised by name as well. */
    @Override
    protected Attacher<?> attacher() {
        return new ConditionAttacher((SharedObject) lock); // a SharedLock or SharedRLock, as the factories take
    }

    /** Attaches the condition {@code name}, creating it if it does not exist. */
    public static SharedCondition open(Namespace ns, String name, SharedLock lock) {
        return new SharedCondition(ns.open(name, TYPE, ConditionLayout.PAYLOAD_BYTES, p -> { }), lock);
    }

    /** Attaches the condition {@code name} used with the reentrant {@code lock}, creating it if it does not exist. */
    public static SharedCondition open(Namespace ns, String name, SharedRLock lock) {
        return new SharedCondition(ns.open(name, TYPE, ConditionLayout.PAYLOAD_BYTES, p -> { }), lock);
    }

    /** @return the lock this condition is used with */
    public Lock lock() {
        return lock;
    }

    @Override
    public void await() throws InterruptedException {
        awaitUntilDeadline(Long.MAX_VALUE);
    }

    @Override
    public void awaitUninterruptibly() {
        boolean interrupted = false;
        for (;;) {
            try {
                awaitUntilDeadline(Long.MAX_VALUE);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Sleeper.deadline(nanosTimeout);
        awaitUntilDeadline(deadline);
        return deadline - System.nanoTime();
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos(unit.toNanos(time)) > 0;
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Python's {@code wait_for}: waits until {@code predicate} holds, re-checking it after every wake-up,
     * at most {@code timeout}. Called, and returns, holding the lock.
     *
     * @return the predicate's last value (false: the time ran out first)
     */
    public boolean waitFor(BooleanSupplier predicate, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = Sleeper.deadline(unit.toNanos(timeout));
        boolean result = predicate.getAsBoolean();
        while (!result && System.nanoTime() - deadline < 0) {
            awaitUntilDeadline(deadline);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes at least one waiting thread (in any process), if any waits. */
    @Override
    public void signal() {
        advance(1);
    }

    /** Wakes every waiting thread in every process. */
    @Override
    public void signalAll() {
        advance(Integer.MAX_VALUE);
    }

    private void advance(int count) {
        region.checkOpen();
        requireHeld();
        LockLayout.WORD.getAndAdd(memory, ConditionLayout.SEQUENCE_OFFSET, 1);
        if ((int) LockLayout.WORD.getVolatile(memory, ConditionLayout.SLEEPERS_OFFSET) > 0) {
            WaitStrategy.DEFAULT.wake(memory, ConditionLayout.SEQUENCE_OFFSET, count);
        }
    }

    private void awaitUntilDeadline(long deadline) throws InterruptedException {
        region.checkOpen();
        requireHeld();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int sequence = (int) LockLayout.WORD.getVolatile(memory, ConditionLayout.SEQUENCE_OFFSET);
        LockLayout.WORD.getAndAdd(memory, ConditionLayout.SLEEPERS_OFFSET, 1);
        int holds = releaseFully();
        InterruptedException interrupted = null;
        try {
            for (int round = 0; (int) LockLayout.WORD.getVolatile(memory, ConditionLayout.SEQUENCE_OFFSET) == sequence; round++) {
                if (!Sleeper.sleep(memory, ConditionLayout.SEQUENCE_OFFSET, sequence, deadline, round,
                        Sleeper.INTERRUPT_SLICE_NANOS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = e;
        } finally {
            LockLayout.WORD.getAndAdd(memory, ConditionLayout.SLEEPERS_OFFSET, -1);
            reacquire(holds);
        }
        if (interrupted != null) {
            throw interrupted;
        }
    }

    private void requireHeld() {
        boolean held = lock instanceof SharedRLock r ? r.isHeldByCurrentThread() : ((SharedLock) lock).isHeldByCurrentThread();
        if (!held) {
            throw new IllegalMonitorStateException("condition '" + name() + "' is used without holding its lock: lock it first");
        }
    }

    private int releaseFully() {
        int holds = lock instanceof SharedRLock r ? r.getHoldCount() : 1;
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        return holds;
    }

    private void reacquire(int holds) {
        for (int i = 0; i < holds; i++) {
            lock.lock();
        }
    }
}

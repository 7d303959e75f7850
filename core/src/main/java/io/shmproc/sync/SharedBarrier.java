package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.io.NotSerializableException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A barrier for a fixed number of parties in any processes: Python's {@code multiprocessing.Barrier},
 * with the behaviour of {@link java.util.concurrent.CyclicBarrier}. Each {@link #await()} blocks until
 * {@code parties} calls have arrived; then the barrier action (of the last party to arrive) runs once,
 * everyone is released, and the barrier is ready for the next round.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("sim");
 *      SharedBarrier step = SharedBarrier.open(ns, "step", 4, () -> System.out.println("tick"))) {
 *     for (int t = 0; t < steps; t++) {
 *         simulate(t);
 *         step.await(10, TimeUnit.SECONDS);     // all four processes finish step t first
 *     }
 * }
 * }</pre>
 *
 * <p>The barrier <em>breaks</em> — every waiter gets {@link BrokenBarrierException}, and so does every
 * later {@code await} until {@link #reset()} — when a waiter times out or is interrupted, when the
 * action throws, on {@link #abort()}, and when a process with a party waiting dies (noticed within
 * about {@value RobustMutex#LIVENESS_CHECK_MILLIS} ms): a lost party breaks the barrier instead of
 * hanging the others.
 */
public final class SharedBarrier extends SharedObject {
    private static final ObjectType TYPE = new ObjectType(BarrierLayout.KIND, BarrierLayout.DESCRIPTOR);

    private final MemorySegment memory;
    private final RobustMutex mutex;
    private final Runnable action;
    private final ProcessTable processes;
    private final ProcessId self;
    private final long waitingAt;

    private SharedBarrier(Region region, Runnable action) {
        super(region);
        this.memory = region.payload();
        this.mutex = new RobustMutex(region, memory.asSlice(BarrierLayout.MUTEX_OFFSET, LockLayout.PAYLOAD_BYTES));
        this.action = action;
        this.processes = region.namespace().processes();
        this.self = region.namespace().self();
        this.waitingAt = BarrierLayout.waitingOffset(self.slot());
    }

    /** Creates the barrier {@code name} for {@code parties} parties, with no action. */
    public static SharedBarrier create(Namespace ns, String name, int parties) {
        return create(ns, name, parties, null);
    }

    /**
     * Creates the barrier {@code name} for {@code parties} parties; {@code action} (may be null) runs in
     * this process when one of its threads is the last to arrive.
     */
    public static SharedBarrier create(Namespace ns, String name, int parties, Runnable action) {
        return new SharedBarrier(ns.create(name, TYPE, payloadBytes(ns), init(name, parties)), action);
    }

    /** Attaches the existing barrier {@code name}; {@code action} (may be null) as for {@link #create}. */
    public static SharedBarrier attach(Namespace ns, String name, Runnable action) {
        return new SharedBarrier(ns.attach(name, TYPE), action);
    }

    /**
     * Travels with its action, which must therefore be {@link java.io.Serializable} (or absent).
     *
     * @throws NotSerializableException naming the barrier if its action is not serialisable
     */
    @Override
    protected Attacher<?> attacher() throws NotSerializableException {
        if (action != null && !(action instanceof java.io.Serializable)) {
            throw new NotSerializableException("barrier '" + name() + "' of namespace '" + namespace().name()
                    + "' cannot be serialised by name: its action " + action.getClass().getName() + " is not"
                    + " Serializable; pass a Serializable action (a class or record implementing Runnable and"
                    + " Serializable, or a (Runnable & Serializable) lambda) or none");
        }
        return new BarrierAttacher(action);
    }

    /** Attaches the barrier {@code name}, creating it for {@code parties} parties if it does not exist. */
    public static SharedBarrier open(Namespace ns, String name, int parties, Runnable action) {
        return new SharedBarrier(ns.open(name, TYPE, payloadBytes(ns), init(name, parties)), action);
    }

    private static long payloadBytes(Namespace ns) {
        return BarrierLayout.payloadBytes(ns.processes().capacity());
    }

    private static java.util.function.Consumer<MemorySegment> init(String name, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("barrier '" + name + "' needs at least 1 party, not " + parties);
        }
        return p -> {
            p.set(ValueLayout.JAVA_INT, BarrierLayout.PARTIES_OFFSET, parties);
            p.set(ValueLayout.JAVA_INT, BarrierLayout.BROKEN_GENERATION_OFFSET, BarrierLayout.NOT_BROKEN);
        };
    }

    /** @return the number of parties the barrier waits for */
    public int getParties() {
        region.checkOpen();
        return read(BarrierLayout.PARTIES_OFFSET);
    }

    /** @return how many parties are waiting now (a snapshot) */
    public int getNumberWaiting() {
        region.checkOpen();
        return read(BarrierLayout.ARRIVED_OFFSET);
    }

    /** @return whether the barrier is broken (until {@link #reset()}) */
    public boolean isBroken() {
        region.checkOpen();
        return read(BarrierLayout.BROKEN_GENERATION_OFFSET) == read(BarrierLayout.GENERATION_OFFSET);
    }

    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitUntil(Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline", e);
        }
    }

    /**
     * As {@link #await()}, at most {@code timeout}; a timeout breaks the barrier for everyone.
     *
     * @throws TimeoutException if the time ran out (the barrier is then broken)
     */
    public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitUntil(Sleeper.deadline(unit.toNanos(timeout)));
    }

    /** Breaks the barrier: every waiter, and every later {@code await} until {@link #reset()}, fails. */
    public void abort() {
        region.checkOpen();
        mutex.acquireUninterruptibly();
        try {
            breakGeneration(read(BarrierLayout.GENERATION_OFFSET));
        } finally {
            mutex.release(name());
        }
    }

    /** Breaks the current round for its waiters (if any) and makes the barrier usable again. */
    public void reset() {
        region.checkOpen();
        mutex.acquireUninterruptibly();
        try {
            int generation = read(BarrierLayout.GENERATION_OFFSET);
            if (read(BarrierLayout.ARRIVED_OFFSET) > 0) {
                write(BarrierLayout.BROKEN_GENERATION_OFFSET, generation);
            }
            nextGeneration(generation);
        } finally {
            mutex.release(name());
        }
    }

    private int awaitUntil(long deadline) throws InterruptedException, BrokenBarrierException, TimeoutException {
        region.checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int generation;
        int index;
        mutex.acquireUninterruptibly();
        try {
            generation = read(BarrierLayout.GENERATION_OFFSET);
            if (read(BarrierLayout.BROKEN_GENERATION_OFFSET) == generation) {
                throw new BrokenBarrierException();
            }
            int arrived = read(BarrierLayout.ARRIVED_OFFSET) + 1;
            int parties = read(BarrierLayout.PARTIES_OFFSET);
            index = parties - arrived;
            if (index == 0) {
                trip(generation);
                return 0;
            }
            write(BarrierLayout.ARRIVED_OFFSET, arrived);
            markWaiting(generation, 1);
        } finally {
            if (mutex.isHeldByCurrentThread()) {
                mutex.release(name());
            }
        }
        try {
            return sleepUntilTripped(generation, index, deadline);
        } finally {
            markWaiting(generation, -1);
        }
    }

    private void trip(int generation) throws BrokenBarrierException {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                breakGeneration(generation);
                throw e;
            }
        }
        nextGeneration(generation);
    }

    private int sleepUntilTripped(int generation, int index, long deadline)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        LockLayout.WORD.getAndAdd(memory, BarrierLayout.SLEEPERS_OFFSET, 1);
        try {
            long nextLivenessCheck = System.nanoTime() + RobustMutex.SLICE_NANOS;
            for (int round = 0;; round++) {
                if (read(BarrierLayout.BROKEN_GENERATION_OFFSET) == generation) {
                    throw new BrokenBarrierException();
                }
                if (read(BarrierLayout.GENERATION_OFFSET) != generation) {
                    return index;
                }
                long now = System.nanoTime();
                if (now - nextLivenessCheck >= 0) {
                    nextLivenessCheck = now + RobustMutex.SLICE_NANOS;
                    if (aPartyDied(generation)) {
                        breakUnlessTripped(generation);
                        continue;
                    }
                }
                boolean slept;
                try {
                    slept = Sleeper.sleep(memory, BarrierLayout.GENERATION_OFFSET, generation, deadline, round);
                } catch (InterruptedException e) {
                    if (breakUnlessTripped(generation)) {
                        throw e;
                    }
                    Thread.currentThread().interrupt(); // tripped anyway: keep the interrupt, return normally
                    return index;
                }
                if (!slept) {
                    if (breakUnlessTripped(generation)) {
                        throw new TimeoutException("barrier '" + name() + "' timed out with "
                                + getNumberWaiting() + " of " + getParties() + " parties waiting; it is now broken");
                    }
                    return index;
                }
            }
        } finally {
            LockLayout.WORD.getAndAdd(memory, BarrierLayout.SLEEPERS_OFFSET, -1);
        }
    }

    /** @return whether this call broke the round (false: it had tripped meanwhile) */
    private boolean breakUnlessTripped(int generation) {
        mutex.acquireUninterruptibly();
        try {
            if (read(BarrierLayout.GENERATION_OFFSET) != generation) {
                return false;
            }
            breakGeneration(generation);
            return true;
        } finally {
            mutex.release(name());
        }
    }

    private boolean aPartyDied(int generation) {
        for (int slot = 0; slot < processes.capacity(); slot++) {
            long entry = (long) LockLayout.LONG.getVolatile(memory, BarrierLayout.waitingOffset(slot));
            if ((int) entry > 0 && (int) (entry >>> 32) == generation && slot != self.slot()
                    && !processes.isAlive(slot)) {
                return true;
            }
        }
        return false;
    }

    /** Counts this process's parties waiting in {@code generation}. */
    private void markWaiting(int generation, int delta) {
        for (;;) {
            long entry = (long) LockLayout.LONG.getVolatile(memory, waitingAt);
            int count = (int) (entry >>> 32) == generation ? (int) entry : 0;
            long updated = ((long) generation << 32) | ((count + delta) & 0xFFFF_FFFFL);
            if (LockLayout.LONG.compareAndSet(memory, waitingAt, entry, updated)) {
                return;
            }
        }
    }

    // the callers hold the mutex
    private void breakGeneration(int generation) {
        write(BarrierLayout.BROKEN_GENERATION_OFFSET, generation);
        wakeAll();
    }

    private void nextGeneration(int generation) {
        write(BarrierLayout.ARRIVED_OFFSET, 0);
        LockLayout.WORD.setVolatile(memory, BarrierLayout.GENERATION_OFFSET, generation + 1);
        wakeAll();
    }

    private void wakeAll() {
        if (read(BarrierLayout.SLEEPERS_OFFSET) > 0) {
            WaitStrategy.DEFAULT.wake(memory, BarrierLayout.GENERATION_OFFSET, Integer.MAX_VALUE);
        }
    }

    private int read(long offset) {
        return (int) LockLayout.WORD.getVolatile(memory, offset);
    }

    private void write(long offset, int value) {
        LockLayout.WORD.setVolatile(memory, offset, value);
    }

    @Override
    public String toString() {
        return super.toString() + (isClosed() ? " (closed)"
                : " (" + getNumberWaiting() + " of " + getParties() + " waiting" + (isBroken() ? ", broken" : "") + ")");
    }
}

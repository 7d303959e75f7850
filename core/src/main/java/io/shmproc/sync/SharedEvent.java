package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * A flag that processes wait on: Python's {@code multiprocessing.Event}. {@link #set()} wakes every
 * waiter in every process; {@link #clear()} makes later waits block again.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("pipeline");
 *      SharedEvent ready = SharedEvent.open(ns, "ready")) {
 *     if (!ready.await(5, TimeUnit.SECONDS)) {   // another process calls ready.set()
 *         throw new IllegalStateException("the loader did not start in 5 s");
 *     }
 * }
 * }</pre>
 *
 * A waiter first spins and yields for about 50 us ({@link Spinning}), so that an answer to a request
 * it just sent reaches it with no system call; then it sleeps in the kernel (or parks) and costs no CPU
 * while it waits. {@code set()} makes a system call only when some thread sleeps.
 */
public final class SharedEvent extends SharedObject {
    private static final ObjectType TYPE = new ObjectType(EventLayout.KIND, EventLayout.DESCRIPTOR);

    private final MemorySegment memory;

    private SharedEvent(Region region) {
        super(region);
        this.memory = region.payload();
    }

    /** Creates the cleared event {@code name}. */
    public static SharedEvent create(Namespace ns, String name) {
        return new SharedEvent(ns.create(name, TYPE, EventLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** Attaches the existing event {@code name}. */
    public static SharedEvent attach(Namespace ns, String name) {
        return new SharedEvent(ns.attach(name, TYPE));
    }

    @Override
    protected Attacher<?> attacher() {
        return SyncAttachers.EVENT;
    }

    /** Attaches the event {@code name}, creating it cleared if it does not exist. */
    public static SharedEvent open(Namespace ns, String name) {
        return new SharedEvent(ns.open(name, TYPE, EventLayout.PAYLOAD_BYTES, p -> { }));
    }

    /** @return whether the event is set */
    public boolean isSet() {
        region.checkOpen();
        return (int) LockLayout.WORD.getVolatile(memory, EventLayout.FLAG_OFFSET) != 0;
    }

    /** Sets the event, waking every thread of every process that waits for it. */
    public void set() {
        region.checkOpen();
        int previous = (int) LockLayout.WORD.getAndSet(memory, EventLayout.FLAG_OFFSET, 1);
        if (previous == 0 && (int) LockLayout.WORD.getVolatile(memory, EventLayout.SLEEPERS_OFFSET) > 0) {
            WaitStrategy.DEFAULT.wake(memory, EventLayout.FLAG_OFFSET, Integer.MAX_VALUE);
        }
    }

    /** Clears the event: later waits block until the next {@link #set()}. */
    public void clear() {
        region.checkOpen();
        LockLayout.WORD.setVolatile(memory, EventLayout.FLAG_OFFSET, 0);
    }

    /** Waits until the event is set. */
    public void await() throws InterruptedException {
        awaitUntil(Long.MAX_VALUE);
    }

    /**
     * Waits until the event is set, at most {@code timeout}: Python's {@code wait(timeout)}.
     *
     * @return whether the event is set (false: the time ran out)
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitUntil(Sleeper.deadline(unit.toNanos(timeout)));
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        if (isSet()) {
            return true;
        }
        // an answer to a request just sent comes within the spin, with no system call on either side
        if (deadline == Long.MAX_VALUE || deadline - System.nanoTime() > Spinning.SPIN_NANOS) {
            for (int round = 0; round < Spinning.SPINS; round++) {
                round += Spinning.pause(round);
                if (isSet()) {
                    return true;
                }
            }
        }
        // Announce the sleep before the last check, so a set() after that check sees us and wakes us.
        LockLayout.WORD.getAndAdd(memory, EventLayout.SLEEPERS_OFFSET, 1);
        try {
            for (int round = 0; !isSet(); round++) {
                if (!Sleeper.sleep(memory, EventLayout.FLAG_OFFSET, 0, deadline, round, Sleeper.INTERRUPT_SLICE_NANOS)) {
                    return false;
                }
            }
            return true;
        } finally {
            LockLayout.WORD.getAndAdd(memory, EventLayout.SLEEPERS_OFFSET, -1);
        }
    }

    @Override
    public String toString() {
        return super.toString() + (isClosed() ? " (closed)" : isSet() ? " (set)" : " (clear)");
    }
}

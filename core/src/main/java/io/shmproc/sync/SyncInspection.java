package io.shmproc.sync;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.ProcessId;
import java.lang.foreign.MemorySegment;

/**
 * Read-only decoding of the synchronisation primitives' state, for tools: given an object's payload
 * (from {@link io.shmproc.memory.NamespaceView#payload}), who holds a lock, how many permits a semaphore
 * has, whether an event is set. Nothing is written and no process slot is needed, so a lock can be
 * inspected while its holder, alive or dead, still has it. Each value is one plain volatile read: a
 * snapshot that may be stale by the time it is shown.
 *
 * <pre>{@code
 * SyncInspection.LockState lock = SyncInspection.lock(view.payload(view.object("jobs-lock")));
 * if (lock.held()) {
 *     boolean ownerAlive = view.process(lock.ownerSlot())
 *             .filter(p -> p.alive() && lock.heldBy(p.id())).isPresent();
 * }
 * }</pre>
 */
public final class SyncInspection {
    /** Kind of {@link SharedLock} and {@link SharedRLock} objects. */
    public static final String LOCK_KIND = LockLayout.KIND;
    /** Descriptor that tells a {@link SharedRLock} from a {@link SharedLock}. */
    public static final String REENTRANT_LOCK_DESCRIPTOR = LockLayout.REENTRANT_DESCRIPTOR;
    /** Kind of {@link SharedSemaphore} objects. */
    public static final String SEMAPHORE_KIND = SemaphoreLayout.KIND;
    /** Kind of {@link SharedEvent} objects. */
    public static final String EVENT_KIND = EventLayout.KIND;
    /** Kind of {@link SharedCondition} objects. */
    public static final String CONDITION_KIND = ConditionLayout.KIND;
    /** Kind of {@link SharedBarrier} objects. */
    public static final String BARRIER_KIND = BarrierLayout.KIND;

    private SyncInspection() {
    }

    /**
     * A lock's state.
     *
     * @param held           whether some thread holds it
     * @param ownerSlot      the holding process's slot in the namespace's process table, or -1 when free
     * @param ownerThread    the low 31 bits of the holding thread's id, or 0 when free
     * @param fromDeadOwner  whether the current hold was taken over from a holder that died
     * @param recoveries     how many times the lock was taken over from a dead holder, ever
     * @param holds          a reentrant lock's hold count (0 for a plain lock or a free one)
     * @param waiters        whether a thread may be asleep waiting for it
     * @param word           the raw holder word (slot and generation bits), which {@link #heldBy} compares
     */
    public record LockState(boolean held, int ownerSlot, int ownerThread, boolean fromDeadOwner, int recoveries,
                            int holds, boolean waiters, int word) {
        /**
         * @return whether the hold is by attachment {@code id}; the lock records only the low bits of its
         *     owner's generation, so this is how to tell the slot's current process from an earlier one
         */
        public boolean heldBy(ProcessId id) {
            return held && id.slot() == ownerSlot && LockLayout.sameGeneration(word, id.generation());
        }
    }

    /**
     * A semaphore's state.
     *
     * @param permits the permits available now
     * @param bound   the most permits a bounded semaphore may hold, or 0 when unbounded
     * @param waiters threads asleep (or about to sleep) waiting for a permit
     */
    public record SemaphoreState(int permits, int bound, int waiters) {
    }

    /**
     * An event's state.
     *
     * @param set     whether the flag is set
     * @param waiters threads asleep (or about to sleep) waiting for it
     */
    public record EventState(boolean set, int waiters) {
    }

    /**
     * A condition's state.
     *
     * @param signals how many notifications were ever made (wraps around)
     * @param waiters threads asleep (or about to sleep) waiting for one
     */
    public record ConditionState(int signals, int waiters) {
    }

    /**
     * A barrier's state.
     *
     * @param parties    parties needed to trip it
     * @param waiting    parties waiting now
     * @param generation how many times it tripped (or was reset)
     * @param broken     whether it is broken
     */
    public record BarrierState(int parties, int waiting, int generation, boolean broken) {
    }

    /** @return the state of the {@link SharedLock} or {@link SharedRLock} whose payload is {@code payload} */
    public static LockState lock(MemorySegment payload) {
        require(payload, LockLayout.PAYLOAD_BYTES, "lock");
        long state = (long) LockLayout.LONG.getVolatile(payload, LockLayout.STATE_OFFSET);
        int word = LockLayout.word(state);
        int holder = LockLayout.holder(word);
        boolean held = holder != LockLayout.FREE;
        int thread = LockLayout.thread(state);
        return new LockState(held, held ? LockLayout.slot(holder) : -1, held ? thread & ~LockLayout.DIED : 0,
                held && (thread & LockLayout.DIED) != 0, (int) LockLayout.WORD.getVolatile(payload, LockLayout.RECOVERED_OFFSET),
                held ? (int) LockLayout.WORD.getVolatile(payload, LockLayout.HOLDS_OFFSET) : 0,
                (word & LockLayout.WAITERS) != 0, holder);
    }

    /** @return the state of the {@link SharedSemaphore} whose payload is {@code payload} */
    public static SemaphoreState semaphore(MemorySegment payload) {
        require(payload, SemaphoreLayout.HELD_OFFSET, "semaphore");
        return new SemaphoreState(read(payload, SemaphoreLayout.PERMITS_OFFSET), read(payload, SemaphoreLayout.BOUND_OFFSET),
                read(payload, SemaphoreLayout.SLEEPERS_OFFSET));
    }

    /** @return the state of the {@link SharedEvent} whose payload is {@code payload} */
    public static EventState event(MemorySegment payload) {
        require(payload, EventLayout.PAYLOAD_BYTES, "event");
        return new EventState(read(payload, EventLayout.FLAG_OFFSET) != 0, read(payload, EventLayout.SLEEPERS_OFFSET));
    }

    /** @return the state of the {@link SharedCondition} whose payload is {@code payload} */
    public static ConditionState condition(MemorySegment payload) {
        require(payload, ConditionLayout.PAYLOAD_BYTES, "condition");
        return new ConditionState(read(payload, ConditionLayout.SEQUENCE_OFFSET), read(payload, ConditionLayout.SLEEPERS_OFFSET));
    }

    /** @return the state of the {@link SharedBarrier} whose payload is {@code payload} */
    public static BarrierState barrier(MemorySegment payload) {
        require(payload, BarrierLayout.WAITING_OFFSET, "barrier");
        int generation = read(payload, BarrierLayout.GENERATION_OFFSET);
        return new BarrierState(read(payload, BarrierLayout.PARTIES_OFFSET), read(payload, BarrierLayout.ARRIVED_OFFSET),
                generation, read(payload, BarrierLayout.BROKEN_GENERATION_OFFSET) == generation);
    }

    private static int read(MemorySegment payload, long offset) {
        return (int) LockLayout.WORD.getVolatile(payload, offset);
    }

    private static void require(MemorySegment payload, long bytes, String what) {
        if (payload.byteSize() < bytes) {
            throw new IncompatibleObjectException("payload of " + payload.byteSize() + " bytes is too small for a "
                    + what + " (" + bytes + " bytes at least): the object is not a " + what + ", or is damaged");
        }
    }
}

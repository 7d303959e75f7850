package io.shmproc.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One bounded sleep on a shared 32-bit word, as every blocking primitive (here and in the layers above)
 * takes it: check the interrupt, give up at the deadline, and never sleep longer than a slice, so a
 * dead peer or an interrupt is noticed within {@link #SLICE_NANOS}. The futex where available, else a
 * backing-off park ({@link Waiting#strategy()}). Callers loop and re-check their condition, because a
 * sleep may end early for no reason.
 *
 * <p>A waker must not make a system call when nobody sleeps, so sleepers say that they are about to.
 * Two ways are offered. A count the sleeper raises and lowers around its sleep tells exactly how many
 * sleep, which inspection tools show. An announcement flag that the sleeper raises before each sleep and
 * the waker clears ({@link #announce}, {@link #wakeAnnounced}) costs the same on both sides, but a
 * sleeper killed in its sleep leaves at most one needless wake-up behind instead of one on every
 * publish that follows; hot channels use it.
 *
 * <pre>{@code
 * // waiter: read the word, announce, re-check, sleep on the word as it was read
 * for (int round = 0; !ready(); round++) {
 *     int seen = (int) SEQ.getVolatile(memory, SEQ_OFFSET);
 *     Sleeper.announce(memory, ANNOUNCED_OFFSET);
 *     if (ready() || !Sleeper.sleep(memory, SEQ_OFFSET, seen, deadline, round)) {
 *         break;
 *     }
 * }
 * // waker: publish, fence, then bump the word and wake only if someone announced a sleep
 * publish();
 * VarHandle.fullFence();
 * Sleeper.wakeAnnounced(memory, ANNOUNCED_OFFSET, SEQ_OFFSET);
 * }</pre>
 */
public final class Sleeper {
    /** Longest single sleep of a wait that watches a peer's liveness: 10 ms. */
    public static final long SLICE_NANOS = RobustMutex.SLICE_NANOS;
    /** Slice of waits that watch no peer's liveness: an interrupt is noticed within this. */
    public static final long INTERRUPT_SLICE_NANOS = 100_000_000;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private Sleeper() {
    }

    /**
     * Announces in the int at {@code flagOffset} that this thread is about to sleep on a sequence word.
     * Call it after reading the value to sleep on and before the last look at the condition: a waker that
     * publishes after that look then sees the announcement, and one that cleared it already has bumped
     * the word, so the sleep ends at once.
     */
    public static void announce(MemorySegment memory, long flagOffset) {
        INT.setVolatile(memory, flagOffset, 1);
    }

    /**
     * After a publish and a full fence: if a sleep was announced at {@code flagOffset}, clears the
     * announcement, bumps the sequence word at {@code sequenceOffset} and wakes every sleeper on it. Costs
     * one load when nobody announced; of several wakers racing, one makes the system call.
     */
    public static void wakeAnnounced(MemorySegment memory, long flagOffset, long sequenceOffset) {
        if ((int) INT.getVolatile(memory, flagOffset) != 0 && (int) INT.getAndSet(memory, flagOffset, 0) != 0) {
            INT.getAndAdd(memory, sequenceOffset, 1);
            wakeAll(memory, sequenceOffset);
        }
    }

    /**
     * Sleeps while the int at {@code offset} is {@code value}.
     *
     * @param deadline {@link System#nanoTime()} to give up at; {@link Long#MAX_VALUE} for never
     * @param round    how many times the caller slept already for this wait
     * @return false if the deadline has passed (without sleeping), else true
     * @throws InterruptedException if the thread is interrupted
     */
    public static boolean sleep(MemorySegment memory, long offset, int value, long deadline, int round) throws InterruptedException {
        return sleep(memory, offset, value, deadline, round, RobustMutex.SLICE_NANOS);
    }

    /**
     * As {@link #sleep(MemorySegment, long, int, long, int)}, with slices of {@code sliceNanos}: longer for
     * waits that need not watch for dead peers (events, conditions), where the slice only bounds how
     * late an interrupt is noticed, so an idle waiter wakes less often.
     */
    public static boolean sleep(MemorySegment memory, long offset, int value, long deadline, int round, long sliceNanos)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        WaitStrategy.DEFAULT.await(memory, offset, value, Math.min(remaining, sliceNanos), round);
        return true;
    }

    /**
     * One bounded sleep on several shared words at once (Python's {@code connection.wait}): ends when any
     * of them is woken or differs from its value, at the deadline, or after {@code sliceNanos}. With the
     * futex and Linux 5.16 or later this is one {@code futex_waitv}; otherwise a backing-off park, after
     * which the caller re-reads the words as after any sleep.
     *
     * @return false if the deadline has passed (without sleeping), else true
     */
    public static boolean sleepOnAny(MemorySegment[] memories, long[] offsets, int[] values, int count, long deadline,
                                     int round, long sliceNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        long nanos = Math.min(remaining, sliceNanos);
        if (WaitStrategy.DEFAULT instanceof WaitStrategy.FutexWait && Futex.canAwaitAny() && count <= Futex.MAX_WAITV) {
            Futex.awaitAny(memories, offsets, values, count, nanos);
        } else {
            WaitStrategy.PARK.await(memories[0], offsets[0], values[0], nanos, round);
        }
        return true;
    }

    /** @return {@link System#nanoTime()} plus {@code nanos}, saturating at {@link Long#MAX_VALUE} for "never" */
    public static long deadline(long nanos) {
        long now = System.nanoTime();
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, nanos);
    }

    /** Wakes every thread of any process sleeping on the int at {@code offset}. */
    public static void wakeAll(MemorySegment memory, long offset) {
        WaitStrategy.DEFAULT.wake(memory, offset, Integer.MAX_VALUE);
    }
}

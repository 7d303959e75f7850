package io.shmproc.sync;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread blocks until a shared 32-bit word changes, and how another process wakes it: the
 * {@link Futex} where the kernel offers it to us, else a backing-off park that re-reads the word.
 * Either may return early; callers always re-check their condition, and bound each wait so that
 * interrupts and dead peers are noticed.
 *
 * <p>{@code -Dshmproc.wait=park} forces the portable strategy (for tests and for platforms where the
 * futex misbehaves).
 */
abstract sealed class WaitStrategy permits WaitStrategy.FutexWait, WaitStrategy.ParkWait {
    static final String PROPERTY = "shmproc.wait";
    /** The strategy of this JVM, chosen once. */
    static final WaitStrategy DEFAULT = Futex.isAvailable() ? new FutexWait() : new ParkWait();
    /** The back-off park, also where the futex cannot wait on several words at once. */
    static final WaitStrategy PARK = DEFAULT instanceof ParkWait ? DEFAULT : new ParkWait();

    /**
     * Sleeps while the int at {@code offset} is {@code expected}, at most about {@code nanos}.
     *
     * @param round how many times the caller already waited for this one acquisition (0 first), so a
     *              polling strategy can back off
     */
    abstract void await(MemorySegment memory, long offset, int expected, long nanos, int round);

    /** Wakes up to {@code count} waiters on the int at {@code offset}. */
    abstract void wake(MemorySegment memory, long offset, int count);

    /** @return a name for diagnostics: "futex" or "park" */
    abstract String name();

    static final class FutexWait extends WaitStrategy {
        @Override
        void await(MemorySegment memory, long offset, int expected, long nanos, int round) {
            Futex.await(memory, offset, expected, nanos);
        }

        @Override
        void wake(MemorySegment memory, long offset, int count) {
            Futex.wake(memory, offset, count);
        }

        @Override
        String name() {
            return "futex";
        }
    }

    /**
     * Parks for a short, doubling interval (50 us up to 10 ms) and lets the caller re-read the word: a
     * wake is then a no-op. A waiter idle for over a second parks {@link #IDLE_NANOS} at a time, since
     * each timed wake-up costs its thread about 0.1 ms of processor time here: a long-idle waiter then
     * costs about 25 wake-ups a second, and a hand-off to it up to 40 ms of latency (10 ms in its first
     * second), which is why the futex is preferred.
     */
    static final class ParkWait extends WaitStrategy {
        private static final long FIRST_NANOS = 50_000;
        private static final long MAX_NANOS = 10_000_000;
        static final long IDLE_NANOS = 40_000_000;
        /** Rounds after which a waiter counts as idle: the doubling rounds, then about a second of 10 ms parks. */
        static final int IDLE_ROUNDS = 8 + 100;

        @Override
        void await(MemorySegment memory, long offset, int expected, long nanos, int round) {
            if ((int) LockLayout.WORD.getVolatile(memory, offset) == expected) {
                LockSupport.parkNanos(Math.min(nanos, backoff(round)));
            }
        }

        /** @return how long round {@code round} of one wait parks at most */
        static long backoff(int round) {
            if (round >= IDLE_ROUNDS) {
                return IDLE_NANOS;
            }
            return round >= 8 ? MAX_NANOS : Math.min(MAX_NANOS, FIRST_NANOS << round);
        }

        @Override
        void wake(MemorySegment memory, long offset, int count) {
            // sleepers wake by themselves within their back-off interval
        }

        @Override
        String name() {
            return "park";
        }
    }
}

package io.shmproc.sync;

/**
 * Byte layout of a {@link SharedSemaphore} (the payload after the object header):
 *
 * <pre>
 *   0          4          8          12         16
 *   +----------+----------+----------+----------+--------------------------------------------+
 *   | permits  | sleepers | bound    | (pad)    | held[slot], one long per process-table slot |
 *   +----------+----------+----------+----------+--------------------------------------------+
 *
 *   held[slot]:  63 ............ 32   31 ............ 0
 *               +------------------+------------------+
 *               | generation bits  | permits held     |
 *               +------------------+------------------+
 * </pre>
 *
 * {@code permits} is the count waiters sleep on; {@code bound} is 0 for an unbounded semaphore.
 * {@code held} records, per attachment (slot and low generation bits), the permits that process took
 * and has not given back, so that when it dies they can be returned: by a waiter that finds the
 * process dead, or by the next process to take its slot.
 */
final class SemaphoreLayout {
    static final String KIND = "SEMA";
    static final String DESCRIPTOR = "robust-semaphore-v1";
    static final long PERMITS_OFFSET = 0;
    static final long SLEEPERS_OFFSET = 4;
    static final long BOUND_OFFSET = 8;
    static final long HELD_OFFSET = 16;

    private SemaphoreLayout() {
    }

    static long payloadBytes(int slots) {
        return HELD_OFFSET + (long) slots * Long.BYTES;
    }

    static long heldOffset(int slot) {
        return HELD_OFFSET + (long) slot * Long.BYTES;
    }

    static long entry(long generation, int count) {
        return (generation << 32) | (count & 0xFFFF_FFFFL);
    }

    static int count(long entry) {
        return (int) entry;
    }

    static boolean sameGeneration(long entry, long generation) {
        return (entry >>> 32) == (generation & 0xFFFF_FFFFL);
    }
}

package io.shmproc.sync;

/**
 * Byte layout of a {@link SharedBarrier} (the payload after the object header):
 *
 * <pre>
 *   0            4          8          12         16          20         64              128
 *   +------------+----------+----------+----------+-----------+----------+---------------+----------------------+
 *   | generation | sleepers | parties  | arrived  | broken gen| (pad)    | mutex         | waiting[slot]: long  |
 *   |            |          |          |          |           |          | (LockLayout)  | per process slot     |
 *   +------------+----------+----------+----------+-----------+----------+---------------+----------------------+
 *
 *   waiting[slot]:  63 ........ 32   31 ........ 0
 *                  +-------------+-------------+
 *                  | generation  | parties of   |
 *                  | waited in   | this process |
 *                  +-------------+-------------+
 * </pre>
 *
 * Waiters sleep on {@code generation}, which the last party advances. {@code broken gen} is the
 * generation that was broken (by a timeout, {@code abort}, {@code reset} or a dead party), or -1.
 * The mutex guards {@code arrived}, the generation change and breaking. {@code waiting} records which
 * processes have parties waiting in which generation, so a waiter can tell that a party died.
 */
final class BarrierLayout {
    static final String KIND = "BARR";
    static final String DESCRIPTOR = "barrier-v1";
    static final long GENERATION_OFFSET = 0;
    static final long SLEEPERS_OFFSET = 4;
    static final long PARTIES_OFFSET = 8;
    static final long ARRIVED_OFFSET = 12;
    static final long BROKEN_GENERATION_OFFSET = 16;
    static final long MUTEX_OFFSET = 64;
    static final long WAITING_OFFSET = 128;
    static final int NOT_BROKEN = -1;

    private BarrierLayout() {
    }

    static long payloadBytes(int slots) {
        return WAITING_OFFSET + (long) slots * Long.BYTES;
    }

    static long waitingOffset(int slot) {
        return WAITING_OFFSET + (long) slot * Long.BYTES;
    }
}

package io.shmproc.sync;

/**
 * Byte layout of a {@link SharedCondition} (the payload after the object header):
 *
 * <pre>
 *   0          4          8
 *   +----------+----------+----- ... 64
 *   | sequence | sleepers |
 *   +----------+----------+-----
 * </pre>
 *
 * Every signal advances {@code sequence}; a waiter sleeps while it still holds the value it read
 * before releasing the lock, so a signal between that read and the sleep is never missed.
 */
final class ConditionLayout {
    static final String KIND = "COND";
    static final String DESCRIPTOR = "condition-v1";
    static final long PAYLOAD_BYTES = 64;
    static final long SEQUENCE_OFFSET = 0;
    static final long SLEEPERS_OFFSET = 4;

    private ConditionLayout() {
    }
}

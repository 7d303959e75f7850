package io.shmproc.sync;

/**
 * Byte layout of a {@link SharedEvent} (the payload after the object header):
 *
 * <pre>
 *   0          4          8
 *   +----------+----------+----- ... 64
 *   | flag     | sleepers |
 *   +----------+----------+-----
 * </pre>
 *
 * {@code flag} is 1 while set; waiters sleep on it while it is 0. {@code sleepers} counts threads about
 * to sleep or asleep, so {@code set()} makes the wake-up system call only when someone may need it.
 */
final class EventLayout {
    static final String KIND = "EVNT";
    static final String DESCRIPTOR = "event-v1";
    static final long PAYLOAD_BYTES = 64;
    static final long FLAG_OFFSET = 0;
    static final long SLEEPERS_OFFSET = 4;

    private EventLayout() {
    }
}

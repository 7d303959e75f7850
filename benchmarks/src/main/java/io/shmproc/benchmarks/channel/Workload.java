package io.shmproc.benchmarks.channel;

/**
 * The sizes every queue and pipe scenario shares, shmproc's and the peers', so that a ratio compares
 * the same work: 32-byte messages, the same ring capacities, the same counts.
 *
 * <p>A message carries its sequence number (bytes 0-7) and its producer (bytes 8-11); receivers check
 * the order, so a peer that lost or reordered messages fails instead of looking fast.
 */
public final class Workload {
    /** Bytes per message. */
    public static final int MESSAGE_BYTES = 32;
    /** Ring capacity of a queue (a power of two, as Agrona's rings need). */
    public static final int QUEUE_CAPACITY_BYTES = 1 << 22;
    /** Ring capacity of each direction of a pipe. */
    public static final int PIPE_CAPACITY_BYTES = 1 << 20;

    /** Round trips measured per repeat, after {@link #WARMUP_ROUND_TRIPS} unmeasured ones (the JIT's). */
    public static final int ROUND_TRIPS = 500_000;
    public static final int WARMUP_ROUND_TRIPS = 100_000;

    /** Messages per repeat of a throughput scenario, over all producers: ~1 s at 20 M msg/s. */
    public static final long THROUGHPUT_MESSAGES = 20_000_000L;

    private Workload() {
    }

    /**
     * @return how many of {@code total} messages pass before the clock starts: the first tenth, which
     *     the JIT compiles through and producers start up in
     */
    public static long warmup(long total) {
        return total / 10;
    }

    /** @return messages per second over the messages after the warm-up */
    public static double rate(long messages, long nanos) {
        if (nanos <= 0) {
            throw new IllegalStateException("no time measured for " + messages + " messages");
        }
        return messages * 1e9 / nanos;
    }
}

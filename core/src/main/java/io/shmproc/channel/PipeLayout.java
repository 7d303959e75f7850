package io.shmproc.channel;

/**
 * Byte layout of a {@link Pipe}: which process holds each end, then one ring per direction.
 *
 * <pre>
 *      0  duplex         int   1: both ends send and receive; 0: the first end receives, the second sends
 *     64  first holder   int   slot + 1 of the process that took the first end last, 0 if none yet
 *     72  first gen      long  that slot's generation when it took the end
 *    128  second holder  int   the same for the second end
 *    136  second gen     long
 *    256  ring to first  a {@link PipeRingLayout} ring: what the second end sends, the first receives
 *    256 + ring bytes    ring to second (duplex only): what the first end sends, the second receives
 * </pre>
 *
 * An end's holder is what lets its peer tell "no message yet" from "no message ever again": once the
 * process that took the sending end has closed it or died, and its ring is drained, the receiver
 * reports the end of the stream.
 */
final class PipeLayout {
    static final String KIND = "PIPE";
    static final long DUPLEX_OFFSET = 0;
    static final long FIRST_HOLDER_OFFSET = 64;
    static final long SECOND_HOLDER_OFFSET = 128;
    static final long HOLDER_SLOT = 0;
    static final long HOLDER_GENERATION = 8;
    static final long RINGS_OFFSET = 256;
    /**
     * How a pipe's type descriptor starts; the version in it changes with the layout or the protocol over
     * it, so a JVM of another version refuses to attach a pipe it would misread.
     */
    static final String DESCRIPTOR_PREFIX = "pipe/3<";

    private PipeLayout() {
    }

    static long holderOffset(int end) {
        return end == 0 ? FIRST_HOLDER_OFFSET : SECOND_HOLDER_OFFSET;
    }

    static long ringBytes(int capacity) {
        return PipeRingLayout.payloadBytes(capacity);
    }

    /** @param towardsEnd 0 for the ring the first end reads, 1 for the one the second end reads */
    static long ringOffset(int towardsEnd, int capacity) {
        return RINGS_OFFSET + towardsEnd * ringBytes(capacity);
    }

    static long payloadBytes(int capacity, boolean duplex) {
        return RINGS_OFFSET + (duplex ? 2 : 1) * ringBytes(capacity);
    }
}

package io.shmproc.benchmarks.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The receiving side's check of a throughput scenario: counts messages and fails on the first that is
 * lost, duplicated, reordered within its producer, or of the wrong size. A message carries its sequence
 * number in bytes 0-7 and its producer in bytes 8-11, in the machine's byte order (as Agrona's buffers
 * write them), so a {@code byte[]} and a buffer carry the same bytes.
 */
public final class InOrder {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final long[] next;
    private long count;

    public InOrder(int producers) {
        this.next = new long[producers];
    }

    /** Writes {@code producer}'s message {@code seq} into {@code message}. */
    public static void stamp(byte[] message, int producer, long seq) {
        LONG.set(message, 0, seq);
        INT.set(message, 8, producer);
    }

    /** @return the sequence number {@link #stamp} wrote */
    public static long seqOf(byte[] message) {
        return (long) LONG.get(message, 0);
    }

    /** @return the producer {@link #stamp} wrote */
    public static int producerOf(byte[] message) {
        return (int) INT.get(message, 8);
    }

    public void accept(DirectBuffer buffer, int index, int length) {
        accept(buffer.getLong(index), buffer.getInt(index + 8), length);
    }

    public void accept(byte[] message, int length) {
        accept((long) LONG.get(message, 0), (int) INT.get(message, 8), length);
    }

    public void accept(long seq, int producer, int length) {
        if (length != Workload.MESSAGE_BYTES || producer < 0 || producer >= next.length || seq != next[producer]) {
            throw new IllegalStateException("expected message " + (producer >= 0 && producer < next.length ? next[producer] : -1)
                    + " of producer " + producer + " (of " + next.length + "), " + Workload.MESSAGE_BYTES
                    + " bytes; got message " + seq + " of " + length + " bytes");
        }
        next[producer]++;
        count++;
    }

    /** @return the messages accepted so far */
    public long count() {
        return count;
    }
}

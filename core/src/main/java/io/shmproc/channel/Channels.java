package io.shmproc.channel;

import io.shmproc.sync.Sleeper;
import io.shmproc.sync.Spinning;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Waiting on several channels at once: Python's {@code multiprocessing.connection.wait}.
 *
 * <pre>{@code
 * List<Object> ready = Channels.waitAny(List.of(jobs, control.first()), 5, TimeUnit.SECONDS);
 * for (Object source : ready) {
 *     if (source == jobs) {
 *         handle(jobs.poll());
 *     } else {
 *         command(control.first().recv());
 *     }
 * }
 * }</pre>
 */
public final class Channels {
    /** Rounds of looking before sleeping: a hand-off that is about to happen costs no system call. */
    private static final int SPINS = Spinning.SPINS;

    private Channels() {
    }

    /**
     * Waits until at least one of {@code sources} (each a {@link SharedQueue} or a readable
     * {@link Connection}) can be received from at once — it holds a message, or its stream has ended
     * (a queue closed and drained, a pipe whose peer closed or died) — or the timeout passes.
     *
     * <p>The waiting thread spins briefly, then sleeps in one {@code futex_waitv} on every source's
     * wake-up word where the kernel has it (Linux 5.16 and later, with native access enabled), or
     * parks in short slices otherwise. Another consumer may take a message between this method's return
     * and the caller's receive, so receive without blocking ({@code poll}, {@code tryRecv}) when several
     * consumers share a source.
     *
     * @return the sources ready now, in the order given; empty if the timeout passed first
     * @throws IllegalArgumentException if a source is of another kind, or there are none
     */
    public static <T> List<T> waitAny(Collection<? extends T> sources, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(sources, "sources");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("waitAny needs at least one queue or connection to wait on");
        }
        List<T> given = new ArrayList<>(sources);
        MessageRing[] rings = new MessageRing[given.size()];
        for (int i = 0; i < rings.length; i++) {
            rings[i] = ringOf(given.get(i));
        }
        long deadline = Sleeper.deadline(unit.toNanos(timeout));
        MemorySegment[] words = new MemorySegment[rings.length];
        long[] offsets = new long[rings.length];
        int[] seen = new int[rings.length];
        for (int i = 0; i < rings.length; i++) {
            words[i] = rings[i].sleepMemory();
            offsets[i] = rings[i].dataSequenceOffset();
        }
        for (int round = 0;; round++) {
            List<T> ready = ready(given, rings, round >= SPINS);
            if (!ready.isEmpty() || System.nanoTime() - deadline >= 0 && deadline != Long.MAX_VALUE) {
                return ready;
            }
            if (round < SPINS) {
                round += Spinning.pause(round);
                continue;
            }
            for (int i = 0; i < rings.length; i++) {
                seen[i] = rings[i].dataSequence();
                rings[i].announceReaderSleep();
            }
            // A record claimed but unfinished now may be committed by a commit that missed the announcement:
            // sleep short slices then. Looked at before the last look for messages, so a record committed
            // in between is seen by that look rather than slept on for a long slice.
            long slice = Sleeper.INTERRUPT_SLICE_NANOS;
            for (MessageRing ring : rings) {
                if (ring.nextRecordUnfinished()) {
                    slice = MessageRing.unfinishedRecordSlice(round - SPINS);
                }
            }
            // announced before this last look, so a commit after it bumps a word we sleep on
            ready = ready(given, rings, true);
            if (!ready.isEmpty()) {
                return ready;
            }
            if (!Sleeper.sleepOnAny(words, offsets, seen, rings.length, deadline, round - SPINS, slice)) {
                return List.of();
            }
        }
    }

    private static <T> List<T> ready(List<T> given, MessageRing[] rings, boolean checkWriters) {
        List<T> ready = new ArrayList<>(0);
        for (int i = 0; i < rings.length; i++) {
            if (rings[i].readableNow(checkWriters)) {
                ready.add(given.get(i));
            }
        }
        return ready;
    }

    private static MessageRing ringOf(Object source) {
        if (source instanceof SharedQueue<?> queue) {
            return queue.ring();
        }
        if (source instanceof Connection<?> connection) {
            return connection.receivingRing();
        }
        throw new IllegalArgumentException("waitAny waits on shared queues and pipe connections, not on "
                + (source == null ? "null" : source.getClass().getName()));
    }
}

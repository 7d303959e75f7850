package io.shmproc.sync;

import io.shmproc.memory.ProcessId;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of a {@link SharedLock} (the payload after the object header), and the encoding of its
 * lock word:
 *
 * <pre>
 *   0          4          8                                16          20          24
 *   +----------+----------+--------------------------------+-----------+-----------+--- ... 64
 *   | word     | (pad)    | holder: died bit 63, thread id | recovered | holds     |
 *   +----------+----------+--------------------------------+-----------+-----------+---
 *
 *   word:  31         30 ........... 17   16 ............. 0
 *         +----------+------------------+------------------+
 *         | waiters  | generation & 3FFF|  slot + 1        |      0 = free
 *         +----------+------------------+------------------+
 * </pre>
 *
 * The word alone says who holds the lock: the owning process's slot in the namespace's process table
 * and the low bits of that attachment's generation, taken in one compare-and-set. So a process that
 * dies at any instant after taking the lock is identifiable from the word — there is no window where
 * the lock is held but the owner unknown. The waiters bit tells the releaser that someone may sleep on
 * the futex, so an uncontended unlock makes no system call. The holder word is written by the holder
 * after acquiring and cleared before releasing: the owning thread's id (only meaningful inside the
 * owning process; it serves the {@link IllegalMonitorStateException} checks) and, in bit 63, whether
 * the current hold was taken over from a dead owner. One word, so an uncontended lock+unlock touches
 * only two. {@code recovered} counts take-overs; {@code holds} is a reentrant lock's hold count,
 * touched only by the holder.
 */
final class LockLayout {
    static final String KIND = "LOCK";
    static final String DESCRIPTOR = "robust-mutex-v1";
    static final long PAYLOAD_BYTES = 64;

    static final long WORD_OFFSET = 0;
    static final long HOLDER_OFFSET = 8;
    static final long RECOVERED_OFFSET = 16;
    static final long HOLDS_OFFSET = 20;
    static final String REENTRANT_DESCRIPTOR = "robust-reentrant-mutex-v1";
    /** Bit of the holder word set while the hold was taken over from a dead owner. */
    static final long OWNER_DIED = Long.MIN_VALUE;

    static final int WAITERS = 1 << 31;
    static final int FREE = 0;
    private static final int SLOT_BITS = 17;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    private static final int GENERATION_MASK = 0x3FFF;

    static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private LockLayout() {
    }

    /** @return the lock word of a hold by {@code owner}, without the waiters bit */
    static int token(ProcessId owner) {
        return (int) ((owner.generation() & GENERATION_MASK) << SLOT_BITS) | (owner.slot() + 1);
    }

    /** @return the process-table slot of the holder named by {@code word} (which must not be free) */
    static int slot(int word) {
        return (word & SLOT_MASK) - 1;
    }

    /** @return the low bits of the holder's attachment generation, as {@code word} records them */
    static long generationBits(int word) {
        return (word >>> SLOT_BITS) & GENERATION_MASK;
    }

    /** @return whether {@code generation} is the one {@code word} records (by its low bits) */
    static boolean sameGeneration(int word, long generation) {
        return (generation & GENERATION_MASK) == generationBits(word);
    }

    /** @return {@code word} without the waiters bit */
    static int holder(int word) {
        return word & ~WAITERS;
    }
}

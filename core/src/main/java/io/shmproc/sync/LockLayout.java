package io.shmproc.sync;

import io.shmproc.memory.ProcessId;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte layout of a robust lock (a {@link SharedLock}, a {@link SharedRLock}, or the mutex inside
 * another primitive), and the encoding of its state:
 *
 * <pre>
 *   0          4          8           12          16
 *   +----------+----------+-----------+-----------+----- ... 64
 *   | word     | thread   | recovered | holds     |
 *   +----------+----------+-----------+-----------+-----
 *   \_____ state (one long) ____/
 *
 *   word:   31         30 ........... 17   16 ............. 0
 *          +----------+------------------+------------------+
 *          | waiters  | generation & 3FFF|  slot + 1        |      0 = free
 *          +----------+------------------+------------------+
 *
 *   thread: 31         30 ................................. 0
 *          +----------+--------------------------------------+
 *          | died     | holding thread's id, low 31 bits      |
 *          +----------+--------------------------------------+
 * </pre>
 *
 * The word says who holds the lock: the owning process's slot in the namespace's process table and the
 * low bits of that attachment's generation. Word and thread form one 8-byte state, taken and released
 * by one 64-bit compare-and-set, so a process dying at any instant leaves either a free lock or one
 * that names it — never a hold with an unknown owner — and an uncontended lock and unlock touch
 * shared memory once each. The futex sleeps on the word alone (the kernel compares 32 bits); its
 * waiters bit tells the releaser that someone may sleep, so an uncontended unlock makes no system
 * call. {@code died} is set while the current hold was taken over from a dead owner;
 * {@code recovered} counts such take-overs; {@code holds} is a reentrant lock's hold count, touched
 * only by the holder.
 */
final class LockLayout {
    static final String KIND = "LOCK";
    static final String DESCRIPTOR = "robust-mutex-v2";
    static final String REENTRANT_DESCRIPTOR = "robust-reentrant-mutex-v2";
    static final long PAYLOAD_BYTES = 64;

    static final long WORD_OFFSET = 0;
    static final long STATE_OFFSET = 0;
    static final long RECOVERED_OFFSET = 8;
    static final long HOLDS_OFFSET = 12;

    static final int WAITERS = 1 << 31;
    static final int FREE = 0;
    static final int DIED = 1 << 31;
    private static final int THREAD_MASK = ~DIED;
    private static final int SLOT_BITS = 17;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    private static final int GENERATION_MASK = 0x3FFF;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private LockLayout() {
    }

    /** @return the lock word of a hold by {@code owner}, without the waiters bit */
    static int token(ProcessId owner) {
        return (int) ((owner.generation() & GENERATION_MASK) << SLOT_BITS) | (owner.slot() + 1);
    }

    /** @return the thread half of the state for the calling thread */
    static int currentThread() {
        return (int) Thread.currentThread().threadId() & THREAD_MASK;
    }

    /** @return the 8-byte state holding {@code word} and {@code thread}, in this machine's byte order */
    static long state(int word, int thread) {
        return LITTLE_ENDIAN ? ((long) thread << 32) | (word & 0xFFFF_FFFFL)
                : ((long) word << 32) | (thread & 0xFFFF_FFFFL);
    }

    static int word(long state) {
        return LITTLE_ENDIAN ? (int) state : (int) (state >>> 32);
    }

    static int thread(long state) {
        return LITTLE_ENDIAN ? (int) (state >>> 32) : (int) state;
    }

    /** @return whether {@code state} is held by thread {@code thread} of process {@code token} */
    static boolean heldBy(long state, int token, int thread) {
        return holder(word(state)) == token && (thread(state) & THREAD_MASK) == thread;
    }

    /** @return the process-table slot of the holder named by {@code word} (which must not be free) */
    static int slot(int word) {
        return (word & SLOT_MASK) - 1;
    }

    /** @return whether {@code generation} is the one {@code word} records (by its low bits) */
    static boolean sameGeneration(int word, long generation) {
        return (generation & GENERATION_MASK) == ((word >>> SLOT_BITS) & GENERATION_MASK);
    }

    /** @return {@code word} without the waiters bit */
    static int holder(int word) {
        return word & ~WAITERS;
    }
}

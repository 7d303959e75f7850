package io.shmproc.memory;

/**
 * Byte layout of one process-table slot in the arena (see {@link ArenaLayout}). A process attached to a
 * namespace owns one slot; whether it is alive is not stored here but told by the exclusive file lock it
 * holds on byte {@code slot} of the namespace's lock file (see {@link LockFile}).
 *
 * <pre>
 *   0                   8                   16                  24                          64
 *   +-------------------+-------------------+-------------------+---------------------------+
 *   | generation        | pid               | attached millis   | (reserved)                |
 *   +-------------------+-------------------+-------------------+---------------------------+
 * </pre>
 *
 * <p>The generation is incremented each time a process claims the slot, so a (slot, generation) pair
 * names one attachment for ever: a lock owner recorded as (3, 17) is known dead once slot 3 shows
 * generation 18, even though slot 3 is alive again. The pid is for people and tools only; it is never
 * used to decide liveness, because pids are reused.
 */
final class ProcessTableLayout {
    static final long SLOT_BYTES = 64;
    static final long GENERATION_OFFSET = 0;
    static final long PID_OFFSET = 8;
    static final long ATTACHED_MILLIS_OFFSET = 16;

    private ProcessTableLayout() {
    }

    static long slotOffset(int slot) {
        return ArenaLayout.processTableOffset() + slot * SLOT_BYTES;
    }
}

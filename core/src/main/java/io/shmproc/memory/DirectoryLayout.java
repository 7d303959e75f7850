package io.shmproc.memory;

/**
 * Byte layout of one entry of a namespace's name directory (see {@link ArenaLayout}). Entries are only
 * changed while holding the namespace's metadata lock; readers that do not hold it only read
 * {@link #STATE_OFFSET} with acquire semantics, which is written last.
 *
 * <pre>
 *   0         4         8                   16                  24        28        32
 *   +---------+---------+-------------------+-------------------+---------+---------+
 *   | state   | flags   | block offset      | block bytes       | creator | name    |
 *   |         |         | (0 if external)   |                   | slot    | length  |
 *   +---------+---------+-------------------+-------------------+---------+---------+
 *   | creator generation| object id         | name hash | (reserved)                    |
 *   +-------------------+-------------------+-----------+-------------------------------+ 64
 *   | name: UTF-8, up to MAX_NAME_BYTES                                                 |
 *   +-----------------------------------------------------------------------------------+ ENTRY_BYTES
 * </pre>
 *
 * <p>The object id is unique within the namespace's life, so a handle can tell its own object from a
 * later one created under the same name after an unlink.
 *
 * <p>States: {@link #FREE} (unused, or a heap block waiting to be reused when block bytes &gt; 0),
 * {@link #LIVE} (a named object), {@link #RETIRED} (unlinked, but another process may still map the
 * block, so it is never reused until the namespace is reclaimed).
 */
final class DirectoryLayout {
    static final int FREE = 0;
    static final int LIVE = 1;
    static final int RETIRED = 2;

    /** The object outlives its creator: not unlinked on close nor reclaimed when all processes die. */
    static final int FLAG_KEEP = 1;
    /** The object lives in a file of its own rather than in the arena heap. */
    static final int FLAG_EXTERNAL = 2;
    /** A process other than the creator attached it: its block may be mapped elsewhere. */
    static final int FLAG_SHARED = 4;

    static final long STATE_OFFSET = 0;
    static final long FLAGS_OFFSET = 4;
    static final long BLOCK_OFFSET_OFFSET = 8;
    static final long BLOCK_BYTES_OFFSET = 16;
    static final long CREATOR_SLOT_OFFSET = 24;
    static final long NAME_LENGTH_OFFSET = 28;
    static final long CREATOR_GENERATION_OFFSET = 32;
    static final long OBJECT_ID_OFFSET = 40;
    static final long NAME_HASH_OFFSET = 48;
    static final long NAME_OFFSET = 64;

    /** Longest object name, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 128;
    static final long ENTRY_BYTES = NAME_OFFSET + MAX_NAME_BYTES;

    private DirectoryLayout() {
    }

    static long entryOffset(int processSlots, int entry) {
        return ArenaLayout.directoryOffset(processSlots) + entry * ENTRY_BYTES;
    }
}

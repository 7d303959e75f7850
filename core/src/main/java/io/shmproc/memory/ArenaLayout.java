package io.shmproc.memory;

/**
 * Byte layout of a namespace's arena file ({@code .arena}): the file every process of the namespace maps.
 * It holds the namespace's configuration, its process table, its name directory and a heap for small
 * objects. All integers are in native byte order; every section starts on a 64-byte boundary.
 *
 * <pre>
 *   0                   8                   16                  24                  32
 *   +-------------------+---------+---------+-------------------+---------+---------+
 *   | magic "SHMPROC1"  | version | initlsd | arena bytes       | slots   | entries |   header
 *   +-------------------+---------+---------+-------------------+---------+---------+   (HEADER_BYTES)
 *   | heap top (bump pointer: offset of the first never-used heap byte) | next object id|
 *   +-------------------------------------------------------------------------------+
 *   | process table: slots x {@link ProcessTableLayout#SLOT_BYTES}                       |
 *   +-------------------------------------------------------------------------------+
 *   | name directory: entries x {@link DirectoryLayout#ENTRY_BYTES}                      |
 *   +-------------------------------------------------------------------------------+
 *   | heap: objects, each a {@link ObjectHeaderLayout} header then its payload,       |
 *   | each block a multiple of {@link #BLOCK_ALIGNMENT} bytes                          |
 *   +-------------------------------------------------------------------------------+
 * </pre>
 *
 * <p>The initialised word is written last, with release semantics, after the rest of the header: a
 * process that maps the file reads it with acquire semantics and trusts nothing else until it is 1.
 * Section offsets are derived from the slot and entry counts, so they are not stored.
 */
final class ArenaLayout {
    /** "SHMPROC1" as a little-endian long: tells a shmproc arena from any other file. */
    static final long MAGIC = 0x31434F52504D4853L;
    /** Bumped whenever any layout in this package changes incompatibly. */
    static final int FORMAT_VERSION = 1;

    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 8;
    static final long INITIALISED_OFFSET = 12;
    static final long ARENA_BYTES_OFFSET = 16;
    static final long PROCESS_SLOTS_OFFSET = 24;
    static final long DIRECTORY_ENTRIES_OFFSET = 28;
    static final long HEAP_TOP_OFFSET = 32;
    static final long NEXT_OBJECT_ID_OFFSET = 40;
    static final long HEADER_BYTES = 64;

    /** Blocks are cache-line aligned so that two objects never share a line (no false sharing). */
    static final long BLOCK_ALIGNMENT = 64;

    private ArenaLayout() {
    }

    static long processTableOffset() {
        return HEADER_BYTES;
    }

    static long directoryOffset(int processSlots) {
        return processTableOffset() + (long) processSlots * ProcessTableLayout.SLOT_BYTES;
    }

    static long heapOffset(int processSlots, int directoryEntries) {
        return directoryOffset(processSlots) + (long) directoryEntries * DirectoryLayout.ENTRY_BYTES;
    }

    static long alignBlock(long bytes) {
        return (bytes + BLOCK_ALIGNMENT - 1) & -BLOCK_ALIGNMENT;
    }
}

package io.shmproc.memory;

import static io.shmproc.memory.DirectoryLayout.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The name directory in a namespace's arena: reading and writing {@link DirectoryLayout} entries.
 * Every method that changes an entry must be called with the namespace's metadata lock held.
 */
final class ObjectDirectory {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment arena;
    private final int processSlots;
    private final int capacity;

    ObjectDirectory(MemorySegment arena, int processSlots, int capacity) {
        this.arena = arena;
        this.processSlots = processSlots;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** @return the index of the live entry named {@code name}, or -1 */
    int find(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int hash = name.hashCode();
        for (int i = 0; i < capacity; i++) {
            long base = entryOffset(processSlots, i);
            if (state(i) == LIVE && arena.get(ValueLayout.JAVA_INT, base + NAME_HASH_OFFSET) == hash
                    && nameEquals(base, utf8)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the live or retired entry of object {@code objectId}, or -1 */
    int findById(long objectId) {
        for (int i = 0; i < capacity; i++) {
            if (state(i) != FREE && arena.get(ValueLayout.JAVA_LONG, entryOffset(processSlots, i) + OBJECT_ID_OFFSET) == objectId) {
                return i;
            }
        }
        return -1;
    }

    /** @return an entry that holds nothing (no name, no block), or -1 if all are used */
    int findUnused() {
        for (int i = 0; i < capacity; i++) {
            if (state(i) == FREE && blockBytes(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the free heap block of at least {@code bytes} that wastes least, or -1 */
    int findFreeBlock(long bytes) {
        int best = -1;
        for (int i = 0; i < capacity; i++) {
            long size = blockBytes(i);
            if (state(i) == FREE && size >= bytes && (best < 0 || size < blockBytes(best))) {
                best = i;
            }
        }
        return best;
    }

    Entry read(int i) {
        long base = entryOffset(processSlots, i);
        int nameLength = arena.get(ValueLayout.JAVA_INT, base + NAME_LENGTH_OFFSET);
        byte[] utf8 = new byte[nameLength];
        MemorySegment.copy(arena, ValueLayout.JAVA_BYTE, base + NAME_OFFSET, utf8, 0, nameLength);
        return new Entry(i, state(i), arena.get(ValueLayout.JAVA_INT, base + FLAGS_OFFSET),
                arena.get(ValueLayout.JAVA_LONG, base + BLOCK_OFFSET_OFFSET), blockBytes(i),
                new ProcessId(arena.get(ValueLayout.JAVA_INT, base + CREATOR_SLOT_OFFSET),
                        arena.get(ValueLayout.JAVA_LONG, base + CREATOR_GENERATION_OFFSET)),
                arena.get(ValueLayout.JAVA_LONG, base + OBJECT_ID_OFFSET),
                new String(utf8, StandardCharsets.UTF_8));
    }

    /** Writes a whole entry and makes it live; the state is written last. */
    void publish(Entry e) {
        long base = entryOffset(processSlots, e.index());
        byte[] utf8 = e.name().getBytes(StandardCharsets.UTF_8);
        arena.set(ValueLayout.JAVA_INT, base + FLAGS_OFFSET, e.flags());
        arena.set(ValueLayout.JAVA_LONG, base + BLOCK_OFFSET_OFFSET, e.blockOffset());
        arena.set(ValueLayout.JAVA_LONG, base + BLOCK_BYTES_OFFSET, e.blockBytes());
        arena.set(ValueLayout.JAVA_INT, base + CREATOR_SLOT_OFFSET, e.creator().slot());
        arena.set(ValueLayout.JAVA_LONG, base + CREATOR_GENERATION_OFFSET, e.creator().generation());
        arena.set(ValueLayout.JAVA_LONG, base + OBJECT_ID_OFFSET, e.objectId());
        arena.set(ValueLayout.JAVA_INT, base + NAME_HASH_OFFSET, e.name().hashCode());
        arena.set(ValueLayout.JAVA_INT, base + NAME_LENGTH_OFFSET, utf8.length);
        MemorySegment.copy(utf8, 0, arena, ValueLayout.JAVA_BYTE, base + NAME_OFFSET, utf8.length);
        INT.setRelease(arena, base + STATE_OFFSET, e.state());
    }

    void setState(int i, int state) {
        INT.setRelease(arena, entryOffset(processSlots, i) + STATE_OFFSET, state);
    }

    void addFlags(int i, int flags) {
        long at = entryOffset(processSlots, i) + FLAGS_OFFSET;
        arena.set(ValueLayout.JAVA_INT, at, arena.get(ValueLayout.JAVA_INT, at) | flags);
    }

    /** Forgets the entry's block too: used when the heap is reset. */
    void clear(int i) {
        long base = entryOffset(processSlots, i);
        arena.set(ValueLayout.JAVA_LONG, base + BLOCK_BYTES_OFFSET, 0L);
        arena.set(ValueLayout.JAVA_LONG, base + BLOCK_OFFSET_OFFSET, 0L);
        setState(i, FREE);
    }

    /** @return every entry in state {@code state} */
    List<Entry> entries(int state) {
        List<Entry> result = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            if (state(i) == state) {
                result.add(read(i));
            }
        }
        return result;
    }

    private int state(int i) {
        return (int) INT.getAcquire(arena, entryOffset(processSlots, i) + STATE_OFFSET);
    }

    private long blockBytes(int i) {
        return arena.get(ValueLayout.JAVA_LONG, entryOffset(processSlots, i) + BLOCK_BYTES_OFFSET);
    }

    private boolean nameEquals(long base, byte[] utf8) {
        if (arena.get(ValueLayout.JAVA_INT, base + NAME_LENGTH_OFFSET) != utf8.length) {
            return false;
        }
        return MemorySegment.mismatch(arena, base + NAME_OFFSET, base + NAME_OFFSET + utf8.length,
                MemorySegment.ofArray(utf8), 0, utf8.length) < 0;
    }

    /** One directory entry as read. */
    record Entry(int index, int state, int flags, long blockOffset, long blockBytes, ProcessId creator,
                 long objectId, String name) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }
}

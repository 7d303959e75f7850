package io.shmproc.shared;

import io.shmproc.memory.ProcessId;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of a {@link ShareableList}: a control block, a table of slots, then two copies of every
 * slot's value.
 *
 * <pre>
 *   control block (64 bytes, written once by the creator):
 *      0  slots         int    how many values the list holds
 *      4  reserved      int
 *      8  dataBytes     long   bytes of the data area after the table
 *
 *   slot table, slot i at 64 + 32 x i:
 *      0  version       long   how many values were ever published into the slot; copy (version &amp; 1) is current
 *      8  writer        long   0 = no writer, else the process writing the slot (see below)
 *     16  copyOffset    long   payload offset of the slot's copy 0; copy 1 follows at copyOffset + 8 + capacity
 *     24  capacity      int    value bytes each copy holds: a multiple of 8, fixed at creation
 *     28  reserved      int
 *
 *   a copy (8-byte aligned, in the data area from 64 + 32 x slots):
 *      0  type          int    0 null, 1 int, 2 long, 3 double, 4 boolean, 5 String (UTF-8), 6 byte[]
 *      4  length        int    value bytes that follow: 0, 4, 8, 8, 1, or any up to capacity for 5 and 6
 *      8  value         capacity bytes; an int, long or double in the machine's byte order
 *
 *   writer:  63 ................................ 20   19 ............ 0
 *           +------------------------------------+------------------+
 *           | the writer's generation, low 44 bits|  its slot + 1    |      0 = free
 *           +------------------------------------+------------------+
 *           (slot and generation of its attachment to the namespace's process table)
 * </pre>
 *
 * <b>Why two copies.</b> A writer takes the slot by one compare-and-set of {@code writer}, writes the
 * whole value into the copy that is not current, publishes it by raising {@code version} (release),
 * and frees {@code writer}. So the current copy is never written while it is current: a writer killed
 * at any instant leaves the previous value intact and readable, and the next writer that finds
 * {@code writer} naming a dead process takes the slot over and overwrites the half-written copy, which
 * no reader ever saw. A reader reads {@code version}, the current copy, then {@code version} again, and
 * retries if it moved; it never waits for, or takes, anything a writer holds.
 */
final class ShareableListLayout {
    static final String KIND = "SLST";
    static final String DESCRIPTOR = "shareable-list-v1";

    static final long CONTROL_BYTES = 64;
    static final long SLOTS_OFFSET = 0;
    static final long DATA_BYTES_OFFSET = 8;

    static final long SLOT_ENTRY_BYTES = 32;
    static final long VERSION_OFFSET = 0;
    static final long WRITER_OFFSET = 8;
    static final long COPY_OFFSET_OFFSET = 16;
    static final long CAPACITY_OFFSET = 24;

    static final long COPY_HEADER_BYTES = 8;
    static final long TYPE_OFFSET = 0;
    static final long LENGTH_OFFSET = 4;
    static final long VALUE_OFFSET = 8;

    static final int TYPE_NULL = 0;
    static final int TYPE_INT = 1;
    static final int TYPE_LONG = 2;
    static final int TYPE_DOUBLE = 3;
    static final int TYPE_BOOLEAN = 4;
    static final int TYPE_STRING = 5;
    static final int TYPE_BYTES = 6;

    /** The most value bytes one slot may hold. */
    static final int MAX_CAPACITY = 1 << 30;
    /** The least capacity of a slot, as in Python: room for any number. */
    static final int MIN_CAPACITY = 8;

    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private static final int SLOT_BITS = 20;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final long GENERATION_MASK = (1L << (Long.SIZE - SLOT_BITS)) - 1;

    private ShareableListLayout() {
    }

    static long slotEntry(int slot) {
        return CONTROL_BYTES + SLOT_ENTRY_BYTES * slot;
    }

    static long tableEnd(long slots) {
        return CONTROL_BYTES + SLOT_ENTRY_BYTES * slots;
    }

    /** @return the bytes one copy of a slot of {@code capacity} takes */
    static long copyBytes(int capacity) {
        return COPY_HEADER_BYTES + capacity;
    }

    /** @return the capacity for a value of {@code length} bytes and an asked-for minimum: a multiple of 8 */
    static int capacityFor(int length, int minimum) {
        long wanted = Math.max(MIN_CAPACITY, Math.max(length, minimum));
        return (int) Math.min(MAX_CAPACITY, (wanted + 7) & ~7L);
    }

    /** @return the {@code writer} word naming attachment {@code id} */
    static long writerToken(ProcessId id) {
        return (id.generation() & GENERATION_MASK) << SLOT_BITS | (id.slot() + 1L);
    }

    /** @return the process-table slot that {@code writer} (not 0) names */
    static int writerSlot(long writer) {
        return (int) (writer & SLOT_MASK) - 1;
    }

    /** @return whether {@code writer} names the attachment of generation {@code generation} (by its low bits) */
    static boolean sameGeneration(long writer, long generation) {
        return (writer >>> SLOT_BITS) == (generation & GENERATION_MASK);
    }

    /** @return the value length that type {@code type} fixes, or -1 for String and byte[], -2 for no such type */
    static int fixedLength(int type) {
        return switch (type) {
            case TYPE_NULL -> 0;
            case TYPE_INT -> Integer.BYTES;
            case TYPE_LONG, TYPE_DOUBLE -> Long.BYTES;
            case TYPE_BOOLEAN -> 1;
            case TYPE_STRING, TYPE_BYTES -> -1;
            default -> -2;
        };
    }
}

package io.shmproc.shared;

import static io.shmproc.shared.ShareableListLayout.*;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.ProcessTable;
import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-length list of values in shared memory: Python's {@code multiprocessing.shared_memory.ShareableList}.
 * It holds {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code String}, {@code byte[]}
 * and {@code null}, and {@link #get} returns a value of the type that was stored ({@code 7} stays an
 * {@code Integer}, {@code 7L} a {@code Long}). A slot's type may change on {@link #set}, as in Python.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      ShareableList list = ShareableList.create(ns, "list", Arrays.asList("howdy", 42, -2.5, true, null))) {
 *     list.set(0, "hi");                      // fits: the slot holds 8 bytes
 *     list.set(4, new byte[] {1, 0, 0});      // null becomes bytes
 *     // another process: ShareableList.attach(ns, "list").get(0) is "hi"
 * }
 * }</pre>
 *
 * <p><b>Sizes.</b> Each slot holds a fixed number of value bytes, set at creation from its initial
 * value: 8, or the initial String's UTF-8 or byte array's length rounded up to a multiple of 8, or
 * {@code minimumSlotBytes} if that is more ({@link #create(Namespace, String, List, int)} reserves room
 * this way). A value that does not fit is refused with a {@link ValueTooLargeException} naming both
 * sizes, and the slot is unchanged. Unlike Python's, a slot records its value's length, so Strings and
 * byte arrays that end in NUL bytes read back whole.
 *
 * <p><b>Concurrency.</b> Every {@link #get} returns a value that some {@link #set} stored whole,
 * never a mix of two. Readers take nothing: they retry while a write to the slot completes under them.
 * Writers to one slot take turns (different slots never interfere): concurrent {@code set}s of one
 * slot, from any threads and processes, are applied one at a time in some order, each all or nothing,
 * and the slot ends holding the value of the last; {@link #getAndSet} returns exactly the value its
 * write replaced. A writer killed at any instant, even {@code kill -9} halfway through copying a
 * value, leaves the slot's previous value intact: readers never notice, and the next writer takes the
 * slot over once it sees (through the namespace's process table) that the dead one's process is gone.
 * A writer waits only while a live process is writing the same slot, which takes one memory copy
 * unless that process is stopped. Different slots are independent: reading the list slot by slot while
 * others write may see some slots before and others after a change, as iterating a Python list would.
 *
 * <p><b>Where it lives.</b> A list is an object of a {@link Namespace}, not a raw
 * {@code SharedMemory} region as in Python: the namespace's process table is what tells a dead writer
 * from a slow one, and the namespace gives the list its type check on attach, its clean-up when the
 * creator closes it, and serialisation by name. Python cannot read the list's layout in any case.
 *
 * <p>{@link #asList()} is a live fixed-size {@link List} view (for {@code indexOf}, streams and the
 * like), and {@link #toList()} a snapshot.
 */
public final class ShareableList extends io.shmproc.memory.SharedObject implements Iterable<Object> {
    private static final ObjectType TYPE = new ObjectType(KIND, DESCRIPTOR);
    private static final int SPINS = 200;
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final transient MemorySegment memory;
    /** Copied out at attach, after checking them, so that no access trusts offsets read from shared memory. */
    private final transient long[] copyOffsets;
    private final transient int[] capacities;
    private final transient long me;
    private final transient ProcessTable processes;

    private ShareableList(Region region) {
        super(region);
        this.memory = region.payload();
        long slots = memory.get(ValueLayout.JAVA_INT, SLOTS_OFFSET);
        long size = memory.byteSize();
        if (slots < 0 || tableEnd(slots) > size) {
            region.close();
            throw corrupt(region, "claims " + slots + " slots in " + size + " bytes");
        }
        copyOffsets = new long[(int) slots];
        capacities = new int[(int) slots];
        for (int i = 0; i < slots; i++) {
            long entry = slotEntry(i);
            long offset = memory.get(ValueLayout.JAVA_LONG, entry + COPY_OFFSET_OFFSET);
            int capacity = memory.get(ValueLayout.JAVA_INT, entry + CAPACITY_OFFSET);
            if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || offset < tableEnd(slots) || (offset & 7) != 0
                    || offset > size - 2 * copyBytes(capacity)) {
                region.close();
                throw corrupt(region, "has slot " + i + " of " + capacity + " bytes at offset " + offset);
            }
            copyOffsets[i] = offset;
            capacities[i] = capacity;
        }
        this.me = writerToken(region.namespace().self());
        this.processes = region.namespace().processes();
    }

    /**
     * Creates list {@code name} holding {@code values} (which may contain nulls: use
     * {@code Arrays.asList}), each slot sized for its initial value as Python sizes it.
     *
     * @throws IllegalArgumentException if a value is of a type the list cannot hold
     * @throws io.shmproc.memory.ObjectExistsException if the namespace has an object of that name
     */
    public static ShareableList create(Namespace ns, String name, List<?> values) {
        return create(ns, name, values, 0);
    }

    /**
     * As {@link #create(Namespace, String, List)}, with every slot holding at least
     * {@code minimumSlotBytes} value bytes (rounded up to a multiple of 8): room for longer Strings or
     * byte arrays than the initial ones.
     *
     * @throws IllegalArgumentException if {@code minimumSlotBytes} is negative or above 2^30
     */
    public static ShareableList create(Namespace ns, String name, List<?> values, int minimumSlotBytes) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(values, "values");
        if (minimumSlotBytes < 0 || minimumSlotBytes > MAX_CAPACITY) {
            throw new IllegalArgumentException("minimumSlotBytes of shareable list '" + name + "' is " + minimumSlotBytes
                    + "; it must be 0 to " + MAX_CAPACITY);
        }
        List<SlotValues.Encoded> encoded = new ArrayList<>(values.size());
        int[] capacity = new int[values.size()];
        long dataBytes = 0;
        for (Object value : values) {
            SlotValues.Encoded e;
            try {
                e = SlotValues.encode(value);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("value " + encoded.size() + " of shareable list '" + name + "': "
                        + bad.getMessage());
            }
            if (e.length() > MAX_CAPACITY) {
                throw new ValueTooLargeException("shareable list '" + name + "'", encoded.size(), SlotValues.describe(e),
                        e.length(), MAX_CAPACITY);
            }
            capacity[encoded.size()] = capacityFor(e.length(), minimumSlotBytes);
            dataBytes += 2 * copyBytes(capacity[encoded.size()]);
            encoded.add(e);
        }
        long tableEnd = tableEnd(encoded.size());
        long totalData = dataBytes;
        return new ShareableList(ns.create(name, TYPE, tableEnd + dataBytes, p -> {
            p.set(ValueLayout.JAVA_INT, SLOTS_OFFSET, encoded.size());
            p.set(ValueLayout.JAVA_LONG, DATA_BYTES_OFFSET, totalData);
            long offset = tableEnd;
            for (int i = 0; i < encoded.size(); i++) {
                long entry = slotEntry(i);
                p.set(ValueLayout.JAVA_LONG, entry + COPY_OFFSET_OFFSET, offset);
                p.set(ValueLayout.JAVA_INT, entry + CAPACITY_OFFSET, capacity[i]);
                SlotValues.write(p, offset, encoded.get(i)); // copy 0 is current at version 0
                offset += 2 * copyBytes(capacity[i]);
            }
        }));
    }

    /**
     * Attaches the existing list {@code name}: Python's {@code ShareableList(name=name)}.
     *
     * @throws io.shmproc.memory.ObjectNotFoundException if there is no such object
     * @throws IncompatibleObjectException if it is not a shareable list
     */
    public static ShareableList attach(Namespace ns, String name) {
        return new ShareableList(ns.attach(name, TYPE));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.SHAREABLE_LIST;
    }

    /** @return the number of slots, fixed at creation */
    public int size() {
        return capacities.length;
    }

    /** @return the most value bytes slot {@code index} holds (UTF-8 bytes for a String) */
    public int slotBytes(int index) {
        return capacities[Objects.checkIndex(index, capacities.length)];
    }

    /**
     * @return the value of slot {@code index}: one that a {@link #set} stored whole (a fresh array for a
     *     byte[], which the caller may change freely)
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public Object get(int index) {
        region.checkOpen();
        Objects.checkIndex(index, capacities.length);
        long entry = slotEntry(index);
        long copy0 = copyOffsets[index];
        int capacity = capacities[index];
        long copyBytes = copyBytes(capacity);
        for (;;) {
            long version = (long) LONG.getAcquire(memory, entry + VERSION_OFFSET);
            Object read = SlotValues.read(memory, copy0 + (version & 1) * copyBytes, capacity);
            VarHandle.acquireFence(); // the copy's reads complete before the version is checked again
            if ((long) LONG.getAcquire(memory, entry + VERSION_OFFSET) == version && read != SlotValues.TORN) {
                return SlotValues.finish(read);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Stores {@code value} in slot {@code index}, replacing whatever type it held.
     *
     * @throws ValueTooLargeException if the value's bytes exceed {@link #slotBytes(int)}; nothing changed
     * @throws IllegalArgumentException if {@code value} is not one of the types a list holds
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public void set(int index, Object value) {
        write(index, value, false);
    }

    /**
     * As {@link #set}, returning the value the write replaced: with concurrent writers, each
     * {@code getAndSet} returns a different value, the one its own write replaced.
     */
    public Object getAndSet(int index, Object value) {
        return write(index, value, true);
    }

    private Object write(int index, Object value, boolean returnPrevious) {
        region.checkOpen();
        Objects.checkIndex(index, capacities.length);
        SlotValues.Encoded encoded = SlotValues.encode(value);
        int capacity = capacities[index];
        if (encoded.length() > capacity) {
            throw new ValueTooLargeException("shareable list '" + name() + "'", index, SlotValues.describe(encoded),
                    encoded.length(), capacity);
        }
        long entry = slotEntry(index);
        long copyBytes = copyBytes(capacity);
        takeSlot(entry + WRITER_OFFSET);
        try {
            // Only the slot's writer moves the version, so while it is ours a plain read is exact.
            long version = (long) LONG.getAcquire(memory, entry + VERSION_OFFSET);
            Object previous = null;
            if (returnPrevious) {
                previous = SlotValues.read(memory, copyOffsets[index] + (version & 1) * copyBytes, capacity);
                if (previous == SlotValues.TORN) { // no writer ever leaves the current copy so: not our bytes
                    throw corrupt(region, "has a current value in slot " + index + " that is not a value");
                }
                previous = SlotValues.finish(previous);
            }
            SlotValues.write(memory, copyOffsets[index] + ((version + 1) & 1) * copyBytes, encoded);
            LONG.setRelease(memory, entry + VERSION_OFFSET, version + 1);
            return previous;
        } finally {
            LONG.compareAndSet(memory, entry + WRITER_OFFSET, me, 0L);
        }
    }

    /**
     * Takes the slot for writing: at once if it is free; by spinning, then parking, while another
     * writer has it; by taking it over if that writer's process is dead. Liveness costs a system call,
     * so it is checked only once a wait has outlasted a write, and then every few milliseconds.
     */
    private void takeSlot(long writerAt) {
        if (LONG.compareAndSet(memory, writerAt, 0L, me)) {
            return;
        }
        boolean interrupted = false;
        long nextLivenessCheck = System.nanoTime();
        for (int spins = 0; ; spins++) {
            long owner = (long) LONG.getVolatile(memory, writerAt);
            if (owner == 0L) {
                if (LONG.compareAndSet(memory, writerAt, 0L, me)) {
                    break;
                }
                continue;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            if (owner != me && System.nanoTime() - nextLivenessCheck >= 0) {
                if (!writerAlive(owner) && LONG.compareAndSet(memory, writerAt, owner, me)) {
                    break; // its half-written copy was never current: overwriting it is all the repair
                }
                nextLivenessCheck = System.nanoTime() + LIVENESS_CHECK_NANOS;
            }
            // A set is not interruptible; an interrupt must not turn the park into a busy loop.
            interrupted |= Thread.interrupted();
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean writerAlive(long writer) {
        int slot = writerSlot(writer);
        if (slot < 0 || slot >= processes.capacity()) {
            return false; // names no process at all: a corrupt word, which only a take-over can clear
        }
        return sameGeneration(writer, processes.generation(slot)) && processes.isAlive(slot);
    }

    /** @return the first index whose value equals {@code value} (byte arrays by content), or -1 */
    public int indexOf(Object value) {
        for (int i = 0; i < capacities.length; i++) {
            if (SlotValues.same(value, get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** @return how many slots hold a value equal to {@code value} (byte arrays by content) */
    public int count(Object value) {
        int count = 0;
        for (int i = 0; i < capacities.length; i++) {
            if (SlotValues.same(value, get(i))) {
                count++;
            }
        }
        return count;
    }

    /** @return whether some slot holds a value equal to {@code value} */
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    /** @return an iterator reading each slot as it reaches it; {@code remove} is not supported */
    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < capacities.length;
            }

            @Override
            public Object next() {
                if (next >= capacities.length) {
                    throw new NoSuchElementException("the shareable list has " + capacities.length + " slots");
                }
                return get(next++);
            }
        };
    }

    /** @return the values now, slot by slot, as an unmodifiable list (which may hold nulls) */
    public List<Object> toList() {
        List<Object> values = new ArrayList<>(capacities.length);
        for (Object value : this) {
            values.add(value);
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * @return a live fixed-size {@link List} view: {@code get} and {@code set} go to the shared slots;
     *     {@code add} and {@code remove} throw {@link UnsupportedOperationException}. Its {@code equals}
     *     compares byte arrays by identity, as {@code List}'s contract says; {@link #indexOf} here does not.
     */
    public List<Object> asList() {
        return new View();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ShareableList[").append(namespace().name()).append('/').append(name())
                .append(": [");
        for (int i = 0; i < capacities.length; i++) {
            Object value = get(i);
            out.append(i == 0 ? "" : ", ").append(value instanceof byte[] b ? java.util.Arrays.toString(b) : value);
        }
        return out.append("]]").toString();
    }

    private static IncompatibleObjectException corrupt(Region region, String what) {
        return new IncompatibleObjectException("shareable list '" + region.name() + "' in namespace '"
                + region.namespace().name() + "' " + what + ": it is corrupt or not ours; unlink it and create it again");
    }

    private final class View extends AbstractList<Object> implements RandomAccess {
        @Override
        public Object get(int index) {
            return ShareableList.this.get(index);
        }

        @Override
        public Object set(int index, Object value) {
            return getAndSet(index, value);
        }

        @Override
        public int size() {
            return capacities.length;
        }
    }
}

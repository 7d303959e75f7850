package io.shmproc.collections;

import static io.shmproc.collections.SharedListLayout.*;

import io.shmproc.channel.Codec;
import io.shmproc.channel.CodecException;
import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SegmentBuffer;
import io.shmproc.memory.SharedReference;
import io.shmproc.sync.EmbeddedMutex;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A {@link List} in shared memory that every process of a namespace reads and updates directly, with no
 * server process: Python's {@code Manager().list()} without the sockets, and with atomic read-modify-write.
 * Elements of any length go through a {@link Codec}.
 *
 * <pre>{@code
 * // any number of processes, each:
 * try (Namespace ns = Namespace.open("jobs");
 *      SharedList<String> done = SharedList.builder(Codecs.string()).maxElements(10_000).open(ns, "done")) {
 *     done.add("job-17");                               // atomic across processes: no append is lost
 *     done.update(0, first -> first + " (checked)");    // read-modify-write of one element, atomically
 *     List<String> now = done.snapshot();                // a copy taken at one moment
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Atomic across processes</b>: every method runs under the list's one lock, whole: {@code add},
 *       {@code add(index, e)}, {@code addAll} (all elements or none), {@code set}, {@code remove},
 *       {@code removeIf}, {@code removeAll}, {@code retainAll}, {@link #removeRange}, {@code replaceAll},
 *       {@code sort}, {@code clear}, {@link #update}, {@link #compareAndSet}, {@link #addIfAbsent},
 *       {@code removeFirst}/{@code removeLast} included. A function given to one of them runs in the calling
 *       process while the lock is held, so it should be short, and it must not use this list (doing so throws
 *       {@link IllegalStateException}). A function that throws leaves the list as it was.</li>
 *   <li><b>Elements are equal when their encoded bytes are equal</b>, for {@code indexOf},
 *       {@code lastIndexOf}, {@code contains}, {@code remove(Object)}, {@link #addIfAbsent} and
 *       {@link #compareAndSet}; {@code removeAll}, {@code retainAll}, {@code equals} and {@code hashCode}
 *       use the decoded elements' {@code equals} and {@code hashCode}, as {@link List} says.</li>
 *   <li><b>Iteration works on a snapshot</b>: {@link #iterator()}, {@link #listIterator()},
 *       {@link #spliterator()} (so streams), {@code forEach}, {@code toArray}, {@code toString} and
 *       {@code equals} read the whole list once under the lock and then walk that copy, which other
 *       processes' updates do not change. The iterators cannot change the list (they throw
 *       {@link UnsupportedOperationException}): use the atomic bulk methods instead. {@link #subList} is a
 *       copy too, not a view: a range taken at one moment, which cannot be changed.</li>
 *   <li><b>Crash safety</b>: a process killed in the middle of an update leaves it half done; the next
 *       process to take the lock rolls it back from the undo log before doing anything else (see
 *       {@link SharedListLayout}). The update then never happened, which is what its caller, which never
 *       returned, may assume. {@link #repairs()} counts these rollbacks.</li>
 *   <li><b>Capacity is fixed</b> at creation (see {@link Builder}): at most {@code maxElements} elements,
 *       whose blocks (8 bytes of header plus the encoded bytes, rounded up to a multiple of 8) take at most
 *       {@code maxBytes}. An update must find room for what it writes before what it replaces is released.
 *       An update with no room throws {@link ListFullException} and changes nothing. Removed and replaced
 *       elements' bytes are reused: when the heap's top is reached, the live elements are compacted into
 *       a second heap, so a list whose contents stay small never fills up however often it is updated.</li>
 *   <li>Null elements are refused with {@link NullPointerException}; asking for a null, or for an object
 *       that is not an {@code E}, answers -1 or false. A bad index gives an {@link IndexOutOfBoundsException}
 *       that names the list and its size at that moment.</li>
 * </ul>
 *
 * <table class="striped">
 *   <caption>Python's list proxy and this list</caption>
 *   <thead><tr><th>Python</th><th>SharedList</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code l.append(x)}, {@code l.extend(xs)}, {@code l.insert(i, x)}</td>
 *       <td>{@code add(x)}, {@code addAll(xs)}, {@code add(i, x)}</td></tr>
 *   <tr><td>{@code l[i]}, {@code l[i] = x}, {@code l[i] += 1} (a race in Python)</td>
 *       <td>{@code get(i)}, {@code set(i, x)}, {@code update(i, n -> n + 1)} (atomic)</td></tr>
 *   <tr><td>{@code l.pop()}, {@code l.pop(i)}, {@code l.remove(x)}, {@code del l[a:b]}</td>
 *       <td>{@code removeLast()}, {@code remove(i)}, {@code remove(x)}, {@code removeRange(a, b)}</td></tr>
 *   <tr><td>{@code l.index(x)}, {@code x in l}, {@code len(l)}, {@code l[a:b]}, {@code list(l)}</td>
 *       <td>{@code indexOf(x)}, {@code contains(x)}, {@code size()}, {@code subList(a, b)}, {@code snapshot()}</td></tr>
 *   <tr><td>{@code l.sort(key=f)}, {@code l.reverse()}</td>
 *       <td>{@code sort(Comparator.comparing(f))}, {@link #reverse()}</td></tr>
 *   </tbody>
 * </table>
 * Helpers of {@link java.util.Collections} that change a list through its list iterator ({@code reverse},
 * {@code shuffle} and {@code fill} of long lists) throw here, since the iterator walks a snapshot; use the
 * list's own atomic methods instead.
 *
 * <p>{@link #size()} reads the shared count without the lock when no update is under way. Every other
 * read takes the lock: a CAS when it is free, a spin and then a futex sleep when not. Beyond what the codec
 * allocates, {@code get}, {@code set}, {@code add} and {@code remove} allocate nothing: each thread encodes
 * into scratch buffers of its own. Appending and removing the last element are O(1); inserting and removing
 * elsewhere move the index (8 bytes an element) as {@link ArrayList} does, not the elements.
 *
 * @param <E> the element type
 */
public final class SharedList<E> extends AbstractList<E> implements RandomAccess, AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /**
     * Test hook: with {@code -Dio.shmproc.collections.crashAtStep=n} the process halts (as if SIGKILLed, with
     * no finally block or shutdown hook run) at the n-th step of its list updates. 0 (the default) disables it.
     */
    private static final int CRASH_AT_STEP = Integer.getInteger("io.shmproc.collections.crashAtStep", 0);
    private static int crashSteps;
    private static final long NO_SLOTS = -1;

    private final transient Region region;
    private final transient MemorySegment memory;
    private final transient Codec<E> codec;
    private final transient EmbeddedMutex mutex;
    private final transient long maxElements;
    private final transient long heapBytes;
    private final transient String description;
    private final transient ThreadLocal<Worker> workers;

    private SharedList(Region region, Codec<E> codec) {
        this.region = region;
        this.memory = region.payload();
        this.codec = codec;
        this.description = "shared list '" + region.name() + "' of namespace '" + region.namespace().name() + "'";
        this.maxElements = (long) LONG.get(memory, MAX_ELEMENTS_OFFSET);
        this.heapBytes = (long) LONG.get(memory, HEAP_BYTES_OFFSET);
        if (maxElements < 1 || maxElements > MOST_ELEMENTS || heapBytes < 8 || (heapBytes & 7) != 0
                || payloadBytes(maxElements, heapBytes) > memory.byteSize()) {
            throw new IllegalStateException(description + " has a damaged header: " + maxElements + " elements and "
                    + heapBytes + " heap bytes in " + memory.byteSize() + " bytes");
        }
        this.mutex = new EmbeddedMutex(region, memory.asSlice(MUTEX, EmbeddedMutex.BYTES), region.name());
        this.workers = ThreadLocal.withInitial(Worker::new);
    }

    /** @return a builder of a list whose elements this codec encodes */
    public static <E> Builder<E> builder(Codec<E> codec) {
        return new Builder<>(codec);
    }

    /**
     * Attaches the existing list {@code name}, with the capacity it was created with.
     *
     * @throws io.shmproc.memory.ObjectNotFoundException if there is none
     * @throws io.shmproc.memory.IncompatibleObjectException if {@code name} is not a list, or was created with a
     *                                                       codec of another descriptor
     */
    public static <E> SharedList<E> attach(Namespace ns, String name, Codec<E> codec) {
        return new SharedList<>(ns.attach(name, type(codec)), codec);
    }

    static ObjectType type(Codec<?> codec) {
        return new ObjectType(KIND, "list<" + codec.descriptor() + ">");
    }

    // ---------------------------------------------------------------- reading

    /**
     * @return the number of elements: exact when no update is under way (an update left half done by a dead
     *         process is rolled back first)
     */
    @Override
    public int size() {
        region.checkOpen();
        if ((long) LONG.getAcquire(memory, UNDO_COUNT) != 0) {
            lock();      // an update under way, or a dead one's: taking the lock settles it
            unlock();
        }
        return (int) (long) LONG.getAcquire(memory, COUNT);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()} */
    @Override
    public E get(int index) {
        Worker w = worker();
        lock();
        try {
            return decode(block(checkIndex(index, count())), w);
        } finally {
            unlock();
        }
    }

    /** @throws NoSuchElementException if the list is empty */
    @Override
    public E getFirst() {
        Worker w = worker();
        lock();
        try {
            checkNotEmpty(count());
            return decode(block(0), w);
        } finally {
            unlock();
        }
    }

    /** @throws NoSuchElementException if the list is empty */
    @Override
    public E getLast() {
        Worker w = worker();
        lock();
        try {
            int count = count();
            checkNotEmpty(count);
            return decode(block(count - 1), w);
        } finally {
            unlock();
        }
    }

    /** @return the first index of an element whose encoded bytes are those of {@code o}, or -1 */
    @Override
    public int indexOf(Object o) {
        Worker w = worker();
        if (!w.encodeProbe(o)) {
            return -1;
        }
        lock();
        try {
            return find(w.probe, 0);
        } finally {
            unlock();
        }
    }

    /** @return the last index of an element whose encoded bytes are those of {@code o}, or -1 */
    @Override
    public int lastIndexOf(Object o) {
        Worker w = worker();
        if (!w.encodeProbe(o)) {
            return -1;
        }
        lock();
        try {
            for (int i = count() - 1; i >= 0; i--) {
                if (bytesEqual(block(i), w.probe, 0)) {
                    return i;
                }
            }
            return -1;
        } finally {
            unlock();
        }
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    /** @return a copy of the list taken at one moment, which the caller may change freely */
    public List<E> snapshot() {
        Worker w = worker();
        lock();
        try {
            int count = count();
            List<E> copy = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                copy.add(decode(block(i), w));
            }
            return copy;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- adding

    /**
     * Appends {@code element}, atomically across processes.
     *
     * @return true
     * @throws ListFullException if the list holds {@code maxElements} elements or has no room for its bytes
     */
    @Override
    public boolean add(E element) {
        Worker w = worker();
        w.batch.encodeOne(element);
        lock();
        try {
            insert(count(), w.batch);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Inserts {@code element} at {@code index}, moving what follows up by one.
     *
     * @throws IndexOutOfBoundsException if {@code index} is above {@link #size()}
     * @throws ListFullException         if there is no room
     */
    @Override
    public void add(int index, E element) {
        Worker w = worker();
        w.batch.encodeOne(element);
        lock();
        try {
            insert(checkPosition(index, count()), w.batch);
        } finally {
            unlock();
        }
    }

    /**
     * Appends every element of {@code elements}, in its iteration order, atomically: either all are added
     * (and no other process's update comes between them) or, if there is no room, none.
     *
     * @return whether the list changed
     * @throws NullPointerException if an element is null (nothing is added)
     */
    @Override
    public boolean addAll(Collection<? extends E> elements) {
        Worker w = worker();
        w.batch.encodeAll(elements == this ? snapshot() : elements);
        lock();
        try {
            insert(count(), w.batch);
            return w.batch.count > 0;
        } finally {
            unlock();
        }
    }

    /** As {@link #addAll(Collection)}, inserting at {@code index}. */
    @Override
    public boolean addAll(int index, Collection<? extends E> elements) {
        Worker w = worker();
        w.batch.encodeAll(elements == this ? snapshot() : elements);
        lock();
        try {
            insert(checkPosition(index, count()), w.batch);
            return w.batch.count > 0;
        } finally {
            unlock();
        }
    }

    @Override
    public void addFirst(E element) {
        add(0, element);
    }

    @Override
    public void addLast(E element) {
        add(element);
    }

    /**
     * Appends {@code element} unless an element of the same encoded bytes is in the list, atomically: of
     * many processes adding the same element at once, exactly one adds it.
     *
     * @return whether it was added
     */
    public boolean addIfAbsent(E element) {
        Worker w = worker();
        w.batch.encodeOne(element);
        lock();
        try {
            if (find(w.batch, 0) >= 0) {
                return false;
            }
            insert(count(), w.batch);
            return true;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- replacing

    /**
     * Replaces the element at {@code index}.
     *
     * @return the element that was there
     * @throws ListFullException if the new element's bytes do not fit beside the elements in the list
     */
    @Override
    public E set(int index, E element) {
        Worker w = worker();
        w.batch.encodeOne(element);
        lock();
        try {
            long block = block(checkIndex(index, count()));
            E old = decode(block, w);
            replace(index, w.batch);
            return old;
        } finally {
            unlock();
        }
    }

    /**
     * Replaces the element at {@code index} with {@code function} of it, atomically across processes:
     * {@code counters.update(3, n -> n + 1)} from any number of processes loses no increment.
     *
     * @return the new element
     * @throws NullPointerException if {@code function} returns null (the element is left as it was)
     */
    public E update(int index, UnaryOperator<E> function) {
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        lock();
        try {
            E old = decode(block(checkIndex(index, count())), w);
            E updated = w.call(() -> function.apply(old));
            w.batch.encodeOne(Objects.requireNonNull(updated, "the function of update returned null: a shared list holds no nulls"));
            replace(index, w.batch);
            return updated;
        } finally {
            unlock();
        }
    }

    /**
     * Replaces the element at {@code index} with {@code newElement} if its encoded bytes are those of
     * {@code expected}, atomically across processes.
     *
     * @return whether it was replaced
     */
    public boolean compareAndSet(int index, E expected, E newElement) {
        Worker w = worker();
        w.probe.encodeOne(expected);
        w.batch.encodeOne(newElement);
        lock();
        try {
            if (!bytesEqual(block(checkIndex(index, count())), w.probe, 0)) {
                return false;
            }
            replace(index, w.batch);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Replaces every element with {@code function} of it, atomically: the new elements are written into the
     * list's second heap, so they need only fit in {@code maxBytes} by themselves.
     */
    @Override
    public void replaceAll(UnaryOperator<E> function) {
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        lock();
        try {
            int count = count();
            List<E> updated = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                E old = decode(block(i), w);
                updated.add(Objects.requireNonNull(w.call(() -> function.apply(old)),
                        "the function of replaceAll returned null: a shared list holds no nulls"));
            }
            w.batch.encodeAll(updated);
            rebuild(w.batch);
        } finally {
            unlock();
        }
    }

    /**
     * Sorts the list atomically (stably, as {@link List#sort} says); a null comparator sorts by natural order.
     * Only the index changes: the elements stay where they are.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void sort(Comparator<? super E> comparator) {
        Worker w = worker();
        lock();
        try {
            int count = count();
            Object[] elements = new Object[count];
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                elements[i] = decode(block(i), w);
                order[i] = i;
            }
            Comparator<Object> byElement = comparator == null ? (a, b) -> ((Comparable) a).compareTo(b) : (Comparator) comparator;
            w.call(() -> {
                Arrays.sort(order, (a, b) -> byElement.compare(elements[a], elements[b]));
                return null;
            });
            long sides = sides();
            long from = liveIndex(sides);
            long to = otherIndex(sides);
            for (int i = 0; i < count; i++) {
                LONG.set(memory, to + 8L * i, (long) LONG.get(memory, from + 8L * order[i]));
            }
            logged(SIDES, sides ^ INDEX_SIDE);
            commit();
        } finally {
            unlock();
        }
    }

    /** Reverses the order of the elements, atomically; only the index changes (Python's {@code reverse()}). */
    public void reverse() {
        worker();
        lock();
        try {
            int count = count();
            long sides = sides();
            long from = liveIndex(sides);
            long to = otherIndex(sides);
            for (int i = 0; i < count; i++) {
                LONG.set(memory, to + 8L * i, (long) LONG.get(memory, from + 8L * (count - 1 - i)));
            }
            logged(SIDES, sides ^ INDEX_SIDE);
            commit();
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- removing

    /**
     * Removes the element at {@code index}, moving what follows down by one.
     *
     * @return the element removed
     */
    @Override
    public E remove(int index) {
        Worker w = worker();
        lock();
        try {
            E old = decode(block(checkIndex(index, count())), w);
            removeSpan(index, index + 1);
            return old;
        } finally {
            unlock();
        }
    }

    /** Removes the first element whose encoded bytes are those of {@code o}. @return whether one was removed */
    @Override
    public boolean remove(Object o) {
        Worker w = worker();
        if (!w.encodeProbe(o)) {
            return false;
        }
        lock();
        try {
            int index = find(w.probe, 0);
            if (index < 0) {
                return false;
            }
            removeSpan(index, index + 1);
            return true;
        } finally {
            unlock();
        }
    }

    /** @throws NoSuchElementException if the list is empty */
    @Override
    public E removeFirst() {
        Worker w = worker();
        lock();
        try {
            checkNotEmpty(count());
            E old = decode(block(0), w);
            removeSpan(0, 1);
            return old;
        } finally {
            unlock();
        }
    }

    /** Removes the last element, atomically (Python's {@code pop()}). @throws NoSuchElementException if the list is empty */
    @Override
    public E removeLast() {
        Worker w = worker();
        lock();
        try {
            int count = count();
            checkNotEmpty(count);
            int last = count - 1;
            E old = decode(block(last), w);
            removeSpan(last, last + 1);
            return old;
        } finally {
            unlock();
        }
    }

    /**
     * Removes the elements from {@code from} (inclusive) to {@code to} (exclusive), atomically.
     *
     * @throws IndexOutOfBoundsException if {@code from < 0}, {@code to > size()} or {@code from > to}
     */
    @Override
    public void removeRange(int from, int to) {
        worker();
        lock();
        try {
            int count = count();
            if (from < 0 || to > count || from > to) {
                throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is not inside " + description
                        + ", which holds " + count + " elements");
            }
            removeSpan(from, to);
        } finally {
            unlock();
        }
    }

    /** Removes every element {@code filter} accepts, atomically; {@code filter} runs under the lock. */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        Worker w = worker();
        lock();
        try {
            int count = count();
            boolean[] doomed = new boolean[count];
            int removed = 0;
            for (int i = 0; i < count; i++) {
                E element = decode(block(i), w);
                if (w.call(() -> filter.test(element))) {
                    doomed[i] = true;
                    removed++;
                }
            }
            if (removed > 0) {
                keepAllBut(doomed, removed);
            }
            return removed > 0;
        } finally {
            unlock();
        }
    }

    /** Removes, atomically, every element that {@code elements.contains}. */
    @Override
    public boolean removeAll(Collection<?> elements) {
        Objects.requireNonNull(elements, "elements");
        if (elements == this) {
            boolean any = !isEmpty();
            clear();
            return any;
        }
        return removeIf(elements::contains);
    }

    /** Removes, atomically, every element that {@code elements} does not contain. */
    @Override
    public boolean retainAll(Collection<?> elements) {
        Objects.requireNonNull(elements, "elements");
        if (elements == this) {
            return false;
        }
        return removeIf(e -> !elements.contains(e));
    }

    /** Removes every element, atomically. */
    @Override
    public void clear() {
        worker();
        lock();
        try {
            if (count() == 0 && getLong(BUMP) == 0) {
                return;
            }
            logged(COUNT, 0);
            logged(LIVE_BYTES, 0);
            logged(BUMP, 0);
            commit();
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- iteration and copies

    /** @return an iterator over a snapshot taken now; it cannot change the list */
    @Override
    public Iterator<E> iterator() {
        return listIterator(0);
    }

    /** @return a list iterator over a snapshot taken now; it cannot change the list */
    @Override
    public ListIterator<E> listIterator() {
        return listIterator(0);
    }

    /** @return a list iterator over a snapshot taken now, starting at {@code index}; it cannot change the list */
    @Override
    public ListIterator<E> listIterator(int index) {
        List<E> copy = snapshot();
        if (index < 0 || index > copy.size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for " + description + ", which holds "
                    + copy.size() + " elements");
        }
        return new SnapshotIterator<>(copy.listIterator(index), description);
    }

    /** @return a spliterator over a snapshot taken now (so {@code stream()} sees the list at one moment) */
    @Override
    public Spliterator<E> spliterator() {
        return Collections.unmodifiableList(snapshot()).spliterator();
    }

    @Override
    public void forEach(Consumer<? super E> action) {
        Objects.requireNonNull(action, "action");
        snapshot().forEach(action);
    }

    @Override
    public Object[] toArray() {
        return snapshot().toArray();
    }

    @Override
    public <T> T[] toArray(T[] array) {
        return snapshot().toArray(array);
    }

    /**
     * @return a copy of the elements from {@code from} to {@code to} taken at one moment: unlike
     *         {@link List#subList}, not a view, and it cannot be changed
     */
    @Override
    public List<E> subList(int from, int to) {
        Worker w = worker();
        lock();
        try {
            int count = count();
            if (from < 0 || to > count || from > to) {
                throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is not inside " + description
                        + ", which holds " + count + " elements");
            }
            List<E> copy = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                copy.add(decode(block(i), w));
            }
            return Collections.unmodifiableList(copy);
        } finally {
            unlock();
        }
    }

    /** An iterator of a snapshot that says why it cannot change the list. */
    private record SnapshotIterator<E>(ListIterator<E> copy, String description) implements ListIterator<E> {
        @Override
        public boolean hasNext() {
            return copy.hasNext();
        }

        @Override
        public E next() {
            return copy.next();
        }

        @Override
        public boolean hasPrevious() {
            return copy.hasPrevious();
        }

        @Override
        public E previous() {
            return copy.previous();
        }

        @Override
        public int nextIndex() {
            return copy.nextIndex();
        }

        @Override
        public int previousIndex() {
            return copy.previousIndex();
        }

        @Override
        public void remove() {
            throw refused();
        }

        @Override
        public void set(E e) {
            throw refused();
        }

        @Override
        public void add(E e) {
            throw refused();
        }

        private UnsupportedOperationException refused() {
            return new UnsupportedOperationException("an iterator of " + description + " walks a snapshot and cannot"
                    + " change the list: use removeIf, replaceAll, set or add on the list, which are atomic");
        }
    }

    // ---------------------------------------------------------------- updates under the lock

    /** Inserts the batch's elements at {@code at} (0 &lt;= at &lt;= count). */
    private void insert(int at, Batch batch) {
        int n = batch.count;
        if (n == 0) {
            return;
        }
        int count = count();
        reserve(batch, (long) count + n);
        long sides = sides();
        long live = liveIndex(sides);
        long heap = liveHeap(sides);
        long bump = getLong(BUMP);
        long target = live;
        if (at < count) {   // the slots move: build the new index in the other array, which nothing reads
            target = otherIndex(sides);
            MemorySegment.copy(memory, live, memory, target, 8L * at);
            MemorySegment.copy(memory, live + 8L * at, memory, target + 8L * (at + n), 8L * (count - at));
        }
        long top = writeBlocks(batch, heap, bump, target + 8L * at);
        logged(BUMP, top);
        logged(LIVE_BYTES, getLong(LIVE_BYTES) + (top - bump));
        if (target != live) {
            logged(SIDES, sides ^ INDEX_SIDE);
        }
        logged(COUNT, count + n);
        commit();
    }

    /** Replaces element {@code index} with the batch's one element. */
    private void replace(int index, Batch batch) {
        long oldBytes = blockBytes((int) INT.get(memory, block(index) + BLOCK_LENGTH));
        reserve(batch, count());
        long sides = sides();
        long bump = getLong(BUMP);
        long top = writeBlocks(batch, liveHeap(sides), bump, NO_SLOTS); // one block, at bump
        logged(BUMP, top);
        logged(LIVE_BYTES, getLong(LIVE_BYTES) - oldBytes + (top - bump));
        logged(liveIndex(sides) + 8L * index, bump);
        commit();
    }

    /** Replaces every element with the batch's, written from the bottom of the other heap. */
    private void rebuild(Batch batch) {
        if (batch.blockBytes > heapBytes) {
            throw bytesFull(batch.blockBytes, 0);
        }
        long sides = sides();
        long top = writeBlocks(batch, otherHeap(sides), 0, otherIndex(sides));
        logged(SIDES, sides ^ (INDEX_SIDE | HEAP_SIDE));
        logged(BUMP, top);
        logged(LIVE_BYTES, top);
        commit();
    }

    /** Removes elements {@code [from, to)}. */
    private void removeSpan(int from, int to) {
        if (from == to) {
            return;
        }
        int count = count();
        long freed = 0;
        for (int i = from; i < to; i++) {
            freed += blockBytes((int) INT.get(memory, block(i) + BLOCK_LENGTH));
        }
        long sides = sides();
        logged(LIVE_BYTES, getLong(LIVE_BYTES) - freed);
        if (to < count) {
            long live = liveIndex(sides);
            long other = otherIndex(sides);
            MemorySegment.copy(memory, live, memory, other, 8L * from);
            MemorySegment.copy(memory, live + 8L * to, memory, other + 8L * from, 8L * (count - to));
            logged(SIDES, sides ^ INDEX_SIDE);
        }
        logged(COUNT, count - (to - from));
        commit();
    }

    /** Removes the {@code removed} elements whose {@code doomed} entry is set. */
    private void keepAllBut(boolean[] doomed, int removed) {
        int count = count();
        long sides = sides();
        long live = liveIndex(sides);
        long other = otherIndex(sides);
        long freed = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            long slot = (long) LONG.get(memory, live + 8L * i);
            if (doomed[i]) {
                freed += blockBytes((int) INT.get(memory, liveHeap(sides) + slot + BLOCK_LENGTH));
            } else {
                LONG.set(memory, other + 8L * kept++, slot);
            }
        }
        logged(LIVE_BYTES, getLong(LIVE_BYTES) - freed);
        logged(SIDES, sides ^ INDEX_SIDE);
        logged(COUNT, count - removed);
        commit();
    }

    /**
     * Makes sure the batch's blocks fit above the live heap's top, compacting the live elements into the other
     * heap (an update of its own, committed) when they do not but would after it. Throws, having changed
     * nothing visible, when there is no room for them.
     */
    private void reserve(Batch batch, long newCount) {
        if (newCount > maxElements) {
            throw new ListFullException(ListFullException.Limit.ELEMENTS, description + " is full: it holds " + count()
                    + " elements of its most " + maxElements + ", and this update adds " + (newCount - count())
                    + "; remove elements, or create the list with a larger maxElements");
        }
        long needed = batch.blockBytes;
        if (needed <= heapBytes - getLong(BUMP)) {
            return;
        }
        long liveBytes = getLong(LIVE_BYTES);
        if (needed > heapBytes - liveBytes) {
            throw bytesFull(needed, liveBytes);
        }
        compact();
    }

    private ListFullException bytesFull(long needed, long liveBytes) {
        return new ListFullException(ListFullException.Limit.BYTES, description + " has no room for " + needed
                + " bytes of elements (each takes 8 bytes of header and its encoded bytes, rounded up to a multiple of 8):"
                + " its elements take " + liveBytes + " of its " + heapBytes + " bytes (maxBytes " + maxBytes() + ")"
                + "; remove elements, or create the list with a larger maxBytes");
    }

    /** Copies the live elements, in order, to the bottom of the other heap, with a new index in the other array. */
    private void compact() {
        long sides = sides();
        long fromIndex = liveIndex(sides);
        long fromHeap = liveHeap(sides);
        long toIndex = otherIndex(sides);
        long toHeap = otherHeap(sides);
        int count = count();
        long top = 0;
        for (int i = 0; i < count; i++) {
            long slot = (long) LONG.get(memory, fromIndex + 8L * i);
            long bytes = blockBytes((int) INT.get(memory, fromHeap + slot + BLOCK_LENGTH));
            MemorySegment.copy(memory, fromHeap + slot, memory, toHeap + top, bytes);
            LONG.set(memory, toIndex + 8L * i, top);
            top += bytes;
        }
        if (top != getLong(LIVE_BYTES)) {
            throw new IllegalStateException(description + " is damaged: its elements take " + top + " bytes, but it"
                    + " records " + getLong(LIVE_BYTES));
        }
        logged(SIDES, sides ^ (INDEX_SIDE | HEAP_SIDE));
        logged(BUMP, top);
        logged(COMPACTIONS, getLong(COMPACTIONS) + 1);
        commit();
    }

    /**
     * Writes the batch's elements as blocks from {@code bump} of the heap at {@code heap}, and their offsets in
     * consecutive slots from {@code slots} (unless {@link #NO_SLOTS}). Nothing reads either yet, so nothing is
     * logged. @return the new top
     */
    private long writeBlocks(Batch batch, long heap, long bump, long slots) {
        long top = bump;
        for (int k = 0; k < batch.count; k++) {
            int start = batch.starts[k];
            int length = batch.starts[k + 1] - start;
            INT.set(memory, heap + top + BLOCK_LENGTH, length);
            INT.set(memory, heap + top + 4, 0);
            MemorySegment.copy(batch.segment, start, memory, heap + top + BLOCK_HEADER_BYTES, length);
            if (slots != NO_SLOTS) {
                LONG.set(memory, slots + 8L * k, top);
            }
            top += blockBytes(length);
        }
        return top;
    }

    // ---------------------------------------------------------------- the lock and the undo log

    /** Takes the lock and rolls back a half-done update found there. */
    private void lock() {
        mutex.lock();
        // a live holder always leaves the log empty; a dead one may not (acquiredFromDeadOwner() then holds)
        if ((long) LONG.getAcquire(memory, UNDO_COUNT) != 0) {
            rollBack();
        }
    }

    /** Rolls back what an exception left half done (so the list stays usable), then releases the lock. */
    private void unlock() {
        try {
            if ((long) LONG.get(memory, UNDO_COUNT) != 0) {
                rollBack();
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Restores the logged words newest first; idempotent, so a death during a rollback is repaired by the next. */
    private void rollBack() {
        long count = (long) LONG.getAcquire(memory, UNDO_COUNT);
        if (count < 0 || count > UNDO_ENTRIES) {
            throw new IllegalStateException(description + " has a damaged undo log (" + count + " entries)");
        }
        long indexEnd = index(maxElements, 2);
        for (long i = count - 1; i >= 0; i--) {
            long entry = undoEntry(i);
            long offset = (long) LONG.get(memory, entry);
            boolean stateWord = offset >= COUNT && offset < UNDO_LOG && offset != UNDO_COUNT;
            boolean slot = offset >= HEADER_BYTES && offset < indexEnd;
            if ((!stateWord && !slot) || (offset & 7) != 0) {
                throw new IllegalStateException(description + " has a damaged undo log: offset " + offset
                        + " is neither a state word nor a slot");
            }
            LONG.setRelease(memory, offset, (long) LONG.get(memory, entry + 8));
        }
        LONG.setRelease(memory, REPAIRS, getLong(REPAIRS) + 1);
        LONG.setRelease(memory, UNDO_COUNT, 0L);
    }

    /** Sets the word at {@code offset} to {@code value} after logging its old value: the only way updates write. */
    private void logged(long offset, long value) {
        long count = getLong(UNDO_COUNT);
        if (count >= UNDO_ENTRIES) {
            throw new AssertionError("an update of " + description + " changed more words than its undo log holds");
        }
        long entry = undoEntry(count);
        LONG.set(memory, entry, offset);
        LONG.set(memory, entry + 8, getLong(offset));
        LONG.setRelease(memory, UNDO_COUNT, count + 1); // the entry is complete before it counts
        crashPoint();
        LONG.setRelease(memory, offset, value);         // and counts before the word changes
        crashPoint();
    }

    /** Ends an update: every word it changed is in place. */
    private void commit() {
        crashPoint();
        LONG.setRelease(memory, UNDO_COUNT, 0L);
    }

    private static void crashPoint() {
        if (CRASH_AT_STEP > 0 && ++crashSteps == CRASH_AT_STEP) {
            Runtime.getRuntime().halt(99);
        }
    }

    // ---------------------------------------------------------------- reading under the lock

    private int count() {
        return (int) getLong(COUNT);
    }

    private long sides() {
        return getLong(SIDES);
    }

    private long liveIndex(long sides) {
        return index(maxElements, sides & INDEX_SIDE);
    }

    private long otherIndex(long sides) {
        return index(maxElements, ~sides & INDEX_SIDE);
    }

    private long liveHeap(long sides) {
        return heap(maxElements, heapBytes, (sides & HEAP_SIDE) >>> 1);
    }

    private long otherHeap(long sides) {
        return heap(maxElements, heapBytes, (~sides & HEAP_SIDE) >>> 1);
    }

    /** @return the offset of element {@code i}'s block */
    private long block(int i) {
        long sides = sides();
        return liveHeap(sides) + (long) LONG.get(memory, liveIndex(sides) + 8L * i);
    }

    /** @return the first index from {@code from} of an element whose bytes are the batch's first, or -1 */
    private int find(Batch probe, int from) {
        int count = count();
        for (int i = from; i < count; i++) {
            if (bytesEqual(block(i), probe, 0)) {
                return i;
            }
        }
        return -1;
    }

    private boolean bytesEqual(long block, Batch batch, int k) {
        int length = (int) INT.get(memory, block + BLOCK_LENGTH);
        int start = batch.starts[k];
        return length == batch.starts[k + 1] - start && MemorySegment.mismatch(batch.segment, start, start + length,
                memory, block + BLOCK_HEADER_BYTES, block + BLOCK_HEADER_BYTES + length) < 0;
    }

    private E decode(long block, Worker w) {
        int length = (int) INT.get(memory, block + BLOCK_LENGTH);
        w.view.wrap(memory, block + BLOCK_HEADER_BYTES, length);
        return codec.decode(w.view, 0, length);
    }

    private int checkIndex(int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for " + description
                    + ", which holds " + count + " elements");
        }
        return index;
    }

    private int checkPosition(int index, int count) {
        if (index < 0 || index > count) {
            throw new IndexOutOfBoundsException("position " + index + " is out of bounds for " + description
                    + ", which holds " + count + " elements (a position may be 0 to " + count + ")");
        }
        return index;
    }

    private void checkNotEmpty(int count) {
        if (count == 0) {
            throw new NoSuchElementException(description + " is empty");
        }
    }

    private long getLong(long offset) {
        return (long) LONG.get(memory, offset);
    }

    private Worker worker() {
        region.checkOpen();
        Worker w = workers.get();
        if (w.inFunction) {
            throw new IllegalStateException("a function given to an atomic method of " + description + " must not use"
                    + " the list: it runs under the list's lock");
        }
        return w;
    }

    // ---------------------------------------------------------------- identity, sizes and life cycle

    /** @return the list's name in its namespace */
    public String name() {
        return region.name();
    }

    /** @return the namespace the list lives in */
    public Namespace namespace() {
        return region.namespace();
    }

    /** @return the most elements the list holds ({@link Builder#maxElements(int)}) */
    public int maxElements() {
        return (int) maxElements;
    }

    /** @return the bytes of elements the list holds ({@link Builder#maxBytes(long)}, rounded up to a multiple of 8) */
    public long maxBytes() {
        return heapBytes;
    }

    /** @return the bytes the list's elements take now, headers and padding included */
    public long usedBytes() {
        worker();
        lock();
        try {
            return getLong(LIVE_BYTES);
        } finally {
            unlock();
        }
    }

    /** @return how many half-done updates of processes that died were rolled back, ever, by any process */
    public long repairs() {
        return (long) LONG.getAcquire(memory, REPAIRS);
    }

    /** @return how many times the live elements were compacted to reuse the bytes of removed ones, ever */
    public long compactions() {
        return (long) LONG.getAcquire(memory, COMPACTIONS);
    }

    /** @return how many times the lock was taken over from a holder whose process died, ever, by any process */
    public long locksTakenFromTheDead() {
        return mutex.deadOwnerRecoveries();
    }

    /** @return the element codec */
    public Codec<E> codec() {
        return codec;
    }

    /** Keeps the list after its creator closes it, until {@link Namespace#unlink} removes it. */
    public void keep() {
        region.keep();
    }

    /** @return whether this handle was closed */
    public boolean isClosed() {
        return region.isClosed();
    }

    /** Releases this process's handle (the creator's also unlinks the name unless kept). Idempotent. */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return isClosed() ? "SharedList[" + region.namespace().name() + "/" + region.name() + "] (closed)" : super.toString();
    }

    /**
     * Serialises this handle by name with its codec: reading it back in any process attaches the same list.
     *
     * @throws NotSerializableException if the codec is not {@link Serializable}
     */
    @Serial
    Object writeReplace() throws ObjectStreamException {
        region.checkOpen();
        if (!(codec instanceof Serializable)) {
            throw new NotSerializableException(description + " cannot be serialised by name: its codec must be"
                    + " Serializable (every codec from Codecs is)");
        }
        return SharedReference.of(namespace(), name(), new ListAttacher(codec));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a shared list is serialised as a SharedReference");
    }

    /** How a deserialised reference attaches the list. */
    private record ListAttacher(Codec<?> codec) implements Attacher<SharedList<?>> {
        @Override
        public SharedList<?> attach(Namespace ns, String name) {
            return SharedList.attach(ns, name, codec);
        }
    }

    // ---------------------------------------------------------------- per-thread buffers

    /** Elements encoded one after another into a heap buffer kept (and grown) for the thread. */
    private final class Batch {
        byte[] array = new byte[64];
        MemorySegment segment = MemorySegment.ofArray(array);
        final SegmentBuffer buffer = new SegmentBuffer(segment);
        /** element k is bytes starts[k] to starts[k + 1] */
        int[] starts = new int[2];
        int count;
        /** heap bytes the elements' blocks take */
        long blockBytes;

        void encodeOne(E element) {
            clear();
            append(element);
        }

        void encodeAll(Collection<? extends E> elements) {
            clear();
            for (E element : elements) {
                append(element);
            }
        }

        private void clear() {
            count = 0;
            blockBytes = 0;
        }

        private void append(E element) {
            Objects.requireNonNull(element, "a shared list holds no null elements");
            if (count + 2 > starts.length) {
                starts = Arrays.copyOf(starts, 2 * starts.length);
            }
            int start = count == 0 ? 0 : starts[count];
            int length = encode(element, start);
            starts[count] = start;
            starts[count + 1] = start + length;
            count++;
            blockBytes += SharedListLayout.blockBytes(length);
            if (blockBytes > heapBytes) {
                throw new ListFullException(ListFullException.Limit.BYTES, description + " cannot hold " + count
                        + (count == 1 ? " element of " : " elements of ") + blockBytes + " bytes: it has " + heapBytes
                        + " bytes of elements in all (each takes 8 bytes of header and its encoded bytes, rounded up to a"
                        + " multiple of 8); create the list with a larger maxBytes");
            }
        }

        /** @return the bytes written at {@code start} */
        private int encode(E element, int start) {
            int announced = codec.encodedLength(element);
            if (announced >= 0) {
                if (SharedListLayout.blockBytes(announced) > heapBytes) {
                    throw new ListFullException(ListFullException.Limit.BYTES, description + " cannot hold an element of "
                            + announced + " encoded bytes: it has " + heapBytes + " bytes of elements in all; create the"
                            + " list with a larger maxBytes");
                }
                ensure(start, announced);
                int written = codec.encode(element, buffer, start);
                if (written != announced) {
                    throw new CodecException("codec " + codec.descriptor() + " announced " + announced
                            + " bytes but wrote " + written + ": encodedLength must return exactly what encode writes");
                }
                return written;
            }
            if (announced != Codec.UNKNOWN_LENGTH) {
                throw new CodecException("codec " + codec.descriptor() + " gave the length " + announced
                        + ": a length must be at least 0, or Codec.UNKNOWN_LENGTH");
            }
            for (;;) {
                try {
                    return codec.encode(element, buffer, start);
                } catch (IndexOutOfBoundsException full) {
                    if (array.length - start > heapBytes) {
                        throw new ListFullException(ListFullException.Limit.BYTES, description + " cannot hold an"
                                + " element of more than " + (array.length - start) + " bytes: it has " + heapBytes
                                + " bytes of elements in all; create the list with a larger maxBytes");
                    }
                    ensure(start, (int) Math.min(Integer.MAX_VALUE - 8L - start, Math.max(64, 2L * (array.length - start))));
                }
            }
        }

        /** Grows the array, keeping what is below {@code start}, so that {@code length} bytes fit from it. */
        private void ensure(int start, int length) {
            long needed = (long) start + length;
            if (needed <= array.length) {
                return;
            }
            if (needed > Integer.MAX_VALUE - 8) {
                throw new ListFullException(ListFullException.Limit.BYTES, description + " cannot take " + needed
                        + " bytes of elements in one update");
            }
            array = Arrays.copyOf(array, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * array.length)));
            segment = MemorySegment.ofArray(array);
            buffer.wrap(segment);
        }
    }

    /** What one thread needs to run an update without allocating: scratch encodings and a read view. */
    private final class Worker {
        final Batch batch = new Batch();
        final Batch probe = new Batch();
        final SegmentBuffer view = new SegmentBuffer();
        boolean inFunction;

        /** @return false if {@code o} is null or not an element this list's codec can encode (so is in no list) */
        @SuppressWarnings("unchecked")
        boolean encodeProbe(Object o) {
            if (o == null) {
                return false;
            }
            try {
                probe.encodeOne((E) o);
                return true;
            } catch (ClassCastException notAnE) {
                return false;
            } catch (ListFullException tooLarge) {
                return false;   // larger than the list could hold: not in it
            }
        }

        /** Runs a caller's function under the lock, refusing its use of this list. */
        <T> T call(java.util.function.Supplier<T> function) {
            inFunction = true;
            try {
                return function.get();
            } finally {
                inFunction = false;
            }
        }
    }

    // ---------------------------------------------------------------- creating

    /**
     * Options of a new list. Its capacity is fixed at creation; every process that attaches sees it.
     *
     * <pre>{@code
     * SharedList<String> lines = SharedList.builder(Codecs.string())
     *         .maxElements(100_000)          // elements
     *         .maxBytes(100_000 * 48L)       // each: 8 bytes of header + the encoded bytes, rounded up to 8
     *         .create(ns, "lines");
     * }</pre>
     *
     * The list's memory is 16 bytes an element (two index arrays) and twice {@code maxBytes} (two heaps, so
     * that the live elements can be compacted into one while the other is still read).
     *
     * @param <E> the element type
     */
    public static final class Builder<E> {
        private final Codec<E> codec;
        private int maxElements = 4096;
        private long maxBytes = -1;

        Builder(Codec<E> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** Elements the list may hold; 4096 by default. */
        public Builder<E> maxElements(int count) {
            if (count < 1 || count > MOST_ELEMENTS) {
                throw new IllegalArgumentException("a list holds from 1 to " + MOST_ELEMENTS + " elements, got maxElements "
                        + count);
            }
            this.maxElements = count;
            return this;
        }

        /**
         * Bytes of elements; by default 64 per element (elements of up to 56 encoded bytes). Each element takes
         * 8 bytes of header and its encoded bytes, rounded up to a multiple of 8.
         */
        public Builder<E> maxBytes(long bytes) {
            if (bytes < BLOCK_HEADER_BYTES || bytes > Long.MAX_VALUE / 4) {
                throw new IllegalArgumentException("a list needs from " + BLOCK_HEADER_BYTES + " to " + Long.MAX_VALUE / 4
                        + " bytes of elements, got maxBytes " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /** Creates the list {@code name}. @throws io.shmproc.memory.ObjectExistsException if the name is taken */
        public SharedList<E> create(Namespace ns, String name) {
            long heap = heapBytes();
            return new SharedList<>(ns.create(name, type(codec), payloadBytes(maxElements, heap), p -> initialise(p, heap)),
                    codec);
        }

        /** Attaches the list {@code name} if it exists (with its own capacity), else creates it with this one. */
        public SharedList<E> open(Namespace ns, String name) {
            long heap = heapBytes();
            return new SharedList<>(ns.open(name, type(codec), payloadBytes(maxElements, heap), p -> initialise(p, heap)),
                    codec);
        }

        private long heapBytes() {
            long bytes = maxBytes < 0 ? 64L * maxElements : maxBytes;
            return (bytes + 7) & -8L;
        }

        /** Everything else starts zeroed: a free lock, an empty list on sides 0, an empty log. */
        private void initialise(MemorySegment payload, long heap) {
            LONG.set(payload, MAX_ELEMENTS_OFFSET, (long) maxElements);
            LONG.set(payload, HEAP_BYTES_OFFSET, heap);
        }
    }
}

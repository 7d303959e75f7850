package io.shmproc.collections;

import static io.shmproc.collections.SharedMapLayout.*;

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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link ConcurrentMap} in shared memory that every process of a namespace reads and updates directly,
 * with no server process: Python's {@code Manager().dict()} without the sockets, and with atomic
 * read-modify-write. Keys and values of any length go through {@link Codec}s.
 *
 * <pre>{@code
 * // any number of processes, each:
 * try (Namespace ns = Namespace.open("stats");
 *      SharedMap<String, Integer> hits = SharedMap.builder(Codecs.string(), Codecs.ofInt())
 *              .maxEntries(10_000).maxBytes(1 << 20).open(ns, "hits")) {
 *     hits.merge("/index.html", 1, Integer::sum);   // atomic across processes: no update is lost
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Keys are equal when their encoded bytes are equal</b>, not by {@code equals}: a codec that
 *       writes equal objects differently (a serialised {@code HashMap}, say) makes different keys of them.
 *       Values are compared the same way by {@link #replace(Object, Object, Object)},
 *       {@link #remove(Object, Object)} and {@link #containsValue(Object)}.</li>
 *   <li><b>Atomic across processes</b>: every single-key method, {@code compute}, {@code computeIfAbsent},
 *       {@code computeIfPresent} and {@code merge} included, runs under the lock of the key's stripe. The
 *       function runs in the calling process while that lock is held, so it should be short, and it must
 *       not use this map (doing so throws {@link IllegalStateException}). A function that throws leaves the
 *       map as it was.</li>
 *   <li><b>Crash safety</b>: a process killed in the middle of an update leaves that update half done in
 *       one stripe only; the next process to take the stripe's lock rolls it back from the stripe's undo
 *       log before doing anything else (see {@link SharedMapLayout}). The update then never happened, which
 *       is what its caller, which never returned, may assume. {@link #repairs()} counts these rollbacks.</li>
 *   <li><b>{@link #size()}</b> is the sum of the stripes' counts, each kept under its stripe lock: exact
 *       when no update is under way, and otherwise a value each stripe had at some moment of the call.</li>
 *   <li><b>Iteration</b> ({@link #entrySet()}, {@link #keySet()}, {@link #values()}, {@code toString},
 *       {@code equals}) works on a snapshot taken stripe by stripe: each stripe is read whole under its lock,
 *       but stripes are read one after another, so the snapshot is not atomic across stripes. Removing
 *       through an iterator, or {@code setValue} on an entry, writes through to the map.</li>
 *   <li><b>Capacity is fixed</b> at creation (see {@link Builder}). An update with no room throws
 *       {@link MapFullException} and changes nothing.</li>
 *   <li>Null keys and values are refused with {@link NullPointerException}, as in {@code ConcurrentHashMap};
 *       asking for a key that is not a {@code K} answers null or false.</li>
 * </ul>
 *
 * <p>Reads and writes take the stripe lock: a CAS when it is free, a spin and then a futex sleep when
 * not. Beyond what the codecs allocate, the single-key paths allocate nothing: each thread encodes into
 * scratch buffers of its own, and keys are hashed and compared as bytes in place.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SharedMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle BYTES_AS_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * Test hook: with {@code -Dio.shmproc.collections.crashAtStep=n} the process halts (as if SIGKILLed,
     * without running any finally block or shutdown hook) at the n-th step of its updates, so that tests
     * can kill an update at each of its steps. 0 (the default) disables it; the JIT then drops the check.
     */
    private static final int CRASH_AT_STEP = Integer.getInteger("io.shmproc.collections.crashAtStep", 0);
    private static int crashSteps;

    private final transient Region region;
    private final transient MemorySegment memory;
    private final transient Codec<K> keyCodec;
    private final transient Codec<V> valueCodec;
    private final transient EmbeddedMutex[] locks;
    private final transient int stripeShift;
    private final transient int bucketMask;
    private final transient int entriesPerStripe;
    private final transient long heapPerStripe;
    private final transient long stripeBytes;
    private final transient String description;
    private final transient ThreadLocal<Worker> workers;

    private SharedMap(Region region, Codec<K> keyCodec, Codec<V> valueCodec) {
        this.region = region;
        this.memory = region.payload();
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.description = "shared map '" + region.name() + "' of namespace '" + region.namespace().name() + "'";
        int stripes = (int) INT.get(memory, STRIPES_OFFSET);
        int buckets = (int) INT.get(memory, BUCKETS_OFFSET);
        this.entriesPerStripe = (int) INT.get(memory, ENTRIES_PER_STRIPE_OFFSET);
        this.heapPerStripe = (long) LONG.get(memory, HEAP_PER_STRIPE_OFFSET);
        this.stripeBytes = (long) LONG.get(memory, STRIPE_BYTES_OFFSET);
        if (Integer.bitCount(stripes) != 1 || Integer.bitCount(buckets) != 1
                || CONTROL_BYTES + stripes * stripeBytes > memory.byteSize()) {
            throw new IllegalStateException(description + " has a damaged control block: " + stripes + " stripes of "
                    + stripeBytes + " bytes in " + memory.byteSize() + " bytes");
        }
        this.stripeShift = 64 - Integer.numberOfTrailingZeros(stripes);
        this.bucketMask = buckets - 1;
        this.locks = new EmbeddedMutex[stripes];
        for (int s = 0; s < stripes; s++) {
            locks[s] = new EmbeddedMutex(region, memory.asSlice(stripe(s) + MUTEX, EmbeddedMutex.BYTES), region.name());
        }
        this.workers = ThreadLocal.withInitial(Worker::new);
    }

    /** @return a builder of a map whose keys and values these codecs encode */
    public static <K, V> Builder<K, V> builder(Codec<K> keyCodec, Codec<V> valueCodec) {
        return new Builder<>(keyCodec, valueCodec);
    }

    /**
     * Attaches the existing map {@code name}, with the sizes it was created with.
     *
     * @throws io.shmproc.memory.ObjectNotFoundException if there is none
     * @throws io.shmproc.memory.IncompatibleObjectException if {@code name} is not a map, or was created with
     *                                                       codecs of other descriptors
     */
    public static <K, V> SharedMap<K, V> attach(Namespace ns, String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new SharedMap<>(ns.attach(name, type(keyCodec, valueCodec)), keyCodec, valueCodec);
    }

    /** Attaches a map that another object of this package (a {@link SharedNamespace}) records as its own type. */
    static <K, V> SharedMap<K, V> attach(Namespace ns, String name, ObjectType type, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new SharedMap<>(ns.attach(name, type), keyCodec, valueCodec);
    }

    static ObjectType type(Codec<?> keyCodec, Codec<?> valueCodec) {
        return new ObjectType(KIND, "map<key=" + keyCodec.descriptor() + ";value=" + valueCodec.descriptor() + ">");
    }

    // ---------------------------------------------------------------- reading

    /** @return the value of {@code key}, or null if there is none (or {@code key} is not a {@code K}) */
    @Override
    public V get(Object key) {
        Worker w = worker();
        if (!w.encodeForeignKey(key)) {
            return null;
        }
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            return find(stripe, w) ? decodeValue(w.block, w) : null;
        } finally {
            unlock(s, stripe);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        Worker w = worker();
        if (!w.encodeForeignKey(key)) {
            return false;
        }
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            return find(stripe, w);
        } finally {
            unlock(s, stripe);
        }
    }

    /** @return whether some key maps to a value whose encoded bytes are those of {@code value} */
    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "value");
        Worker w = worker();
        try {
            @SuppressWarnings("unchecked") V v = (V) value;
            w.expected.encode(valueCodec, v);
        } catch (ClassCastException notAV) {
            return false;
        }
        for (int s = 0; s < locks.length; s++) {
            long stripe = lock(s);
            try {
                for (int b = 0; b <= bucketMask; b++) {
                    for (long block = getLong(buckets(stripe) + b * 8L); block != 0; block = getLong(block + NEXT)) {
                        if (valueEquals(block, w.expected)) {
                            return true;
                        }
                    }
                }
            } finally {
                unlock(s, stripe);
            }
        }
        return false;
    }

    /**
     * @return the number of entries: the sum of the stripes' counts (exact when no update is under way). A
     *         stripe left half-updated by a dead process is repaired first.
     */
    @Override
    public int size() {
        region.checkOpen();
        long total = 0;
        for (int s = 0; s < locks.length; s++) {
            long stripe = stripe(s);
            if ((long) LONG.getAcquire(memory, stripe + UNDO_COUNT) != 0) {
                unlock(s, lock(s)); // an update under way, or a dead one's: taking the lock settles it
            }
            total += (long) LONG.getAcquire(memory, stripe + COUNT);
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    // ---------------------------------------------------------------- single-key updates

    @Override
    public V put(K key, V value) {
        Worker w = worker();
        w.encodeKey(key);
        w.value.encode(valueCodec, Objects.requireNonNull(value, "value"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (find(stripe, w)) {
                V old = decodeValue(w.block, w);
                replaceRecord(stripe, w);
                return old;
            }
            insert(stripe, w);
            return null;
        } finally {
            unlock(s, stripe);
        }
    }

    /** As {@link #put}, without decoding the value it replaces (which another process's codec may have written). */
    void putWithoutOld(K key, V value) {
        Worker w = worker();
        w.encodeKey(key);
        w.value.encode(valueCodec, Objects.requireNonNull(value, "value"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (find(stripe, w)) {
                replaceRecord(stripe, w);
            } else {
                insert(stripe, w);
            }
        } finally {
            unlock(s, stripe);
        }
    }

    /** As {@link #putIfAbsent}, without decoding a value already there. @return whether {@code value} was put */
    boolean putIfAbsentWithoutOld(K key, V value) {
        Worker w = worker();
        w.encodeKey(key);
        w.value.encode(valueCodec, Objects.requireNonNull(value, "value"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (find(stripe, w)) {
                return false;
            }
            insert(stripe, w);
            return true;
        } finally {
            unlock(s, stripe);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        Worker w = worker();
        w.encodeKey(key);
        w.value.encode(valueCodec, Objects.requireNonNull(value, "value"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (find(stripe, w)) {
                return decodeValue(w.block, w);
            }
            insert(stripe, w);
            return null;
        } finally {
            unlock(s, stripe);
        }
    }

    @Override
    public V remove(Object key) {
        Worker w = worker();
        if (!w.encodeForeignKey(key)) {
            return null;
        }
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w)) {
                return null;
            }
            V old = decodeValue(w.block, w);
            delete(stripe, w);
            return old;
        } finally {
            unlock(s, stripe);
        }
    }

    /** Removes {@code key} if its value's encoded bytes are those of {@code value}. */
    @Override
    public boolean remove(Object key, Object value) {
        Worker w = worker();
        if (!w.encodeForeignKey(key) || value == null) {
            return false;
        }
        try {
            @SuppressWarnings("unchecked") V v = (V) value;
            w.expected.encode(valueCodec, v);
        } catch (ClassCastException notAV) {
            return false;
        }
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w) || !valueEquals(w.block, w.expected)) {
                return false;
            }
            delete(stripe, w);
            return true;
        } finally {
            unlock(s, stripe);
        }
    }

    /** Replaces {@code key}'s value if its encoded bytes are those of {@code oldValue}. */
    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        Worker w = worker();
        w.encodeKey(key);
        w.expected.encode(valueCodec, Objects.requireNonNull(oldValue, "oldValue"));
        w.value.encode(valueCodec, Objects.requireNonNull(newValue, "newValue"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w) || !valueEquals(w.block, w.expected)) {
                return false;
            }
            replaceRecord(stripe, w);
            return true;
        } finally {
            unlock(s, stripe);
        }
    }

    @Override
    public V replace(K key, V value) {
        Worker w = worker();
        w.encodeKey(key);
        w.value.encode(valueCodec, Objects.requireNonNull(value, "value"));
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w)) {
                return null;
            }
            V old = decodeValue(w.block, w);
            replaceRecord(stripe, w);
            return old;
        } finally {
            unlock(s, stripe);
        }
    }

    /** As {@link ConcurrentMap#compute}, atomically across processes: {@code function} runs under the stripe lock. */
    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        w.encodeKey(key);
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            boolean found = find(stripe, w);
            V old = found ? decodeValue(w.block, w) : null;
            V updated;
            w.inFunction = true;
            try {
                updated = function.apply(key, old);
            } finally {
                w.inFunction = false;
            }
            return store(stripe, w, found, updated);
        } finally {
            unlock(s, stripe);
        }
    }

    /** As {@link ConcurrentMap#computeIfAbsent}, atomically across processes. */
    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        w.encodeKey(key);
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (find(stripe, w)) {
                return decodeValue(w.block, w);
            }
            V created;
            w.inFunction = true;
            try {
                created = function.apply(key);
            } finally {
                w.inFunction = false;
            }
            return store(stripe, w, false, created);
        } finally {
            unlock(s, stripe);
        }
    }

    /** As {@link ConcurrentMap#computeIfPresent}, atomically across processes. */
    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        w.encodeKey(key);
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w)) {
                return null;
            }
            V old = decodeValue(w.block, w);
            V updated;
            w.inFunction = true;
            try {
                updated = function.apply(key, old);
            } finally {
                w.inFunction = false;
            }
            return store(stripe, w, true, updated);
        } finally {
            unlock(s, stripe);
        }
    }

    /**
     * As {@link ConcurrentMap#merge}, atomically across processes: {@code counts.merge(word, 1, Integer::sum)}
     * from any number of processes loses no update.
     */
    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> function) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(function, "function");
        Worker w = worker();
        w.encodeKey(key);
        int s = stripeOf(w.hash);
        long stripe = lock(s);
        try {
            if (!find(stripe, w)) {
                return store(stripe, w, false, value);
            }
            V old = decodeValue(w.block, w);
            V merged;
            w.inFunction = true;
            try {
                merged = function.apply(old, value);
            } finally {
                w.inFunction = false;
            }
            return store(stripe, w, true, merged);
        } finally {
            unlock(s, stripe);
        }
    }

    /** Stores {@code value} for the key found (or not) by the last {@link #find}; null removes it. */
    private V store(long stripe, Worker w, boolean found, V value) {
        if (value == null) {
            if (found) {
                delete(stripe, w);
            }
            return null;
        }
        w.value.encode(valueCodec, value);
        if (found) {
            replaceRecord(stripe, w);
        } else {
            insert(stripe, w);
        }
        return value;
    }

    /** Removes every entry, stripe by stripe (each removal is an update of its own: not atomic as a whole). */
    @Override
    public void clear() {
        worker();
        for (int s = 0; s < locks.length; s++) {
            long stripe = lock(s);
            try {
                Worker w = workers.get();
                for (int b = 0; b <= bucketMask; b++) {
                    long bucket = buckets(stripe) + b * 8L;
                    for (long head; (head = getLong(bucket)) != 0; ) {
                        w.link = bucket;
                        w.block = head;
                        delete(stripe, w);
                    }
                }
            } finally {
                unlock(s, stripe);
            }
        }
    }

    // ---------------------------------------------------------------- iteration

    /**
     * A view whose iterators walk a snapshot taken stripe by stripe when the iterator is made (not atomic
     * across stripes); {@code Iterator.remove} and {@code Entry.setValue} write through to the map.
     */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                Iterator<Map.Entry<K, V>> snapshot = snapshot().iterator();
                return new Iterator<>() {
                    private Map.Entry<K, V> last;

                    @Override
                    public boolean hasNext() {
                        return snapshot.hasNext();
                    }

                    @Override
                    public Map.Entry<K, V> next() {
                        last = snapshot.next();
                        return last;
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() was not called, or remove() was called already");
                        }
                        SharedMap.this.remove(last.getKey());
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return SharedMap.this.size();
            }

            @Override
            public boolean isEmpty() {
                return SharedMap.this.isEmpty();
            }

            @Override
            public void clear() {
                SharedMap.this.clear();
            }
        };
    }

    /** @return the keys, read stripe by stripe as {@link #entrySet()} reads them, without decoding a value */
    List<K> keySnapshot() {
        Worker w = worker();
        List<K> keys = new ArrayList<>();
        for (int s = 0; s < locks.length; s++) {
            long stripe = lock(s);
            try {
                for (int b = 0; b <= bucketMask; b++) {
                    for (long block = getLong(buckets(stripe) + b * 8L); block != 0; block = getLong(block + NEXT)) {
                        keys.add(decodeKey(block, w));
                    }
                }
            } finally {
                unlock(s, stripe);
            }
        }
        return keys;
    }

    private List<Map.Entry<K, V>> snapshot() {
        Worker w = worker();
        List<Map.Entry<K, V>> entries = new ArrayList<>();
        for (int s = 0; s < locks.length; s++) {
            long stripe = lock(s);
            try {
                for (int b = 0; b <= bucketMask; b++) {
                    for (long block = getLong(buckets(stripe) + b * 8L); block != 0; block = getLong(block + NEXT)) {
                        entries.add(new WriteThroughEntry(decodeKey(block, w), decodeValue(block, w)));
                    }
                }
            } finally {
                unlock(s, stripe);
            }
        }
        return entries;
    }

    /** An entry of a snapshot; {@code setValue} puts into the map. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V old = super.setValue(Objects.requireNonNull(value, "value"));
            SharedMap.this.put(getKey(), value);
            return old;
        }
    }

    // ---------------------------------------------------------------- the stripes

    private long stripe(int s) {
        return CONTROL_BYTES + s * stripeBytes;
    }

    private int stripeOf(long hash) {
        return locks.length == 1 ? 0 : (int) (hash >>> stripeShift);
    }

    /** Takes stripe {@code s}'s lock and rolls back a half-done update found there. @return the stripe's offset */
    private long lock(int s) {
        EmbeddedMutex mutex = locks[s];
        mutex.lock();
        long stripe = stripe(s);
        // a live holder always leaves the log empty; a dead one may not (acquiredFromDeadOwner() then holds)
        if ((long) LONG.getAcquire(memory, stripe + UNDO_COUNT) != 0) {
            rollBack(stripe);
        }
        return stripe;
    }

    /** Rolls back what an exception left half done (so the map stays usable), then releases the lock. */
    private void unlock(int s, long stripe) {
        try {
            if ((long) LONG.get(memory, stripe + UNDO_COUNT) != 0) {
                rollBack(stripe);
            }
        } finally {
            locks[s].unlock();
        }
    }

    /** Restores the logged words newest first; idempotent, so a death during a rollback is repaired by the next. */
    private void rollBack(long stripe) {
        long count = (long) LONG.getAcquire(memory, stripe + UNDO_COUNT);
        if (count < 0 || count > UNDO_ENTRIES) {
            throw new IllegalStateException(description + " has a damaged undo log (" + count + " entries)");
        }
        long lowest = stripe;
        long highest = stripe + stripeBytes - Long.BYTES;
        for (long i = count - 1; i >= 0; i--) {
            long entry = undoEntry(stripe, i);
            long offset = (long) LONG.get(memory, entry);
            if (offset < lowest || offset > highest || (offset & 7) != 0) {
                throw new IllegalStateException(description + " has a damaged undo log: offset " + offset
                        + " is outside its stripe");
            }
            LONG.setRelease(memory, offset, (long) LONG.get(memory, entry + 8));
        }
        LONG.setRelease(memory, stripe + REPAIRS, (long) LONG.get(memory, stripe + REPAIRS) + 1);
        LONG.setRelease(memory, stripe + UNDO_COUNT, 0L);
    }

    /** Sets the word at {@code offset} to {@code value} after logging its old value: the only way updates write. */
    private void logged(long stripe, long offset, long value) {
        long count = (long) LONG.get(memory, stripe + UNDO_COUNT);
        if (count >= UNDO_ENTRIES) {
            throw new AssertionError("an update of " + description + " changed more words than its undo log holds");
        }
        long entry = undoEntry(stripe, count);
        LONG.set(memory, entry, offset);
        LONG.set(memory, entry + 8, (long) LONG.get(memory, offset));
        LONG.setRelease(memory, stripe + UNDO_COUNT, count + 1); // the entry is complete before it counts
        crashPoint();
        LONG.setRelease(memory, offset, value);                  // and counts before the word changes
        crashPoint();
    }

    /** Ends an update: every word it changed is in place. */
    private void commit(long stripe) {
        crashPoint();
        LONG.setRelease(memory, stripe + UNDO_COUNT, 0L);
    }

    private static void crashPoint() {
        if (CRASH_AT_STEP > 0 && ++crashSteps == CRASH_AT_STEP) {
            Runtime.getRuntime().halt(99);
        }
    }

    /**
     * Looks for the worker's key in its stripe. On success {@code w.block} is its record and {@code w.link}
     * the word that points to it; either way {@code w.bucket} is the key's bucket word.
     */
    private boolean find(long stripe, Worker w) {
        long link = buckets(stripe) + (w.hash & bucketMask) * 8L;
        w.bucket = link;
        int hash = (int) w.hash;
        int length = w.key.length;
        for (long block = getLong(link); block != 0; link = block + NEXT, block = getLong(link)) {
            if ((int) INT.get(memory, block + HASH) == hash && (int) INT.get(memory, block + KEY_LENGTH) == length
                    && MemorySegment.mismatch(w.key.segment, 0, length, memory, block + RECORD_HEADER_BYTES,
                    block + RECORD_HEADER_BYTES + length) < 0) {
                w.link = link;
                w.block = block;
                return true;
            }
        }
        w.block = 0;
        return false;
    }

    /** Adds the worker's key and value at the head of its bucket (after a {@link #find} that failed). */
    private void insert(long stripe, Worker w) {
        long count = getLong(stripe + COUNT);
        if (count >= entriesPerStripe) {
            throw new MapFullException(MapFullException.Limit.ENTRIES, description + " is full: the stripe this key hashes to"
                    + " holds " + count + " entries, its most (" + entriesPerStripe + " of each of " + locks.length
                    + " stripes, for maxEntries " + maxEntries() + "); remove entries, or create the map with a larger"
                    + " maxEntries");
        }
        long block = allocate(stripe, w.key.length, w.value.length, getLong(w.bucket));
        write(block, w);
        logged(stripe, w.bucket, block);
        logged(stripe, stripe + COUNT, count + 1);
        commit(stripe);
    }

    /** Replaces the record found by {@link #find} with one of the worker's key and value: copy, link, free. */
    private void replaceRecord(long stripe, Worker w) {
        long old = w.block;
        long block = allocate(stripe, w.key.length, w.value.length, getLong(old + NEXT));
        write(block, w);
        logged(stripe, w.link, block);
        free(stripe, old);
        commit(stripe);
    }

    /** Unlinks and frees the record found by {@link #find}. */
    private void delete(long stripe, Worker w) {
        long block = w.block;
        logged(stripe, w.link, getLong(block + NEXT));
        free(stripe, block);
        logged(stripe, stripe + COUNT, getLong(stripe + COUNT) - 1);
        commit(stripe);
    }

    /**
     * Takes a block for a record from its size class's free list, else from the top of the heap, and sets
     * its {@code next} word to {@code next}. Throws before changing anything when there is no room.
     */
    private long allocate(long stripe, int keyLength, int valueLength, long next) {
        int sizeClass = sizeClass(keyLength, valueLength);
        long bytes = sizeClass < SIZE_CLASSES ? blockBytes(sizeClass) : Long.MAX_VALUE;
        long block;
        long head = sizeClass < SIZE_CLASSES ? getLong(freeHead(stripe, sizeClass)) : 0;
        if (head != 0) {
            block = head;
            logged(stripe, freeHead(stripe, sizeClass), getLong(head + NEXT));
        } else {
            long bump = getLong(stripe + BUMP);
            if (bytes > heapPerStripe - bump) {
                throw new MapFullException(MapFullException.Limit.BYTES, description + " has no room for a record of "
                        + keyLength + " key bytes and " + valueLength + " value bytes (a block of "
                        + (bytes == Long.MAX_VALUE ? "over 1 GiB" : bytes + " bytes") + "): the stripe this key hashes to has "
                        + (heapPerStripe - bump) + " of its " + heapPerStripe + " heap bytes never used and no free block of"
                        + " that size (maxBytes " + maxBytes() + " over " + locks.length + " stripes; each record takes a"
                        + " block of 24 + key + value bytes rounded up to a power of two); remove entries, or create the"
                        + " map with a larger maxBytes");
            }
            block = heap(stripe, bucketMask + 1) + bump;
            logged(stripe, stripe + BUMP, bump + bytes);
        }
        logged(stripe, block + NEXT, next); // a free block's next was the free list's: logged, so a rollback relinks it
        return block;
    }

    /** Pushes {@code block} on its size class's free list. */
    private void free(long stripe, long block) {
        int sizeClass = sizeClass((int) INT.get(memory, block + KEY_LENGTH), (int) INT.get(memory, block + VALUE_LENGTH));
        long head = freeHead(stripe, sizeClass);
        logged(stripe, block + NEXT, getLong(head));
        logged(stripe, head, block);
    }

    /** Writes the worker's key and value into a fresh block, which nothing links to yet (so: no undo entries). */
    private void write(long block, Worker w) {
        INT.set(memory, block + HASH, (int) w.hash);
        INT.set(memory, block + KEY_LENGTH, w.key.length);
        INT.set(memory, block + VALUE_LENGTH, w.value.length);
        MemorySegment.copy(w.key.segment, 0, memory, block + RECORD_HEADER_BYTES, w.key.length);
        MemorySegment.copy(w.value.segment, 0, memory, block + RECORD_HEADER_BYTES + w.key.length, w.value.length);
    }

    private boolean valueEquals(long block, Scratch expected) {
        int keyLength = (int) INT.get(memory, block + KEY_LENGTH);
        int valueLength = (int) INT.get(memory, block + VALUE_LENGTH);
        long from = block + RECORD_HEADER_BYTES + keyLength;
        return valueLength == expected.length
                && MemorySegment.mismatch(expected.segment, 0, valueLength, memory, from, from + valueLength) < 0;
    }

    private V decodeValue(long block, Worker w) {
        int keyLength = (int) INT.get(memory, block + KEY_LENGTH);
        int valueLength = (int) INT.get(memory, block + VALUE_LENGTH);
        w.view.wrap(memory, block + RECORD_HEADER_BYTES + keyLength, valueLength);
        return valueCodec.decode(w.view, 0, valueLength);
    }

    private K decodeKey(long block, Worker w) {
        int keyLength = (int) INT.get(memory, block + KEY_LENGTH);
        w.view.wrap(memory, block + RECORD_HEADER_BYTES, keyLength);
        return keyCodec.decode(w.view, 0, keyLength);
    }

    private long getLong(long offset) {
        return (long) LONG.get(memory, offset);
    }

    private Worker worker() {
        region.checkOpen();
        Worker w = workers.get();
        if (w.inFunction) {
            throw new IllegalStateException("a function given to compute, computeIfAbsent, computeIfPresent or merge of "
                    + description + " must not use the map: it runs under the lock of the key's stripe");
        }
        return w;
    }

    /** @return a 64-bit hash of the bytes, the same in every JVM (the top bits pick the stripe, the low the bucket) */
    static long hash(byte[] bytes, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ mix((long) BYTES_AS_LONGS.get(bytes, i))) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return mix(h ^ mix(tail));
    }

    /** The finaliser of MurmurHash3: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    // ---------------------------------------------------------------- identity, sizes and life cycle

    /** @return the map's name in its namespace */
    public String name() {
        return region.name();
    }

    /** @return the namespace the map lives in */
    public Namespace namespace() {
        return region.namespace();
    }

    /** @return the entries the map was created to hold ({@link Builder#maxEntries(int)}) */
    public long maxEntries() {
        return (long) LONG.get(memory, MAX_ENTRIES_OFFSET);
    }

    /** @return the record bytes the map was created with ({@link Builder#maxBytes(long)}) */
    public long maxBytes() {
        return (long) LONG.get(memory, MAX_BYTES_OFFSET);
    }

    /** @return the number of stripes, each with a lock of its own */
    public int stripes() {
        return locks.length;
    }

    /** @return how many half-done updates of processes that died were rolled back, ever, by any process */
    public long repairs() {
        long total = 0;
        for (int s = 0; s < locks.length; s++) {
            total += (long) LONG.getAcquire(memory, stripe(s) + REPAIRS);
        }
        return total;
    }

    /** @return how many times a stripe lock was taken over from a holder whose process died, ever, by any process */
    public long locksTakenFromTheDead() {
        long total = 0;
        for (EmbeddedMutex lock : locks) {
            total += lock.deadOwnerRecoveries();
        }
        return total;
    }

    /** @return the key codec */
    public Codec<K> keyCodec() {
        return keyCodec;
    }

    /** @return the value codec */
    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /** Keeps the map after its creator closes it, until {@link Namespace#unlink} removes it. */
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
        return isClosed() ? "SharedMap[" + region.namespace().name() + "/" + region.name() + "] (closed)" : super.toString();
    }

    /**
     * Serialises this handle by name with its codecs: reading it back in any process attaches the same map.
     *
     * @throws NotSerializableException if a codec is not {@link Serializable}
     */
    @Serial
    Object writeReplace() throws ObjectStreamException {
        region.checkOpen();
        if (!(keyCodec instanceof Serializable) || !(valueCodec instanceof Serializable)) {
            throw new NotSerializableException(description + " cannot be serialised by name: its codecs must be"
                    + " Serializable (every codec from Codecs is)");
        }
        return SharedReference.of(namespace(), name(), new MapAttacher(keyCodec, valueCodec));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a shared map is serialised as a SharedReference");
    }

    /** How a deserialised reference attaches the map. */
    private record MapAttacher(Codec<?> keyCodec, Codec<?> valueCodec) implements Attacher<SharedMap<?, ?>> {
        @Override
        public SharedMap<?, ?> attach(Namespace ns, String name) {
            return SharedMap.attach(ns, name, keyCodec, valueCodec);
        }
    }

    // ---------------------------------------------------------------- per-thread buffers

    /** Bytes encoded by a codec, in a heap buffer kept (and grown) for the thread. */
    private final class Scratch {
        byte[] array = new byte[64];
        MemorySegment segment = MemorySegment.ofArray(array);
        final SegmentBuffer buffer = new SegmentBuffer(segment);
        int length;

        <T> void encode(Codec<T> codec, T value) {
            int announced = codec.encodedLength(value);
            if (announced >= 0) {
                if (announced > array.length) {
                    grow(announced);
                }
                int written = codec.encode(value, buffer, 0);
                if (written != announced) {
                    throw new CodecException("codec " + codec.descriptor() + " announced " + announced
                            + " bytes but wrote " + written + ": encodedLength must return exactly what encode writes");
                }
                length = written;
                return;
            }
            if (announced != Codec.UNKNOWN_LENGTH) {
                throw new CodecException("codec " + codec.descriptor() + " gave the length " + announced
                        + ": a length must be at least 0, or Codec.UNKNOWN_LENGTH");
            }
            for (;;) {
                try {
                    length = codec.encode(value, buffer, 0);
                    return;
                } catch (IndexOutOfBoundsException full) {
                    if (array.length > heapPerStripe) {
                        throw new MapFullException(MapFullException.Limit.BYTES, description + " cannot hold an encoding of"
                                + " more than " + array.length + " bytes: a stripe has " + heapPerStripe + " heap bytes;"
                                + " create the map with a larger maxBytes");
                    }
                    grow((int) Math.min(Integer.MAX_VALUE - 8, 2L * array.length));
                }
            }
        }

        private void grow(int bytes) {
            array = new byte[bytes];
            segment = MemorySegment.ofArray(array);
            buffer.wrap(segment);
        }
    }

    /** What one thread needs to run an update without allocating: scratch encodings and a read view. */
    private final class Worker {
        final Scratch key = new Scratch();
        final Scratch value = new Scratch();
        final Scratch expected = new Scratch();
        final SegmentBuffer view = new SegmentBuffer();
        long hash;
        /** Set by {@link #find}: the bucket word, the word linking to the record found, the record. */
        long bucket;
        long link;
        long block;
        boolean inFunction;

        void encodeKey(K k) {
            key.encode(keyCodec, Objects.requireNonNull(k, "key"));
            hash = hash(key.array, key.length);
        }

        /** @return false if {@code k} is not a key this map's codec can encode (so it maps to nothing) */
        @SuppressWarnings("unchecked")
        boolean encodeForeignKey(Object k) {
            Objects.requireNonNull(k, "key");
            try {
                encodeKey((K) k);
                return true;
            } catch (ClassCastException notAK) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- creating

    /**
     * Options of a new map. Sizes are fixed at creation; every process that attaches sees them.
     *
     * <pre>{@code
     * SharedMap<String, Long> totals = SharedMap.builder(Codecs.string(), Codecs.ofLong())
     *         .maxEntries(100_000)          // keys
     *         .maxBytes(100_000 * 64L)      // each record: a block of 24 + key + value bytes, rounded up to a power of two
     *         .create(ns, "totals");
     * }</pre>
     *
     * The map is split into {@link #stripes(int) stripes}, each with its own lock, its share of the entries
     * and of the bytes, and some headroom (four standard deviations of how unevenly a good hash spreads
     * keys), so that {@code maxEntries} keys fit.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public static final class Builder<K, V> {
        private final Codec<K> keyCodec;
        private final Codec<V> valueCodec;
        private int maxEntries = 4096;
        private long maxBytes = -1;
        private int stripes = -1;

        Builder(Codec<K> keyCodec, Codec<V> valueCodec) {
            this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
            this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
        }

        /** Entries the map must hold; 4096 by default. */
        public Builder<K, V> maxEntries(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a map must hold at least 1 entry, got maxEntries " + count);
            }
            this.maxEntries = count;
            return this;
        }

        /**
         * Bytes of records; by default 64 per entry (records of up to 40 key and value bytes). Each record takes
         * a block of 24 + key + value bytes rounded up to a power of two, at least 32.
         */
        public Builder<K, V> maxBytes(long bytes) {
            if (bytes < SMALLEST_BLOCK) {
                throw new IllegalArgumentException("a map needs at least " + SMALLEST_BLOCK + " bytes of records, got " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /**
         * Stripes, each with a lock of its own: a power of two up to 1024; by default 64, fewer for small maps
         * (a sixteenth of maxEntries) so that each stripe's share is not too small to absorb uneven hashing.
         */
        public Builder<K, V> stripes(int count) {
            if (count < 1 || count > MAX_STRIPES || Integer.bitCount(count) != 1) {
                throw new IllegalArgumentException("stripes must be a power of two from 1 to " + MAX_STRIPES + ", got " + count);
            }
            this.stripes = count;
            return this;
        }

        /** Creates the map {@code name}. @throws io.shmproc.memory.ObjectExistsException if the name is taken */
        public SharedMap<K, V> create(Namespace ns, String name) {
            return create(ns, name, type(keyCodec, valueCodec));
        }

        /** Attaches the map {@code name} if it exists (with its own sizes), else creates it with these. */
        public SharedMap<K, V> open(Namespace ns, String name) {
            return open(ns, name, type(keyCodec, valueCodec));
        }

        /** As {@link #create(Namespace, String)}, recording {@code type}: for objects of this package built on a map. */
        SharedMap<K, V> create(Namespace ns, String name, ObjectType type) {
            Sizes sizes = sizes();
            return new SharedMap<>(ns.create(name, type, sizes.payloadBytes(), sizes::initialise), keyCodec, valueCodec);
        }

        /** As {@link #open(Namespace, String)}, recording {@code type}: for objects of this package built on a map. */
        SharedMap<K, V> open(Namespace ns, String name, ObjectType type) {
            Sizes sizes = sizes();
            return new SharedMap<>(ns.open(name, type, sizes.payloadBytes(), sizes::initialise), keyCodec, valueCodec);
        }

        private Sizes sizes() {
            long bytes = maxBytes < 0 ? 64L * maxEntries : maxBytes;
            int n = stripes > 0 ? stripes : Math.min(64, Math.max(1, Integer.highestOneBit(maxEntries / 16)));
            double share = (double) maxEntries / n;
            long perStripe = (long) Math.ceil(share + (n == 1 ? 0 : 4 * Math.sqrt(share) + 4));
            if (perStripe > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("maxEntries " + maxEntries + " is too many for " + n + " stripes");
            }
            int buckets = Integer.highestOneBit((int) Math.max(1, perStripe - 1)) << 1;
            double headroom = (double) perStripe / share;
            long heap = ((long) Math.ceil(bytes / (double) n * Math.min(headroom, n)) + 7) & -8L;
            heap = Math.max(heap, SMALLEST_BLOCK);
            return new Sizes(n, buckets, (int) perStripe, heap, stripeBytes(buckets, heap), maxEntries, bytes);
        }
    }

    /** The sizes a builder derived, and how to lay them out in a new map. */
    private record Sizes(int stripes, int buckets, int entriesPerStripe, long heapPerStripe, long stripeBytes,
                         long maxEntries, long maxBytes) {
        long payloadBytes() {
            return CONTROL_BYTES + stripes * stripeBytes;
        }

        /** Every stripe starts zeroed: free locks, empty buckets, empty heaps and free lists, empty logs. */
        void initialise(MemorySegment payload) {
            INT.set(payload, STRIPES_OFFSET, stripes);
            INT.set(payload, BUCKETS_OFFSET, buckets);
            INT.set(payload, ENTRIES_PER_STRIPE_OFFSET, entriesPerStripe);
            LONG.set(payload, HEAP_PER_STRIPE_OFFSET, heapPerStripe);
            LONG.set(payload, STRIPE_BYTES_OFFSET, stripeBytes);
            LONG.set(payload, MAX_ENTRIES_OFFSET, maxEntries);
            LONG.set(payload, MAX_BYTES_OFFSET, maxBytes);
        }
    }
}

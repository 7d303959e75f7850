package io.shmproc.cli;

import io.shmproc.channel.ChannelInspection;
import io.shmproc.collections.CollectionsInspection;
import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectInfo;
import io.shmproc.memory.ProcessId;
import io.shmproc.memory.ProcessInfo;
import io.shmproc.shared.SharedInspection;
import io.shmproc.sync.SyncInspection;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What each four-letter kind in an object's header is called and how {@code inspect} decodes it.
 *
 * <p>To support a new kind, add one {@link #KNOWN} entry: its code, its name, and a {@link KindInspector}
 * built on a read-only accessor of the layer that owns the layout ({@code KindInspector.GENERIC} until
 * there is one). An unknown kind is still listed, with its code, descriptor and size.
 *
 * <pre>{@code
 * String name = Kinds.name(object);          // "joinable queue"
 * Map<String, Object> facts = Kinds.describe(object, view.payload(object), view);
 * }</pre>
 */
final class Kinds {
    /** How many leading elements of an array {@code inspect} shows. */
    static final int FIRST_ELEMENTS = 8;

    private record Kind(String name, KindInspector inspector) {
    }

    private static final Map<String, Kind> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(ChannelInspection.QUEUE_KIND, new Kind("queue", Kinds::queue));
        KNOWN.put(ChannelInspection.JOINABLE_QUEUE_KIND, new Kind("joinable queue", Kinds::queue));
        KNOWN.put(ChannelInspection.PIPE_KIND, new Kind("pipe", Kinds::pipe));
        KNOWN.put(SyncInspection.LOCK_KIND, new Kind("lock", Kinds::lock));
        KNOWN.put(SyncInspection.SEMAPHORE_KIND, new Kind("semaphore", Kinds::semaphore));
        KNOWN.put(SyncInspection.EVENT_KIND, new Kind("event", Kinds::event));
        KNOWN.put(SyncInspection.CONDITION_KIND, new Kind("condition", Kinds::condition));
        KNOWN.put(SyncInspection.BARRIER_KIND, new Kind("barrier", Kinds::barrier));
        KNOWN.put(SharedInspection.VALUE_KIND, new Kind("value", Kinds::value));
        KNOWN.put(SharedInspection.ARRAY_KIND, new Kind("array", Kinds::array));
        KNOWN.put(SharedInspection.STRUCT_ARRAY_KIND, new Kind("struct array", Kinds::structArray));
        KNOWN.put(CollectionsInspection.MAP_KIND, new Kind("map", Kinds::map));
        KNOWN.put(CollectionsInspection.LIST_KIND, new Kind("list", Kinds::list));
        KNOWN.put(CollectionsInspection.NAMESPACE_KIND, new Kind("namespace", Kinds::map));
    }

    private Kinds() {
    }

    /** @return what people call the object's kind: "queue", "rlock", "byte string", ... */
    static String name(ObjectInfo object) {
        if (!object.isReadable()) {
            return "unreadable";
        }
        if (object.kind().equals(SyncInspection.LOCK_KIND)
                && object.descriptor().equals(SyncInspection.REENTRANT_LOCK_DESCRIPTOR)) {
            return "rlock";
        }
        if (object.kind().equals(SharedInspection.ARRAY_KIND)
                && object.descriptor().equals(SharedInspection.BYTE_STRING_ELEMENT)) {
            return "byte string";
        }
        Kind kind = KNOWN.get(object.kind());
        return kind == null ? "unknown" : kind.name();
    }

    /** @return the kind-specific facts of a readable object */
    static Map<String, Object> describe(ObjectInfo object, MemorySegment payload, NamespaceView view) {
        Map<String, Object> facts = new LinkedHashMap<>();
        Kind kind = KNOWN.get(object.kind());
        (kind == null ? KindInspector.GENERIC : kind.inspector()).describe(object, payload, view, facts);
        return facts;
    }

    // ---------------------------------------------------------------- one per kind

    private static void queue(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        ChannelInspection.RingState queue = ChannelInspection.queue(p);
        ring(queue, "", f);
        if (o.kind().equals(ChannelInspection.JOINABLE_QUEUE_KIND)) {
            f.put("unfinished", queue.unfinished());
        }
    }

    private static void ring(ChannelInspection.RingState r, String prefix, Map<String, Object> f) {
        f.put(key(prefix, "messages"), r.messages());
        f.put(key(prefix, "bytes"), r.bytes());
        f.put(key(prefix, "capacityBytes"), r.capacityBytes());
        f.put(key(prefix, "maxMessageBytes"), r.maxMessageBytes());
        f.put(key(prefix, "maxMessages"), r.maxMessages() == 0 ? null : r.maxMessages());
        f.put(key(prefix, "closed"), r.closed());
    }

    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static void pipe(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        ChannelInspection.PipeState pipe = ChannelInspection.pipe(p);
        f.put("duplex", pipe.duplex());
        holder(pipe.firstHolder(), "firstEnd", v, f);
        holder(pipe.secondHolder(), "secondEnd", v, f);
        ring(pipe.toFirst(), "toFirst", f);
        if (pipe.toSecond() != null) {
            ring(pipe.toSecond(), "toSecond", f);
        }
    }

    private static void holder(ProcessId id, String prefix, NamespaceView v, Map<String, Object> f) {
        Optional<ProcessInfo> process = id == null ? Optional.empty()
                : v.process(id.slot()).filter(p -> p.id().equals(id));
        f.put(prefix + "Slot", id == null ? null : id.slot());
        f.put(prefix + "Pid", process.map(ProcessInfo::pid).orElse(null));
        f.put(prefix + "Alive", id == null ? null : v.isAlive(id));
    }

    private static void lock(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SyncInspection.LockState lock = SyncInspection.lock(p);
        f.put("held", lock.held());
        if (lock.held()) {
            // The lock keeps only its owner's slot and low generation bits: the slot's last process is the
            // owner only if those bits match; otherwise the owner was an earlier process of that slot, gone.
            Optional<ProcessInfo> owner = v.process(lock.ownerSlot()).filter(pi -> lock.heldBy(pi.id()));
            f.put("ownerSlot", lock.ownerSlot());
            f.put("ownerPid", owner.map(ProcessInfo::pid).orElse(null));
            f.put("ownerAlive", owner.map(ProcessInfo::alive).orElse(false));
            f.put("ownerThread", lock.ownerThread());
            f.put("takenFromDeadOwner", lock.fromDeadOwner());
        }
        if (o.descriptor().equals(SyncInspection.REENTRANT_LOCK_DESCRIPTOR)) {
            f.put("holds", lock.holds());
        }
        f.put("recoveries", lock.recoveries());
        f.put("waiters", lock.waiters());
    }

    private static void semaphore(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SyncInspection.SemaphoreState s = SyncInspection.semaphore(p);
        f.put("permits", s.permits());
        f.put("bound", s.bound() == 0 ? null : s.bound());
        f.put("waiters", s.waiters());
    }

    private static void event(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SyncInspection.EventState e = SyncInspection.event(p);
        f.put("set", e.set());
        f.put("waiters", e.waiters());
    }

    private static void condition(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SyncInspection.ConditionState c = SyncInspection.condition(p);
        f.put("signals", c.signals());
        f.put("waiters", c.waiters());
    }

    private static void barrier(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SyncInspection.BarrierState b = SyncInspection.barrier(p);
        f.put("parties", b.parties());
        f.put("waiting", b.waiting());
        f.put("generation", b.generation());
        f.put("broken", b.broken());
    }

    private static void value(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        f.put("value", SharedInspection.value(o.descriptor(), p));
    }

    private static void array(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        SharedInspection.ArrayState a = SharedInspection.array(o.descriptor(), p, FIRST_ELEMENTS);
        f.put("length", a.length());
        if (a.text() != null) {
            f.put("text", a.text());
        } else {
            f.put("first", a.first());
        }
    }

    private static void structArray(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        OptionalLong length = SharedInspection.structCount(o.descriptor(), o.payloadBytes());
        f.put("length", length.isPresent() ? (Object) length.getAsLong() : null);
    }

    private static void map(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        CollectionsInspection.MapState m = CollectionsInspection.map(p);
        f.put(o.kind().equals(CollectionsInspection.NAMESPACE_KIND) ? "attributes" : "entries", m.entries());
        f.put("maxEntries", m.maxEntries());
        f.put("maxBytes", m.maxBytes());
        f.put("stripes", m.stripes());
        f.put("repairs", m.repairs());
    }

    private static void list(ObjectInfo o, MemorySegment p, NamespaceView v, Map<String, Object> f) {
        CollectionsInspection.ListState l = CollectionsInspection.list(p);
        f.put("elements", l.elements());
        f.put("maxElements", l.maxElements());
        f.put("usedBytes", l.usedBytes());
        f.put("maxBytes", l.maxBytes());
        f.put("compactions", l.compactions());
        f.put("repairs", l.repairs());
    }
}

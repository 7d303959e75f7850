package io.shmproc.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One named object's memory, as mapped by this process: the payload after the object's header.
 * Obtained from {@link Namespace#create}, {@link Namespace#attach} or {@link Namespace#open}; the layers
 * above wrap it in typed objects (values, arrays, locks, queues).
 *
 * <p>Closing the region that created the object also unlinks it from the namespace, unless
 * {@link #keep()} was called. Unlinking removes the name; processes that still have the object mapped
 * keep working on it, and its memory is never handed to another object while they might.
 *
 * <pre>{@code
 * try (Region r = ns.create("ticks", new ObjectType("VALU", "int64"), 8, p -> p.set(JAVA_LONG, 0, 0L))) {
 *     MemorySegment payload = r.payload();
 * }
 * }</pre>
 */
public final class Region implements AutoCloseable {
    private final Namespace namespace;
    private final String name;
    private final ObjectType type;
    private final MemorySegment payload;
    private final long objectId;
    private final boolean creator;
    /** Non-null when the object has a file and mapping of its own. */
    private final Arena ownMapping;
    private volatile boolean kept;
    private volatile boolean closed;

    Region(Namespace namespace, String name, ObjectType type, MemorySegment payload, long objectId,
           boolean creator, Arena ownMapping) {
        this.namespace = namespace;
        this.name = name;
        this.type = type;
        this.payload = payload;
        this.objectId = objectId;
        this.creator = creator;
        this.ownMapping = ownMapping;
    }

    /** @return the object's name in its namespace */
    public String name() {
        return name;
    }

    /** @return the object's kind and layout */
    public ObjectType type() {
        return type;
    }

    /** @return the namespace the object lives in */
    public Namespace namespace() {
        return namespace;
    }

    /** @return whether this handle created the object (and so unlinks it on close unless kept) */
    public boolean isCreator() {
        return creator;
    }

    /**
     * The object's memory: 64-byte aligned, shared with every process that attached it.
     *
     * @throws ClosedObjectException if this region was closed
     */
    public MemorySegment payload() {
        checkOpen();
        return payload;
    }

    /** @throws ClosedObjectException if this region or its namespace was closed */
    public void checkOpen() {
        if (closed) {
            throw new ClosedObjectException("shared object '" + name + "' in namespace '" + namespace.name()
                    + "' is closed: attach it again to use it");
        }
    }

    /** @return whether {@link #close()} was called (directly or by closing the namespace) */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Keeps the object in the namespace after its creator closes it or exits: it then lives until
     * {@link Namespace#unlink(String)} removes it, even across restarts of every process (while the
     * machine runs, for objects under /dev/shm).
     */
    public void keep() {
        checkOpen();
        namespace.keep(this);
        kept = true;
    }

    long objectId() {
        return objectId;
    }

    /**
     * Releases this process's mapping (of the object's own file; arena objects stay mapped with the
     * namespace). Closing the creating region unlinks the object unless it was kept. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        namespace.closed(this, creator && !kept);
        if (ownMapping != null) {
            ownMapping.close();
        }
    }

    @Override
    public String toString() {
        return "Region[" + namespace.name() + "/" + name + ", " + type + ", " + payload.byteSize() + " bytes"
                + (closed ? ", closed" : "") + "]";
    }
}

package io.shmproc.memory;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;

/**
 * Base of every typed shared object (values, arrays, locks, queues): a named {@link Region} with the
 * life cycle of its namespace. Closing the object that created it unlinks its name unless
 * {@link #keep()} was called; other processes that attached it keep working.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedLong hits = SharedLong.open(ns, "hits", 0)) {
 *     hits.incrementAndGet();
 * }
 * }</pre>
 *
 * <p><b>Serialisation by name.</b> A shared object is {@link Serializable}: the stream holds a
 * {@link SharedReference} (namespace, name and the subclass's {@link #attacher()}), never the object's
 * memory, and reading it attaches the same object again, in this JVM or another. So a
 * {@code Serializable} task that captures a {@code SharedLong} increments the one counter wherever it
 * runs. The object must exist when the stream is read; see {@link SharedReference}.
 */
public abstract class SharedObject implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The object's memory and identity; never serialised, since {@link #writeReplace()} stands in. */
    protected final transient Region region;

    /** @param region the object's memory, created or attached by the subclass's factory */
    protected SharedObject(Region region) {
        this.region = region;
    }

    /** @return the object's name in its namespace */
    public final String name() {
        return region.name();
    }

    /** @return the namespace the object lives in */
    public final Namespace namespace() {
        return region.namespace();
    }

    /** @return whether this handle created the object */
    public final boolean isCreator() {
        return region.isCreator();
    }

    /** Keeps the object after its creator closes it or exits, until {@link Namespace#unlink} removes it. */
    public final void keep() {
        region.keep();
    }

    /** @return whether this handle (or its namespace) was closed */
    public final boolean isClosed() {
        return region.isClosed();
    }

    /** Releases this handle; the creator's close also unlinks the name unless kept. Idempotent. */
    @Override
    public void close() {
        region.close();
    }

    /**
     * @return how a process that reads this object's {@link SharedReference} attaches it: typically the
     *     subclass's {@code attach(Namespace, String)}, with whatever else it takes (a layout, a lock)
     * @throws NotSerializableException if something attaching needs cannot be serialised (the message
     *     names the object and says what to change)
     */
    protected abstract Attacher<?> attacher() throws NotSerializableException;

    /**
     * Serialises this object by name: as a {@link SharedReference}.
     *
     * @throws ClosedObjectException if this handle is closed: the object may be gone
     */
    @Serial
    protected final Object writeReplace() throws ObjectStreamException {
        region.checkOpen();
        return SharedReference.of(namespace(), name(), attacher());
    }

    /** Refuses a stream that claims to hold the object itself rather than its reference (forged or corrupt). */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a shared object is serialised as a SharedReference");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + namespace().name() + "/" + name() + "]";
    }
}

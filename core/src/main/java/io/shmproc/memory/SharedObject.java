package io.shmproc.memory;

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
 */
public abstract class SharedObject implements AutoCloseable {
    /** The object's memory and identity. */
    protected final Region region;

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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + namespace().name() + "/" + name() + "]";
    }
}

package io.shmproc.memory;

/**
 * Thrown on any use of a namespace or shared object after it was closed. The message names the object.
 *
 * <pre>{@code
 * SharedLong counter = SharedLong.create(ns, "counter", 0);
 * counter.close();
 * counter.get();   // ClosedObjectException: "shared object 'counter' in namespace 'demo' is closed ..."
 * }</pre>
 */
public final class ClosedObjectException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what is closed and what to do */
    public ClosedObjectException(String message) {
        super(message);
    }
}

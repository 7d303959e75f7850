package io.shmproc.memory;

/**
 * Thrown when creating an object under a name that another object in the namespace already has.
 * Use {@code open} (create or attach) when either is fine. {@link SharedMemory#create} throws it too,
 * for a region name that is taken.
 *
 * <pre>{@code
 * Region r = namespace.create("counter", type, 8, init);   // throws if "counter" exists
 * Region s = namespace.open("counter", type, 8, init);     // attaches if it exists
 * }</pre>
 */
public final class ObjectExistsException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message which name is taken and what to do */
    public ObjectExistsException(String message) {
        super(message);
    }
}

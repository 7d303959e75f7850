package io.shmproc.memory;

/**
 * Thrown when attaching to a name that no object in the namespace has, or, from
 * {@link SharedMemory#attach}, that no shared memory region has.
 *
 * <pre>{@code
 * if (!namespace.exists("counter")) { ... create it ... }
 * }</pre>
 */
public final class ObjectNotFoundException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message what was missing and what to do */
    public ObjectNotFoundException(String message) {
        super(message);
    }
}

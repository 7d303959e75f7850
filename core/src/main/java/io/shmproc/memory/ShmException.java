package io.shmproc.memory;

/**
 * Base of the exceptions shmproc throws for a shared object that cannot be created, found or used.
 *
 * <p>Every message says what was wrong and what to do about it, for example:
 * <pre>{@code
 * try {
 *     Region r = namespace.attach("counter", expectedType);
 * } catch (ObjectNotFoundException e) {
 *     // "no object 'counter' in namespace 'demo' (/dev/shm/shmproc-alice/demo): create it first ..."
 * }
 * }</pre>
 */
public class ShmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do */
    public ShmException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do
     * @param cause   the underlying failure
     */
    public ShmException(String message, Throwable cause) {
        super(message, cause);
    }
}

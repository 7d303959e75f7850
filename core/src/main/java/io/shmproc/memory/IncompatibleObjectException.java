package io.shmproc.memory;

/**
 * Thrown when a shared object or file exists but is not what the caller expects: another kind or
 * layout (the message names both), another format version, or a file that shmproc did not write.
 *
 * <pre>{@code
 * // "counter" was created as a long; attaching it as a double fails:
 * // "object 'counter' in namespace 'demo' is a value 'q' (int64) but was attached as a value 'd' (double) ..."
 * }</pre>
 */
public final class IncompatibleObjectException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found, what was expected, and what to do */
    public IncompatibleObjectException(String message) {
        super(message);
    }
}

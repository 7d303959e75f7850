package io.shmproc.memory;

/**
 * Thrown when a namespace cannot hold a new object or process: its file system is full, or one of the
 * capacities fixed when the namespace was created (arena bytes, number of objects, number of processes)
 * is used up. The message names the directory and how to choose another or a larger capacity.
 *
 * <pre>{@code
 * Namespace ns = Namespace.builder("big").directory(Path.of("/mnt/bigdisk/shm")).open();
 * }</pre>
 */
public final class InsufficientSpaceException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message what ran out, where, and what to do */
    public InsufficientSpaceException(String message) {
        super(message);
    }

    /**
     * @param message what ran out, where, and what to do
     * @param cause   the I/O failure that reported it
     */
    public InsufficientSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}

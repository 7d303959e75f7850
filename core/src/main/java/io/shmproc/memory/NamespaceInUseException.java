package io.shmproc.memory;

/**
 * Thrown when a namespace, or an object in it, is not removed because live processes are attached to
 * the namespace and may still be using it.
 *
 * <pre>{@code
 * try {
 *     NamespaceRemoval.delete(root, "work", false);
 * } catch (NamespaceInUseException e) {
 *     // "namespace 'work' (/dev/shm/shmproc-alice/work) has 2 live processes (pids 4242, 4243) ..."
 * }
 * }</pre>
 */
public final class NamespaceInUseException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message which processes are attached, and what to do */
    public NamespaceInUseException(String message) {
        super(message);
    }
}

package io.shmproc.process;

import java.io.Serial;
import java.util.Objects;

/**
 * Stands in for an exception thrown in another process whose own class could not travel back (it was
 * not serialisable, or this JVM cannot load it). It carries what Python's remote traceback carries: the
 * remote class name, its message and its stack trace, and the same for its causes.
 *
 * <pre>{@code
 * } catch (ExecutionException e) {
 *     if (e.getCause() instanceof RemoteTaskException remote) {
 *         System.err.println("the worker threw " + remote.remoteClassName());
 *     }
 * }
 * }</pre>
 */
public final class RemoteTaskException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    private RemoteTaskException(String remoteClassName, String message, RemoteTaskException cause) {
        super(remoteClassName + (message == null ? "" : ": " + message), cause, true, true);
        this.remoteClassName = remoteClassName;
    }

    /**
     * Copies {@code thrown}, its causes and suppressed exceptions into exceptions of this class, keeping
     * every class name, message and stack frame.
     */
    public static RemoteTaskException copyOf(Throwable thrown) {
        Objects.requireNonNull(thrown, "thrown");
        return copy(thrown, 0);
    }

    private static RemoteTaskException copy(Throwable thrown, int depth) {
        Throwable cause = thrown.getCause();
        // A cause chain can be cyclic in principle; stop where Throwable.printStackTrace would.
        RemoteTaskException copiedCause = cause == null || cause == thrown || depth > 64 ? null : copy(cause, depth + 1);
        RemoteTaskException copy = new RemoteTaskException(thrown.getClass().getName(), thrown.getMessage(), copiedCause);
        copy.setStackTrace(thrown.getStackTrace());
        if (depth <= 64) {
            for (Throwable suppressed : thrown.getSuppressed()) {
                copy.addSuppressed(copy(suppressed, depth + 1));
            }
        }
        return copy;
    }

    /** @return the name of the exception's class in the process that threw it */
    public String remoteClassName() {
        return remoteClassName;
    }
}

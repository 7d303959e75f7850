package io.shmproc.process;

import java.io.Serial;

/**
 * The worker running a task died before it finished: killed, out of memory, {@code System.exit}, or a
 * crash of its JVM. The task's future fails with this exception (Python's pool would wait forever) and the
 * pool starts a new worker in its place.
 *
 * <pre>{@code
 * } catch (ExecutionException e) {
 *     if (e.getCause() instanceof WorkerDiedException died) {
 *         System.err.println(died.workerName() + " died with exit code " + died.exitCode());
 *     }
 * }
 * }</pre>
 */
public final class WorkerDiedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String workerName;
    private final long workerPid;
    private final int exitCode;

    WorkerDiedException(String workerName, long workerPid, int exitCode) {
        super("worker " + workerName + " (pid " + workerPid + ") died running this task, with exit code " + exitCode
                + describe(exitCode) + "; the pool has started another worker in its place");
        this.workerName = workerName;
        this.workerPid = workerPid;
        this.exitCode = exitCode;
    }

    private static String describe(int exitCode) {
        return switch (exitCode) {
            case -9 -> " (SIGKILL: killed, or by the kernel's out-of-memory killer)";
            case -15 -> " (SIGTERM)";
            case -6 -> " (SIGABRT: the JVM crashed; look for an hs_err file)";
            default -> exitCode < 0 ? " (signal " + -exitCode + ")" : " (System.exit or an error outside the task)";
        };
    }

    /** @return the dead worker's name */
    public String workerName() {
        return workerName;
    }

    /** @return the dead worker's pid */
    public long workerPid() {
        return workerPid;
    }

    /** @return its exit code, as {@link JvmProcess#exitCode()} gives it */
    public int exitCode() {
        return exitCode;
    }
}

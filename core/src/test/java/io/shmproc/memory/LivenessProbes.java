package io.shmproc.memory;

import java.util.concurrent.Callable;

/**
 * For tests that need a liveness check caught in the middle: this JVM asks whether a process of a
 * namespace lives through the one {@link LockFile} it keeps for the namespace, whose probes take its
 * monitor. Holding it makes every probe of this JVM wait at the point where the owner was read but
 * the kernel not yet asked.
 */
public final class LivenessProbes {
    private LivenessProbes() {
    }

    /** Runs {@code action} while this JVM's liveness probes of {@code ns}'s processes wait. */
    public static <T> T holdWhile(Namespace ns, Callable<T> action) throws Exception {
        LockFile file = LockFile.open(ns.directory().resolve(Namespace.LOCK_FILE));
        try {
            synchronized (file) {
                return action.call();
            }
        } finally {
            file.release();
        }
    }
}

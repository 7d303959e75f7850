package io.shmproc.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The process pools of this JVM that are not terminated yet. When the JVM exits normally (its last
 * non-daemon thread ends, or {@code System.exit}) each is terminated and given a few seconds to release
 * its shared memory, so that a program which calls {@link ProcessPool#terminate()}, or never closes its
 * pool at all, leaves nothing in {@code /dev/shm}, as Python's pools are terminated when the interpreter
 * exits. A JVM killed with SIGKILL runs no hook: the inspector's {@code gc} removes what it left.
 */
final class OpenPools {
    /** How long the exit waits for each pool's workers to be gone and its memory released. */
    static final long EXIT_WAIT_SECONDS = 5;
    private static final Set<ProcessPool> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private OpenPools() {
    }

    static void opened(ProcessPool pool) {
        installHook();
        OPEN.add(pool);
    }

    static void terminated(ProcessPool pool) {
        OPEN.remove(pool);
    }

    private static void installHook() {
        if (!hookInstalled) {
            synchronized (OpenPools.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(OpenPools::atExit, "shmproc-pools-at-exit"));
                    hookInstalled = true;
                }
            }
        }
    }

    private static void atExit() {
        for (ProcessPool pool : OPEN) {
            pool.terminate();
        }
        for (ProcessPool pool : OPEN) {
            try {
                pool.awaitTermination(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return; // the JVM is going down regardless
            }
        }
    }
}

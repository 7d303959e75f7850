package io.shmproc.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children this JVM started and has not yet seen exit, and what happens to them when it exits
 * normally: as in Python, daemon children are terminated and the others are waited for. (A daemon child
 * of a JVM that is killed notices by itself, through the end of its standard input.)
 */
final class Children {
    private static final Set<JvmProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private Children() {
    }

    static void started(JvmProcess child) {
        installHook();
        RUNNING.add(child);
    }

    static void exited(JvmProcess child) {
        RUNNING.remove(child);
    }

    static List<JvmProcess> alive() {
        List<JvmProcess> alive = new ArrayList<>();
        for (JvmProcess child : RUNNING) {
            if (child.isAlive()) {
                alive.add(child);
            }
        }
        return alive;
    }

    private static void installHook() {
        if (!hookInstalled) {
            synchronized (Children.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(Children::atExit, "shmproc-children-at-exit"));
                    hookInstalled = true;
                }
            }
        }
    }

    private static void atExit() {
        for (JvmProcess child : RUNNING) {
            if (child.isDaemon()) {
                child.terminate();
            }
        }
        for (JvmProcess child : RUNNING) {
            child.joinQuietly();
        }
    }
}

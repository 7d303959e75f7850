package io.shmproc.process;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * This JVM's place in its process tree: who it is, who started it, and the numbering of the children it
 * starts, as Python's {@code _identity} and {@code _parent_pid}. The main process of a program is
 * {@code "MainProcess"} with no parent; {@link ChildMain} sets the rest in a child before its task runs.
 */
final class Lineage {
    /** Null until asked for in a main process: a child learns its pid from its launch, without asking the system. */
    private static volatile ProcessIdentity self;
    private static volatile ProcessIdentity parent;
    private static volatile int[] position = new int[0];
    private static final AtomicInteger CHILDREN = new AtomicInteger();

    private Lineage() {
    }

    static void becomeChild(Launch launch) {
        self = new ProcessIdentity(launch.name(), launch.pid(), launch.daemon());
        parent = new ProcessIdentity(launch.parentName(), launch.parentPid(), false);
        position = launch.lineage().clone();
    }

    static ProcessIdentity self() {
        ProcessIdentity identity = self;
        if (identity == null) {
            identity = new ProcessIdentity("MainProcess", ProcessHandle.current().pid(), false);
            self = identity;
        }
        return identity;
    }

    static ProcessIdentity parent() {
        return parent;
    }

    /** @return the position of this JVM's next child: this JVM's own followed by a new number */
    static int[] nextChild() {
        int[] child = Arrays.copyOf(position, position.length + 1);
        child[position.length] = CHILDREN.incrementAndGet();
        return child;
    }

    /** @return Python's default name for the child at {@code lineage}: {@code Process-1}, {@code Process-1:2} */
    static String defaultName(int[] lineage) {
        return "Process-" + Arrays.stream(lineage).mapToObj(Integer::toString).collect(Collectors.joining(":"));
    }
}

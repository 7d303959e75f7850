package io.shmproc.process;

import java.io.Serializable;
import java.util.Optional;

/**
 * Who a process is, as Python's {@code current_process()} and {@code parent_process()} tell it: its name,
 * operating-system pid and whether it is a daemon. The main process of a program is
 * {@code "MainProcess"}; a child started by {@link JvmProcess} has the name it was given.
 *
 * <pre>{@code
 * ProcessIdentity me = JvmProcess.current();
 * System.out.println(me.name() + " " + me.pid()
 *         + JvmProcess.parent().map(p -> " child of " + p.pid()).orElse(""));
 * }</pre>
 *
 * @param name   the process's name
 * @param pid    its operating-system process id
 * @param daemon whether it dies with its parent
 */
public record ProcessIdentity(String name, long pid, boolean daemon) implements Serializable {
    /** @return the operating-system handle, if the process still exists (pids are reused: compare start times) */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid);
    }

    /** @return whether a process with this pid is alive */
    public boolean isAlive() {
        return handle().map(ProcessHandle::isAlive).orElse(false);
    }
}

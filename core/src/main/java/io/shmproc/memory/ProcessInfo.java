package io.shmproc.memory;

import java.time.Instant;

/**
 * What the process table says about one slot, for people and tools (the inspector, error messages).
 *
 * <pre>{@code
 * for (ProcessInfo p : namespace.processes().attached()) {
 *     System.out.println(p.pid() + (p.alive() ? " alive" : " dead"));
 * }
 * }</pre>
 *
 * @param id       the attachment
 * @param pid      the operating-system process id when it attached (informative only: pids are reused)
 * @param attached when it attached
 * @param alive    whether it still holds its slot's lock
 */
public record ProcessInfo(ProcessId id, long pid, Instant attached, boolean alive) {
}

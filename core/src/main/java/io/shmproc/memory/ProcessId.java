package io.shmproc.memory;

/**
 * One attachment of one process to a namespace: the process-table slot it holds and that slot's
 * generation at the time. Unlike a pid it is never reused, so it is what locks and queues record as an
 * owner: {@link ProcessTable#isAlive(ProcessId)} tells for certain whether that owner still runs.
 *
 * <pre>{@code
 * ProcessId me = namespace.self();
 * boolean ownerAlive = namespace.processes().isAlive(recordedOwner);
 * }</pre>
 *
 * @param slot       index in the namespace's process table
 * @param generation how many times the slot had been claimed when this process claimed it
 */
public record ProcessId(int slot, long generation) {
}

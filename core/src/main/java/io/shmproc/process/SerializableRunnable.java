package io.shmproc.process;

import java.io.Serializable;

/**
 * A {@link Runnable} that can travel to another JVM: a lambda or method reference assigned to this type
 * is compiled serialisable, so {@link JvmProcess} can send it to the child that runs it.
 *
 * <p>What the lambda captures travels with it: values by Java serialisation, shared objects (queues,
 * locks, shared values) by name, re-attached in the child.
 *
 * <pre>{@code
 * SharedLong hits = SharedLong.open(ns, "hits", 0);
 * JvmProcess child = JvmProcess.of(() -> hits.incrementAndGet());
 * }</pre>
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}

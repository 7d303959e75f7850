package io.shmproc.process;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can travel to another JVM, as {@link SerializableRunnable} does; its result
 * travels back by Java serialisation.
 *
 * <pre>{@code
 * JvmProcess child = JvmProcess.of(() -> ProcessHandle.current().pid());
 * child.start();
 * child.join();
 * long childPid = (Long) child.result();
 * }</pre>
 *
 * @param <V> the result type; it must be {@link Serializable} (or null)
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}

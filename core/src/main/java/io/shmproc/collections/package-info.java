/**
 * Shared collections in shared memory, with no server process: what Python's {@code Manager()} serves, updated
 * directly and atomically by every process of a namespace. {@link io.shmproc.collections.SharedMap} is a
 * {@link java.util.concurrent.ConcurrentMap}, {@link io.shmproc.collections.SharedList} a {@link java.util.List},
 * and {@link io.shmproc.collections.SharedNamespace} a set of named attributes of mixed types. Each rolls back
 * an update that a killed process left half done.
 *
 * <pre>{@code
 * SharedMap<String, Integer> counts = SharedMap.builder(Codecs.string(), Codecs.ofInt()).open(ns, "counts");
 * counts.merge("apples", 1, Integer::sum);
 * SharedList<String> log = SharedList.builder(Codecs.string()).open(ns, "log");
 * log.add("started");
 * SharedNamespace state = SharedNamespace.open(ns, "state");
 * state.set("phase", "running");
 * }</pre>
 *
 * <p>This layer sits above {@code channel} (its codecs) and {@code sync} (its robust locks), and below
 * {@code process}; it uses only the layers below it.
 */
package io.shmproc.collections;

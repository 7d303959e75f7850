/**
 * Shared collections in shared memory, with no server process: {@link io.shmproc.collections.SharedMap}, a
 * {@link java.util.concurrent.ConcurrentMap} that every process of a namespace updates directly and atomically.
 *
 * <pre>{@code
 * SharedMap<String, Integer> counts = SharedMap.builder(Codecs.string(), Codecs.ofInt()).open(ns, "counts");
 * counts.merge("apples", 1, Integer::sum);
 * }</pre>
 *
 * <p>This layer sits above {@code channel} (its codecs) and {@code sync} (its robust locks), and below
 * {@code process}; it uses only the layers below it.
 */
package io.shmproc.collections;

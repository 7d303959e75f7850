package io.shmproc.process;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to a worker JVM: what {@link Pool#map} applies to each element.
 *
 * <pre>{@code
 * List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }</pre>
 *
 * @param <T> the element type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}

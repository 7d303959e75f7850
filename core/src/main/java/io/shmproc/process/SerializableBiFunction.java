package io.shmproc.process;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can travel to a worker JVM: what {@link Pool#starmap} applies to each pair.
 *
 * <pre>{@code
 * List<Integer> sums = pool.starmap(Integer::sum, List.of(Map.entry(1, 2), Map.entry(3, 4)));
 * }</pre>
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}

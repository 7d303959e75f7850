package io.shmproc.process;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What a worker does with one chunk, whichever kind of pool it belongs to: call a callable, apply a
 * function to each element, or a two-argument function to each pair.
 *
 * <pre>{@code
 * Object[] results = Work.run(Work.MAP, function, elements);
 * }</pre>
 */
final class Work {
    static final byte CALL = 1;
    static final byte MAP = 2;
    static final byte STARMAP = 3;

    private Work() {
    }

    /** @return one result per element, or the callable's one result */
    @SuppressWarnings("unchecked")
    static Object[] run(byte kind, Object function, Object[] elements) throws Exception {
        switch (kind) {
            case CALL -> {
                return new Object[] {((Callable<Object>) function).call()};
            }
            case MAP -> {
                SerializableFunction<Object, Object> f = (SerializableFunction<Object, Object>) function;
                Object[] results = new Object[elements.length];
                for (int i = 0; i < elements.length; i++) {
                    results[i] = f.apply(elements[i]);
                }
                return results;
            }
            case STARMAP -> {
                SerializableBiFunction<Object, Object, Object> f = (SerializableBiFunction<Object, Object, Object>) function;
                Object[] results = new Object[elements.length];
                for (int i = 0; i < elements.length; i++) {
                    Pair pair = (Pair) elements[i];
                    results[i] = f.apply(pair.first, pair.second);
                }
                return results;
            }
            default -> throw new IllegalArgumentException("unknown kind of work " + kind);
        }
    }

    /** A starmap element as it travels: a {@link Map.Entry} need not be serialisable, its parts must. */
    record Pair(Object first, Object second) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static Pair of(Map.Entry<?, ?> entry) {
            return new Pair(entry.getKey(), entry.getValue());
        }
    }
}

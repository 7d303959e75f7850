package io.shmproc.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process pool's functions in their serialised form, each with an id that its workers decode it under
 * once. The same function submitted again (an {@code apply} in a loop) keeps its id, so a worker does not
 * decode it again: a lambda that captures nothing is recognised by its class without serialising it, any
 * other by its bytes.
 *
 * <pre>{@code
 * EncodedFunctions.Encoded f = functions.encode(task);   // f.id(), f.bytes() go into the task message
 * }</pre>
 */
final class EncodedFunctions {
    private static final int REMEMBERED = 256;

    /** @param id the id workers cache the function under; @param bytes its serialised form */
    record Encoded(long id, byte[] bytes) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Class<?>, Encoded> stateless = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Encoded> byContent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Encoded> eldest) {
            return size() > REMEMBERED;
        }
    };

    Encoded encode(Object function) throws IOException {
        Class<?> type = function.getClass();
        // A lambda's captured values are its fields: with none, every instance of its class is the same function.
        boolean capturesNothing = type.isHidden() && type.getDeclaredFields().length == 0;
        if (capturesNothing) {
            Encoded known = stateless.get(type);
            if (known != null) {
                return known;
            }
        }
        byte[] bytes = Outcome.serialise(function);
        Encoded encoded;
        synchronized (byContent) {
            encoded = byContent.computeIfAbsent(ByteBuffer.wrap(bytes), b -> new Encoded(ids.incrementAndGet(), bytes));
        }
        if (capturesNothing && stateless.size() < REMEMBERED) {
            stateless.put(type, encoded);
        }
        return encoded;
    }
}

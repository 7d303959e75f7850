package io.shmproc.channel;

import io.shmproc.memory.ShmException;

/**
 * A message could not be encoded or decoded: it is too large for a fixed-size field, its class is not
 * on the allow-list of the serialising codec, or its bytes are not what the codec wrote. Thrown by
 * {@link Codec} methods and passed through unchanged by channels, which stay usable afterwards.
 *
 * <pre>{@code
 * try {
 *     queue.put(message);
 * } catch (CodecException e) {
 *     // "class com.acme.Secret is not on this codec's allow-list ..."; the queue is unchanged
 * }
 * }</pre>
 */
public class CodecException extends ShmException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do */
    public CodecException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do
     * @param cause   the underlying failure
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}

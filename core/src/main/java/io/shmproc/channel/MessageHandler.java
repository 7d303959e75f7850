package io.shmproc.channel;

import org.agrona.DirectBuffer;

/**
 * Receives one message as bytes still in shared memory: the zero-copy way to read a {@link SharedQueue}
 * or a {@link Connection}. The bytes at {@code buffer[offset, offset + length)} are valid only during
 * the call (the channel reuses them afterwards), so a handler copies or decodes what it keeps.
 *
 * <pre>{@code
 * long[] sum = {0};
 * MessageHandler addUp = (buffer, offset, length) -> sum[0] += buffer.getLong(offset);
 * while (queue.drain(addUp, 256) > 0) {
 *     // up to 256 messages per call, no allocation per message
 * }
 * }</pre>
 *
 * A handler that throws still consumes its message (a poisoned message must not wedge the channel);
 * the exception reaches the caller of the receiving method.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param buffer a view of the channel's memory; do not keep it
     * @param offset where the message starts in {@code buffer}
     * @param length the message's length in bytes
     */
    void onMessage(DirectBuffer buffer, int offset, int length);
}

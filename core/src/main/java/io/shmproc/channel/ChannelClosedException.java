package io.shmproc.channel;

/**
 * A channel was closed for messages: a put after {@link SharedQueue#closeForPuts()} (from any process),
 * or a take from a closed queue whose messages have all been taken. Extends
 * {@link IllegalStateException}, as {@code BlockingQueue} reports a queue that refuses an element.
 *
 * <pre>{@code
 * try {
 *     for (;;) {
 *         handle(queue.take());
 *     }
 * } catch (ChannelClosedException endOfStream) {
 *     // the producers are done and every message was taken
 * }
 * }</pre>
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message which channel, and what was refused */
    public ChannelClosedException(String message) {
        super(message);
    }
}

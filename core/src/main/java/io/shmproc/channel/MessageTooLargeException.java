package io.shmproc.channel;

/**
 * A message is larger than its channel accepts. Nothing was sent and the channel is unchanged. Extends
 * {@link IllegalArgumentException}, as {@code BlockingQueue} reports an element it cannot hold.
 *
 * <pre>{@code
 * try {
 *     queue.put(image);
 * } catch (MessageTooLargeException e) {
 *     // "a message of 2000000 bytes is larger than the 524280 bytes queue 'frames' accepts; ..."
 *     log.warn(e.getMessage() + ": " + e.length() + " > " + e.limit());
 * }
 * }</pre>
 */
public class MessageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final long limit;

    /**
     * @param channel how the channel is named in messages, such as "queue 'jobs'"
     * @param length  the message's encoded length in bytes
     * @param limit   the most the channel accepts
     */
    public MessageTooLargeException(String channel, long length, long limit) {
        super("a message of " + length + " bytes is larger than the " + limit + " bytes " + channel
                + " accepts; send smaller messages, or create the channel with a larger capacity or maximum message size");
        this.length = length;
        this.limit = limit;
    }

    /** @return the refused message's length in bytes */
    public long length() {
        return length;
    }

    /** @return the most the channel accepts, in bytes */
    public long limit() {
        return limit;
    }
}

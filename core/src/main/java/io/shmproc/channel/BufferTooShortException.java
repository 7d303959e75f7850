package io.shmproc.channel;

/**
 * The buffer given to {@link Connection#recvBytesInto(byte[], int)} cannot hold the message: Python's
 * {@code BufferTooShort}. The message has been received all the same, and {@link #message()} holds it
 * whole, so nothing is lost.
 *
 * <pre>{@code
 * try {
 *     n = connection.recvBytesInto(buffer, 0);
 * } catch (BufferTooShortException e) {
 *     handle(e.message());          // the whole message, in a new array
 * }
 * }</pre>
 */
public class BufferTooShortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final byte[] message;

    /**
     * @param message the whole message received
     * @param room    the bytes the caller's buffer had from its offset
     */
    public BufferTooShortException(byte[] message, int room) {
        super("a message of " + message.length + " bytes does not fit the " + room + " bytes left in the buffer;"
                + " the whole message is in message(); pass a larger buffer next time");
        this.message = message;
    }

    /** @return the whole message that did not fit */
    public byte[] message() {
        return message.clone();
    }
}

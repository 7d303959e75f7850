package io.shmproc.collections;

/**
 * Thrown when a {@link SharedList} has no room for what an update adds: its capacity (elements and bytes)
 * is fixed when it is created. The message says which limit was reached, what the update needed and what
 * was left. The update that failed changed nothing, and the list stays usable: removing elements, or
 * replacing them with smaller ones, makes room again.
 *
 * <pre>{@code
 * try {
 *     log.add(line);
 * } catch (ListFullException full) {
 *     log.removeRange(0, log.size() / 2);   // or recreate the list with a larger maxElements / maxBytes
 *     log.add(line);
 * }
 * }</pre>
 */
public final class ListFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Which capacity was exhausted. */
    public enum Limit {
        /** the list holds {@code maxElements} elements */
        ELEMENTS,
        /** the elements in the list and those being written take more than {@code maxBytes} */
        BYTES
    }

    private final Limit limit;

    ListFullException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** @return the limit that was reached */
    public Limit limit() {
        return limit;
    }
}

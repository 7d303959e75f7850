package io.shmproc.collections;

/**
 * Thrown when a {@link SharedMap} has no room for an entry: its capacity (entries and bytes) is fixed
 * when it is created. The message says which limit was reached and how to choose a larger one. The
 * update that failed changed nothing, and the map stays usable: removing entries makes room again.
 *
 * <pre>{@code
 * try {
 *     sessions.put(id, session);
 * } catch (MapFullException full) {
 *     evictOldest(sessions);   // or recreate the map with a larger maxEntries / maxBytes
 *     sessions.put(id, session);
 * }
 * }</pre>
 */
public final class MapFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Which capacity was exhausted. */
    public enum Limit {
        /** the stripe the key hashes to holds as many entries as it can */
        ENTRIES,
        /** the stripe the key hashes to has no free block of the size the record needs */
        BYTES
    }

    private final Limit limit;

    MapFullException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** @return the limit that was reached */
    public Limit limit() {
        return limit;
    }
}

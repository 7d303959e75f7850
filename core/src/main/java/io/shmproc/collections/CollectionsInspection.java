package io.shmproc.collections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Read-only decoding of shared collections' state, for tools that show a namespace's objects without
 * their codecs: given an object's payload (from {@code NamespaceView.payload}, or {@link
 * io.shmproc.memory.Region#payload()}), how many entries, elements or attributes it holds and its
 * capacity. Nothing is written and no lock is taken, so each figure is the one the last committed update
 * left, or one written by an update under way.
 *
 * <pre>{@code
 * switch (info.type().kind()) {
 *     case CollectionsInspection.LIST_KIND -> System.out.println(CollectionsInspection.list(payload).elements() + " elements");
 *     case CollectionsInspection.NAMESPACE_KIND -> System.out.println(CollectionsInspection.map(payload).entries() + " attributes");
 *     case CollectionsInspection.MAP_KIND -> System.out.println(CollectionsInspection.map(payload).entries() + " entries");
 *     default -> { }
 * }
 * }</pre>
 */
public final class CollectionsInspection {
    /** Kind of {@link SharedMap} objects. */
    public static final String MAP_KIND = SharedMapLayout.KIND;
    /** Kind of {@link SharedList} objects. */
    public static final String LIST_KIND = SharedListLayout.KIND;
    /** Kind of {@link SharedNamespace} objects, whose payload is a map's: read it with {@link #map}. */
    public static final String NAMESPACE_KIND = SharedNamespace.OBJECT_KIND;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private CollectionsInspection() {
    }

    /**
     * A map's (or a shared namespace's) state.
     *
     * @param entries    entries (attributes, for a shared namespace)
     * @param maxEntries the entries it was created to hold
     * @param maxBytes   the record bytes it was created with
     * @param stripes    its stripes, each with a lock
     * @param repairs    half-done updates of dead processes rolled back, ever
     */
    public record MapState(long entries, long maxEntries, long maxBytes, int stripes, long repairs) {
    }

    /**
     * A list's state.
     *
     * @param elements    elements
     * @param maxElements the most elements it holds
     * @param usedBytes   bytes its elements take, headers and padding included
     * @param maxBytes    the most bytes its elements may take
     * @param compactions times its elements were compacted, ever
     * @param repairs     half-done updates of dead processes rolled back, ever
     */
    public record ListState(long elements, long maxElements, long usedBytes, long maxBytes, long compactions, long repairs) {
    }

    /**
     * @return the state of the map or shared namespace whose payload is {@code payload}
     * @throws IllegalArgumentException if the payload is too small or its control block is not a map's
     */
    public static MapState map(MemorySegment payload) {
        require(payload, SharedMapLayout.CONTROL_BYTES, "map");
        int stripes = (int) INT.getAcquire(payload, SharedMapLayout.STRIPES_OFFSET);
        long stripeBytes = (long) LONG.getAcquire(payload, SharedMapLayout.STRIPE_BYTES_OFFSET);
        if (stripes < 1 || stripes > SharedMapLayout.MAX_STRIPES || Integer.bitCount(stripes) != 1
                || stripeBytes < SharedMapLayout.STRIPE_HEADER_BYTES
                || stripeBytes > (payload.byteSize() - SharedMapLayout.CONTROL_BYTES) / stripes) {
            throw damaged(payload, "map");
        }
        long entries = 0;
        long repairs = 0;
        for (int s = 0; s < stripes; s++) {
            long stripe = SharedMapLayout.CONTROL_BYTES + s * stripeBytes;
            entries += (long) LONG.getAcquire(payload, stripe + SharedMapLayout.COUNT);
            repairs += (long) LONG.getAcquire(payload, stripe + SharedMapLayout.REPAIRS);
        }
        return new MapState(entries, (long) LONG.getAcquire(payload, SharedMapLayout.MAX_ENTRIES_OFFSET),
                (long) LONG.getAcquire(payload, SharedMapLayout.MAX_BYTES_OFFSET), stripes, repairs);
    }

    /**
     * @return the state of the list whose payload is {@code payload}
     * @throws IllegalArgumentException if the payload is too small or its header is not a list's
     */
    public static ListState list(MemorySegment payload) {
        require(payload, SharedListLayout.HEADER_BYTES, "list");
        long maxElements = (long) LONG.getAcquire(payload, SharedListLayout.MAX_ELEMENTS_OFFSET);
        long heapBytes = (long) LONG.getAcquire(payload, SharedListLayout.HEAP_BYTES_OFFSET);
        if (maxElements < 1 || maxElements > SharedListLayout.MOST_ELEMENTS || heapBytes < 8 || (heapBytes & 7) != 0
                || heapBytes > payload.byteSize() || SharedListLayout.payloadBytes(maxElements, heapBytes) > payload.byteSize()) {
            throw damaged(payload, "list");
        }
        return new ListState((long) LONG.getAcquire(payload, SharedListLayout.COUNT), maxElements,
                (long) LONG.getAcquire(payload, SharedListLayout.LIVE_BYTES), heapBytes,
                (long) LONG.getAcquire(payload, SharedListLayout.COMPACTIONS),
                (long) LONG.getAcquire(payload, SharedListLayout.REPAIRS));
    }

    private static void require(MemorySegment payload, long bytes, String what) {
        if (payload.byteSize() < bytes) {
            throw new IllegalArgumentException("a payload of " + payload.byteSize() + " bytes is too small for a shared "
                    + what + " (at least " + bytes + "): it is not one, or its file is truncated");
        }
    }

    private static IllegalArgumentException damaged(MemorySegment payload, String what) {
        return new IllegalArgumentException("the " + payload.byteSize() + "-byte payload is not a shared " + what
                + "'s: its sizes do not fit it (another kind of object, or a damaged one)");
    }
}

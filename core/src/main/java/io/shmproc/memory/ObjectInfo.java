package io.shmproc.memory;

/**
 * What a namespace's directory and an object's header say about one named object, as
 * {@link NamespaceView} reads them for people and tools: no handle is opened and nothing is changed.
 *
 * <pre>{@code
 * try (NamespaceView view = NamespaceView.open(Namespace.defaultRoot(), "work")) {
 *     for (ObjectInfo o : view.objects()) {
 *         System.out.println(o.name() + " " + o.kind() + " " + o.descriptor() + " " + o.bytes());
 *     }
 * }
 * }</pre>
 *
 * @param name         the object's name
 * @param kind         the four-letter kind in its header ("QUEU", "LOCK", ...), or "????" when unreadable
 * @param descriptor   its layout as the header spells it (cut short, with "...", past the header's room)
 * @param payloadBytes the bytes of its payload, after the header
 * @param bytes        the memory it occupies: its arena block, or its own file
 * @param external     whether it has a file of its own rather than a block of the arena
 * @param kept         whether it outlives its creator ({@link Region#keep()})
 * @param creator      the attachment that created it
 * @param initialised  whether its creator finished initialising it
 * @param problem      why its header cannot be trusted (another program's file, a wrong format version,
 *                     a truncated file), or null when it can
 */
public record ObjectInfo(String name, String kind, String descriptor, long payloadBytes, long bytes,
                         boolean external, boolean kept, ProcessId creator, boolean initialised, String problem) {
    /** The kind reported for an object whose header cannot be read. */
    public static final String UNKNOWN_KIND = "????";

    /** @return whether the header is sound, so that its payload may be read */
    public boolean isReadable() {
        return problem == null;
    }
}

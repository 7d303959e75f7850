package io.shmproc.cli;

import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectInfo;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Decodes one kind of object's state for {@code inspect}: the extension point for new kinds (see
 * {@link Kinds}). It adds facts, in the order people should read them, under camelCase keys: the JSON
 * output uses the keys as they are, the human output spells them as words ("ownerPid" is "owner pid").
 * Values are strings, numbers, booleans, null or lists of those.
 *
 * <pre>{@code
 * KindInspector event = (object, payload, view, facts) ->
 *         facts.put("set", SyncInspection.event(payload).set());
 * }</pre>
 */
@FunctionalInterface
interface KindInspector {
    /** Adds nothing: the kind, descriptor and size every object gets are all that is known. */
    KindInspector GENERIC = (object, payload, view, facts) -> { };

    /**
     * @param object  what the directory and header say about the object
     * @param payload its payload, read-only
     * @param view    the namespace, for the process table (lock owners, pipe ends)
     * @param facts   where to add what it finds
     */
    void describe(ObjectInfo object, MemorySegment payload, NamespaceView view, Map<String, Object> facts);
}

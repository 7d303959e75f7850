package io.shmproc.memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespace handles this JVM opened to attach deserialised {@link SharedReference}s: one per
 * namespace (root directory and name), opened on first use, reused by every later reference, and
 * closed by a shutdown hook. So a child process that only received objects still takes its slot in
 * the namespace's process table, and, if it is the last process to leave, removes the directory.
 *
 * <p>These handles are separate from any the program opens itself: closing one's own handle (which
 * closes the objects attached through it) leaves deserialised objects working. Closing a handle here
 * closes the objects attached through it; the next reference opens a fresh one.
 *
 * <pre>{@code
 * SharedLong hits = (SharedLong) in.readObject();      // attached through ReferencedNamespaces
 * ...
 * ReferencedNamespaces.close(hits.namespace());        // done with it before the JVM exits
 * }</pre>
 */
public final class ReferencedNamespaces {
    private record Key(Path root, String name) {
    }

    private static final Map<Key, Namespace> OPEN = new HashMap<>();
    private static boolean hookAdded;
    private static long opened;

    private ReferencedNamespaces() {
    }

    /**
     * @return this JVM's handle of namespace {@code name} under {@code root}, opened now if there is none
     *     (or it was closed); never creates the namespace
     * @throws ObjectNotFoundException if the namespace does not exist (any more)
     */
    static synchronized Namespace get(Path root, String name) {
        Key key = new Key(root.toAbsolutePath().normalize(), name);
        Namespace ns = OPEN.get(key);
        if (ns != null && !ns.isClosed()) {
            return ns;
        }
        ns = Namespace.builder(name).directory(key.root()).existingOnly().open();
        OPEN.put(key, ns);
        opened++;
        addHook();
        return ns;
    }

    /**
     * Closes this JVM's reference handle of {@code ns}'s namespace, if it has one: the objects attached
     * through it are closed, and the directory goes if no other process is attached.
     *
     * @param ns any handle of the namespace (the program's own, or a deserialised object's)
     * @return whether there was such a handle
     */
    public static boolean close(Namespace ns) {
        return close(ns.directory().getParent(), ns.name());
    }

    /** As {@link #close(Namespace)}, for namespace {@code name} under the directory {@code root}. */
    public static boolean close(Path root, String name) {
        Namespace ns;
        synchronized (ReferencedNamespaces.class) {
            ns = OPEN.remove(new Key(root.toAbsolutePath().normalize(), name));
        }
        if (ns == null) {
            return false;
        }
        ns.close();
        return true;
    }

    /** Closes every reference handle of this JVM; the shutdown hook calls this. */
    public static void closeAll() {
        List<Namespace> all;
        synchronized (ReferencedNamespaces.class) {
            all = new ArrayList<>(OPEN.values());
            OPEN.clear();
        }
        for (Namespace ns : all) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                // Closing the others matters more; a handle that cannot close is reclaimed through its dead slot.
                System.err.println("shmproc: cannot close " + ns + ": " + e);
            }
        }
    }

    /** @return how many reference handles this JVM has opened so far (reopened ones counted again) */
    public static synchronized long openedCount() {
        return opened;
    }

    private static void addHook() {
        if (hookAdded) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ReferencedNamespaces::closeAll, "shmproc-referenced-namespaces"));
            hookAdded = true;
        } catch (IllegalStateException shuttingDown) {
            // Too late for a hook: the kernel drops our slot's lock as the process ends, and the next
            // process to open the namespace reclaims what is left.
        }
    }
}

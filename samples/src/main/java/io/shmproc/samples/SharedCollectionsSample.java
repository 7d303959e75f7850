package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.collections.SharedList;
import io.shmproc.collections.SharedMap;
import io.shmproc.collections.SharedNamespace;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.util.List;
import java.util.TreeMap;

/**
 * Python's manager example on two JVMs, with no manager process: the parent creates a shared map holding
 * {@code colour=red}, a shared list holding {@code parent} and a shared namespace; a child JVM changes
 * the colour, adds a size and counts a visit with {@link SharedMap#merge}, appends to the list and sets
 * two attributes; the parent then prints what it reads:
 *
 * <pre>
 * map: {colour=blue, size=large, visits=1}
 * list: [parent, child 1, child 2]
 * namespace: {answer=42, from=child}
 * </pre>
 *
 * The child is a {@link JvmProcess} whose task captures the three, which travel to it by name; the child
 * attaches them again and writes straight into the shared memory both processes map, where Python's
 * {@code Manager()} objects send every update to a server process over a socket.
 *
 * <pre>{@code
 * List<String> lines = SharedCollectionsSample.run(System.out);
 * }</pre>
 */
public final class SharedCollectionsSample {
    /** What the parent prints. */
    public static final List<String> EXPECTED = List.of("map: {colour=blue, size=large, visits=1}",
            "list: [parent, child 1, child 2]", "namespace: {answer=42, from=child}");

    private SharedCollectionsSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the parent's side, printing what the child left to {@code out}; returns the lines printed. */
    public static List<String> run(PrintStream out) throws InterruptedException {
        String namespace = "shared-collections-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string()).maxEntries(16).create(ns, "map");
             SharedList<String> list = SharedList.builder(Codecs.string()).maxElements(16).create(ns, "list");
             SharedNamespace attributes = SharedNamespace.create(ns, "attributes")) {
            map.put("colour", "red");
            list.add("parent");
            Samples.awaitClean(JvmProcess.of(() -> change(map, list, attributes)).start());
            List<String> lines = List.of("map: " + new TreeMap<>(map), // sorted: a map's own order is its hashing's
                    "list: " + list, "namespace: " + new TreeMap<>(attributes.asMap()));
            lines.forEach(out::println);
            return lines;
        }
    }

    /** Runs in the child, on the objects it attached by name. */
    private static void change(SharedMap<String, String> map, SharedList<String> list, SharedNamespace attributes) {
        map.put("colour", "blue");
        map.put("size", "large");
        map.merge("visits", "1", (old, one) -> Integer.toString(Integer.parseInt(old) + 1));
        list.addAll(List.of("child 1", "child 2"));
        attributes.set("from", "child");
        attributes.set("answer", 42);
    }
}

package io.shmproc.samples;

import io.shmproc.channel.Codecs;
import io.shmproc.collections.SharedMap;
import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import java.io.PrintStream;
import java.util.List;
import java.util.TreeMap;

/**
 * Python's manager example on two JVMs, with no manager process: the parent creates a shared map holding
 * {@code colour=red}; a child JVM changes the colour, adds a size and counts a visit with
 * {@link SharedMap#merge}; the parent then prints what it reads:
 *
 * <pre>
 * map: {colour=blue, size=large, visits=1}
 * </pre>
 *
 * The child is a {@link JvmProcess} whose task captures the map, which travels to it by name; the child
 * attaches it again and writes straight into the shared memory both processes map, where Python's
 * {@code Manager().dict()} sends every update to a server process over a socket.
 *
 * <pre>{@code
 * List<String> lines = SharedCollectionsSample.run(System.out);
 * }</pre>
 */
public final class SharedCollectionsSample {
    /** What the parent prints. */
    public static final List<String> EXPECTED = List.of("map: {colour=blue, size=large, visits=1}");

    private SharedCollectionsSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the parent's side, printing what the child left to {@code out}; returns the lines printed. */
    public static List<String> run(PrintStream out) throws InterruptedException {
        String namespace = "shared-collections-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             SharedMap<String, String> map = SharedMap.builder(Codecs.string(), Codecs.string()).maxEntries(16).create(ns, "map")) {
            map.put("colour", "red");
            Samples.awaitClean(JvmProcess.of(() -> change(map)).start());
            List<String> lines = List.of("map: " + new TreeMap<>(map)); // sorted: a map's own order is its hashing's
            lines.forEach(out::println);
            return lines;
        }
    }

    /** Runs in the child, on the objects it attached by name. */
    private static void change(SharedMap<String, String> map) {
        map.put("colour", "blue");
        map.put("size", "large");
        map.merge("visits", "1", (old, one) -> Integer.toString(Integer.parseInt(old) + 1));
    }
}

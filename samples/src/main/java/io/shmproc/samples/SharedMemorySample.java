package io.shmproc.samples;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedBoolean;
import io.shmproc.shared.SharedByteString;
import io.shmproc.shared.SharedInt;
import io.shmproc.shared.SharedIntArray;
import io.shmproc.shared.SharedStructArray;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Python's classic shared-memory example on two JVMs. The parent creates an int 7, a boolean false,
 * the byte string "hello world", an int array [0, 1, 2, 3, 4] and two {@link Point}s in a namespace;
 * a child JVM attaches them by name, squares the int, sets the boolean, upper-cases the string, sets
 * element 0 to 10 and squares every coordinate; the parent prints what it then reads:
 *
 * <pre>
 * 49
 * true
 * HELLO WORLD
 * [10, 1, 2, 3, 4]
 * [(3.515625, 39.0625), (33.0625, 4.0)]
 * </pre>
 *
 * The child is started with {@link ProcessBuilder} on the same {@code java} and class path.
 */
public final class SharedMemorySample {
    /** A C {@code struct { double x, y; }}. */
    public record Point(double x, double y) {
    }

    /** What the parent prints. */
    public static final List<String> EXPECTED = List.of(
            "49", "true", "HELLO WORLD", "[10, 1, 2, 3, 4]", "[(3.515625, 39.0625), (33.0625, 4.0)]");

    private SharedMemorySample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(args[1]);
        } else {
            run(System.out);
        }
    }

    /** Runs the parent's side, printing the five results to {@code out}; returns them as lines. */
    public static List<String> run(PrintStream out) throws IOException, InterruptedException {
        String namespace = "shared-memory-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             SharedInt n = SharedInt.create(ns, "n", 7);
             SharedBoolean flag = SharedBoolean.create(ns, "flag", false);
             SharedByteString text = SharedByteString.create(ns, "text", "hello world".getBytes(StandardCharsets.US_ASCII));
             SharedIntArray numbers = SharedIntArray.create(ns, "numbers", new int[] {0, 1, 2, 3, 4});
             SharedStructArray<Point> points = SharedStructArray.create(ns, "points", Point.class,
                     new Point(1.875, -6.25), new Point(-5.75, 2.0))) {
            int exit = startChild(namespace);
            if (exit != 0) {
                throw new IllegalStateException("the child JVM failed with exit code " + exit);
            }
            List<String> lines = List.of(
                    Integer.toString(n.get()),
                    Boolean.toString(flag.get()),
                    text.valueAsString(StandardCharsets.US_ASCII),
                    Arrays.toString(numbers.toArray()),
                    points.toList().stream()
                            .map(p -> "(" + p.x() + ", " + p.y() + ")")
                            .collect(Collectors.joining(", ", "[", "]")));
            lines.forEach(out::println);
            return lines;
        }
    }

    private static void child(String namespace) {
        try (Namespace ns = Namespace.open(namespace);
             SharedInt n = SharedInt.attach(ns, "n");
             SharedBoolean flag = SharedBoolean.attach(ns, "flag");
             SharedByteString text = SharedByteString.attach(ns, "text");
             SharedIntArray numbers = SharedIntArray.attach(ns, "numbers");
             SharedStructArray<Point> points = SharedStructArray.attach(ns, "points", Point.class)) {
            n.set(n.get() * n.get());
            flag.set(true);
            text.setValue(text.valueAsString(StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
            numbers.set(0, 10);
            for (int i = 0; i < points.length(); i++) {
                Point p = points.get(i);
                points.set(i, new Point(p.x() * p.x(), p.y() * p.y()));
            }
        }
    }

    private static int startChild(String namespace) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SharedMemorySample.class.getName(), "child", namespace));
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("the child JVM did not finish within 60 s");
        }
        return child.exitValue();
    }
}

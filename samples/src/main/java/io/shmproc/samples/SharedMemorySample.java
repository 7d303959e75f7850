package io.shmproc.samples;

import io.shmproc.memory.Namespace;
import io.shmproc.process.JvmProcess;
import io.shmproc.shared.SharedBoolean;
import io.shmproc.shared.SharedByteString;
import io.shmproc.shared.SharedInt;
import io.shmproc.shared.SharedIntArray;
import io.shmproc.shared.SharedStructArray;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * The child is a {@link JvmProcess} whose task captures the five objects: they travel to it by name,
 * and it attaches them again, as Python's {@code Process(target=f, args=(num, arr))} hands its child
 * shared memory.
 *
 * <pre>{@code
 * List<String> lines = SharedMemorySample.run(System.out);
 * }</pre>
 */
public final class SharedMemorySample {
    /** A C {@code struct { double x, y; }}. */
    public record Point(double x, double y) {
    }

    /** What the parent prints. */
    public static final List<String> EXPECTED = List.of(
            "49", "true", "HELLO WORLD", "[10, 1, 2, 3, 4]", "[(3.515625, 39.0625), (33.0625, 4.0)]");

    private static final Duration BOUND = Duration.ofSeconds(120);

    private SharedMemorySample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the parent's side, printing the five results to {@code out}; returns them as lines. */
    public static List<String> run(PrintStream out) throws InterruptedException {
        String namespace = "shared-memory-sample-" + ProcessHandle.current().pid();
        try (Namespace ns = Namespace.open(namespace);
             SharedInt n = SharedInt.create(ns, "n", 7);
             SharedBoolean flag = SharedBoolean.create(ns, "flag", false);
             SharedByteString text = SharedByteString.create(ns, "text", "hello world".getBytes(StandardCharsets.US_ASCII));
             SharedIntArray numbers = SharedIntArray.create(ns, "numbers", new int[] {0, 1, 2, 3, 4});
             SharedStructArray<Point> points = SharedStructArray.create(ns, "points", Point.class,
                     new Point(1.875, -6.25), new Point(-5.75, 2.0))) {
            JvmProcess child = JvmProcess.of(() -> change(n, flag, text, numbers, points)).start();
            if (!child.join(BOUND)) {
                child.kill();
                throw new IllegalStateException(child.name() + " did not finish within " + BOUND);
            }
            if (child.exitCode().orElseThrow() != 0) {
                throw new IllegalStateException(child.name() + " failed with exit code " + child.exitCode().orElseThrow(),
                        child.exception().orElse(null));
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

    /** Runs in the child, on the objects it attached by name. */
    private static void change(SharedInt n, SharedBoolean flag, SharedByteString text, SharedIntArray numbers,
                               SharedStructArray<Point> points) {
        n.set(n.get() * n.get());
        flag.set(true);
        text.setValue(text.valueAsString(StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        numbers.set(0, 10);
        for (int i = 0; i < points.length(); i++) {
            Point p = points.get(i);
            points.set(i, new Point(p.x() * p.x(), p.y() * p.y()));
        }
    }
}

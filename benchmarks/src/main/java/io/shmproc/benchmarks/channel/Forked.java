package io.shmproc.benchmarks.channel;

import io.shmproc.benchmarks.Child;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One repeat of a cross-process scenario whose every side runs in a forked JVM: partner JVMs first
 * (an echo, producers, an appender), then the measuring JVM, which prints the figures on one line.
 *
 * <p>Why every side is forked, even when the runner could measure itself: a peer that needs JVM flags
 * (Agrona's {@code UnsafeBuffer} needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}) may
 * get them in its own JVMs only, and the runner stays flag-free. Measuring shmproc's side the same way,
 * in forked JVMs that differ from the peer's only by those flags, keeps the ratio honest: same GC, heap,
 * class path and JIT history on both sides. The runner only starts, cues and reads the children.
 *
 * <p>Protocol (see {@link Handshake}): each child prints "ready" once attached and waits for "go"; the
 * measuring child gets the partners' process ids as its first argument (to notice a partner dying, see
 * {@link Patience}) and prints its figures as numbers on one line. Every wait here is bounded by
 * {@link #LINE_LIMIT}, and every child is killed when the repeat ends, whatever happened.
 */
public final class Forked {
    /** How long the runner waits for any one line from a child: beyond a child's own limit. */
    public static final Duration LINE_LIMIT = Patience.CHILD_LIMIT.plusSeconds(20);

    private Forked() {
    }

    /** A child to start: its main class and arguments. */
    public record Launch(Class<?> main, String... args) {
    }

    /**
     * @param jvmOptions JVM options for every child of this repeat (the peer's flags, or none)
     * @return the numbers the measuring child printed
     */
    public static double[] run(List<String> jvmOptions, List<Launch> partners, Launch measurer) throws IOException {
        List<Child> children = new ArrayList<>();
        try {
            for (Launch partner : partners) { // all start at once: JVM start-up overlaps
                children.add(Child.jvm(jvmOptions, partner.main(), partner.args()));
            }
            for (Child partner : children) {
                partner.await("ready", LINE_LIMIT);
            }
            String pids = children.stream().map(c -> Long.toString(c.pid())).collect(Collectors.joining(","));
            List<String> args = new ArrayList<>(List.of(pids.isEmpty() ? "," : pids));
            args.addAll(List.of(measurer.args()));
            Child measuring = Child.jvm(jvmOptions, measurer.main(), args.toArray(String[]::new));
            children.add(measuring);
            measuring.await("ready", LINE_LIMIT);
            for (Child child : children) { // partners first, the measuring child last
                child.send("go");
            }
            String line = measuring.readLine(LINE_LIMIT);
            try {
                return Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException e) {
                throw new IOException(measurer.main().getSimpleName() + " printed \"" + line + "\", not its figures", e);
            }
        } finally {
            for (Child child : children) {
                child.close();
            }
        }
    }
}

package io.shmproc.samples;

import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedMemory;
import io.shmproc.process.JvmProcess;
import io.shmproc.shared.ShareableList;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code multiprocessing.shared_memory} on two JVMs. The parent creates a raw region of 32
 * bytes holding "hello world" (a {@link SharedMemory}, the file {@code /dev/shm/raw-region-sample-PID},
 * which a Python process could attach as {@code SharedMemory("raw-region-sample-PID")}) and a
 * {@link ShareableList} of {@code "howdy", 42, -2.5, true, null}; a child JVM attaches both by name,
 * upper-cases the region's text and writes the int 42 after it, and changes every slot of the list;
 * the parent prints what it then reads:
 *
 * <pre>
 * HELLO WORLD
 * 42
 * [HOWDY, 43, -5.0, false, [1, 0, 0]]
 * </pre>
 *
 * The child is a {@link JvmProcess} whose task captures the region and the list: both travel to it by
 * name, and it attaches them again. The parent unlinks the region when it is done, so nothing is left
 * in {@code /dev/shm}.
 *
 * <pre>{@code
 * List<String> lines = RawRegionSample.run(System.out);
 * }</pre>
 */
public final class RawRegionSample {
    /** What the parent prints. */
    public static final List<String> EXPECTED = List.of("HELLO WORLD", "42", "[HOWDY, 43, -5.0, false, [1, 0, 0]]");

    private static final int TEXT_BYTES = 11;
    private static final long INT_OFFSET = 16;

    private RawRegionSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** @return the name of the region the sample creates in this JVM */
    public static String regionName() {
        return "raw-region-sample-" + ProcessHandle.current().pid();
    }

    /** Runs the parent's side, printing the three results to {@code out}; returns them as lines. */
    public static List<String> run(PrintStream out) throws InterruptedException {
        try (SharedMemory region = SharedMemory.create(regionName(), 32).unlinkOnClose();
             Namespace ns = Namespace.open("raw-region-sample-" + ProcessHandle.current().pid());
             ShareableList list = ShareableList.create(ns, "list", Arrays.asList("howdy", 42, -2.5, true, null))) {
            region.buffer().put(0, "hello world".getBytes(StandardCharsets.US_ASCII));
            Samples.awaitClean(JvmProcess.of(() -> change(region, list)).start());

            byte[] text = new byte[TEXT_BYTES];
            region.buffer().get(0, text);
            List<String> lines = new ArrayList<>(List.of(
                    new String(text, StandardCharsets.US_ASCII),
                    Integer.toString(region.segment().get(ValueLayout.JAVA_INT, INT_OFFSET)),
                    list.toList().stream().map(v -> v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v))
                            .toList().toString()));
            lines.forEach(out::println);
            return lines;
        }
    }

    /** Runs in the child, on the region and the list it attached by name. */
    private static void change(SharedMemory region, ShareableList list) {
        ByteBuffer bytes = region.buffer();
        byte[] text = new byte[TEXT_BYTES];
        bytes.get(0, text);
        bytes.put(0, new String(text, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        MemorySegment segment = region.segment();
        segment.set(ValueLayout.JAVA_INT, INT_OFFSET, 42);

        list.set(0, ((String) list.get(0)).toUpperCase(Locale.ROOT));
        list.set(1, (Integer) list.get(1) + 1);
        list.set(2, (Double) list.get(2) * 2);
        list.set(3, !(Boolean) list.get(3));
        list.set(4, new byte[] {1, 0, 0}); // a slot may change type; its trailing zeros are kept
    }
}

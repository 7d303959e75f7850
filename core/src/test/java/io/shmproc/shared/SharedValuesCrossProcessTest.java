package io.shmproc.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.memory.Namespace;
import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic updates from two real JVMs at once. */
class SharedValuesCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path root;

    /** Attaches "counter" and "bytes", says "ready", waits for "go", then increments; prints "done". */
    public static final class Incrementer {
        public static void main(String[] args) throws Exception {
            int times = Integer.parseInt(args[2]);
            int slot = Integer.parseInt(args[3]);
            try (Namespace ns = Namespace.builder(args[1]).directory(Path.of(args[0])).open();
                 SharedLong counter = SharedLong.attach(ns, "counter");
                 SharedByteArray bytes = SharedByteArray.attach(ns, "bytes")) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = 0; i < times; i++) {
                    counter.incrementAndGet();
                    bytes.incrementAndGet(slot);
                }
            }
            System.out.println("done");
        }
    }

    @Test
    void twoJvmsIncrementingOneMillionTimesEachMakeExactlyTwoMillion() {
        String name = TestNamespaces.unique("count");
        try (Namespace ns = Namespace.builder(name).directory(root).open();
             SharedLong counter = SharedLong.create(ns, "counter", 0);
             SharedByteArray bytes = SharedByteArray.create(ns, "bytes", 4);
             ChildJvm a = ChildJvm.start(Incrementer.class, root.toString(), name, "1000000", "0");
             ChildJvm b = ChildJvm.start(Incrementer.class, root.toString(), name, "1000000", "1")) {
            a.awaitLine("ready", BOUND);
            b.awaitLine("ready", BOUND);
            a.send("go");
            b.send("go");
            a.awaitLine("done", BOUND);
            b.awaitLine("done", BOUND);
            assertEquals(0, a.awaitExit(BOUND));
            assertEquals(0, b.awaitExit(BOUND));
            assertEquals(2_000_000, counter.get());
            // adjacent bytes of one word, each updated by a different process through the word's CAS
            assertEquals((byte) 1_000_000, bytes.get(0));
            assertEquals((byte) 1_000_000, bytes.get(1));
            assertEquals(0, bytes.get(2));
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

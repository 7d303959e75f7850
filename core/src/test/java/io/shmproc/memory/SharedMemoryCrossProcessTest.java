package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testing.ChildJvm;
import io.shmproc.testing.TestNamespaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One raw region mapped by two real JVMs: the same bytes, and an attacher's death leaves it in place. */
class SharedMemoryCrossProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    @TempDir
    Path dir;

    /** Attaches region args[1] in directory args[0], says "ready", waits for "go", adds 1 args[2] times. */
    public static final class Adder {
        public static void main(String[] args) throws Exception {
            try (SharedMemory shm = SharedMemory.attach(Path.of(args[0]), args[1])) {
                System.out.println("ready " + shm.size());
                new BufferedReader(new InputStreamReader(System.in)).readLine();
                for (int i = Integer.parseInt(args[2]); i > 0; i--) {
                    LONG.getAndAdd(shm.segment(), 8L, 1L);
                }
                System.out.println("done");
                new BufferedReader(new InputStreamReader(System.in)).readLine(); // stays mapped until killed
            }
        }
    }

    @Test
    void twoJvmsAddingToOneWordOfARegionLoseNoUpdateAndAKilledAttacherRemovesNothing() {
        try (SharedMemory shm = SharedMemory.create(dir, "counter", 4096).unlinkOnClose();
             ChildJvm child = ChildJvm.start(Adder.class, dir.toString(), "counter", "1000000")) {
            child.awaitLine("ready 4096", BOUND);
            child.send("go");
            for (int i = 0; i < 1_000_000; i++) {
                LONG.getAndAdd(shm.segment(), 8L, 1L);
            }
            child.awaitLine("done", BOUND);
            assertEquals(2_000_000L, (long) LONG.getVolatile(shm.segment(), 8L));
            child.kill();
            assertTrue(Files.exists(shm.path()), "the attacher's death removed nothing");
            try (SharedMemory again = SharedMemory.attach(dir, "counter")) {
                assertEquals(2_000_000L, again.segment().get(ValueLayout.JAVA_LONG, 8));
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(dir));
    }
}

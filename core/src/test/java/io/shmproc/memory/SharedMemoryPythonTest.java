package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JVM and a Python process share bytes by name: Python's {@code SharedMemory("x")} is
 * {@code /dev/shm/x}, and so is {@code SharedMemory.create("x", n)}. Skipped where there is no
 * {@code python3} or no {@code /dev/shm}.
 */
class SharedMemoryPythonTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private String name;

    @BeforeEach
    void needPythonAndDevShm() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "no /dev/shm on this system");
        Assumptions.assumeTrue(pythonAvailable(), "python3 is not installed");
        name = "shmproc-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void nothingLeftInDevShm() {
        if (name != null) {
            assertFalse(Files.exists(Path.of("/dev/shm", name)), "the region was unlinked");
        }
    }

    @Test
    void aJvmAttachesWhatPythonCreatedAndPythonSeesTheJvmsWrite() throws Exception {
        String script = """
                import struct, sys
                from multiprocessing import shared_memory
                shm = shared_memory.SharedMemory(sys.argv[1], create=True, size=40)
                shm.buf[0:13] = b"from python\\0\\0"
                struct.pack_into("=i", shm.buf, 16, 0x11223344)
                print("ready", flush=True)
                sys.stdin.readline()
                print(shm.buf[39], flush=True)
                shm.close()
                shm.unlink()
                """;
        try (Python python = Python.start(script, name)) {
            python.awaitLine("ready");
            try (SharedMemory shm = SharedMemory.attach(name)) {
                assertEquals(Path.of("/dev/shm", name), shm.path(), "Python's region is this file");
                assertEquals(40, shm.size());
                byte[] start = new byte[13];
                shm.buffer().get(0, start);
                assertArrayEquals("from python\0\0".getBytes(StandardCharsets.US_ASCII), start);
                assertEquals(0x11223344, shm.segment().get(ValueLayout.JAVA_INT, 16), "Python's native '=i'");
                shm.segment().set(ValueLayout.JAVA_BYTE, 39, (byte) 99);
                python.send("go");
                assertEquals("99", python.nextLine());
            }
            assertEquals(0, python.awaitExit());
        }
    }

    @Test
    void pythonAttachesWhatTheJvmCreatedAndTheRegionOutlivesThatPythonProcess() throws Exception {
        // Python before 3.13 unlinks every region it attached when it exits, unless told otherwise.
        String script = """
                import sys
                from multiprocessing import shared_memory, resource_tracker
                shm = shared_memory.SharedMemory(sys.argv[1])
                resource_tracker.unregister(shm._name, "shared_memory")
                print(shm.size, bytes(shm.buf[0:5]).decode(), flush=True)
                shm.buf[5] = 33
                shm.close()
                """;
        try (SharedMemory shm = SharedMemory.create(name, 4096).unlinkOnClose()) {
            shm.buffer().put(0, "hello".getBytes(StandardCharsets.US_ASCII));
            try (Python python = Python.start(script, name)) {
                assertEquals("4096 hello", python.nextLine());
                assertEquals(0, python.awaitExit());
            }
            assertEquals(33, shm.segment().get(ValueLayout.JAVA_BYTE, 5), "Python's write");
            assertTrue(Files.exists(shm.path()), "the region outlived the Python process that attached it");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(shm.path())));
        }
    }

    @Test
    void pythonCannotCreateANameTheJvmHoldsAndTheJvmCannotCreateOnePythonHolds() throws Exception {
        String script = """
                import sys
                from multiprocessing import shared_memory
                try:
                    shared_memory.SharedMemory(sys.argv[1], create=True, size=8)
                    print("created", flush=True)
                except FileExistsError:
                    print("exists", flush=True)
                """;
        try (SharedMemory shm = SharedMemory.create(name, 8).unlinkOnClose();
             Python python = Python.start(script, name)) {
            assertEquals("exists", python.nextLine());
            assertEquals(0, python.awaitExit());
        }
        String creator = """
                import sys
                from multiprocessing import shared_memory
                shm = shared_memory.SharedMemory(sys.argv[1], create=True, size=8)
                print("ready", flush=True)
                sys.stdin.readline()
                shm.close()
                shm.unlink()
                """;
        try (Python python = Python.start(creator, name)) {
            python.awaitLine("ready");
            try {
                org.junit.jupiter.api.Assertions.assertThrows(ObjectExistsException.class, () -> SharedMemory.create(name, 8));
            } finally {
                python.send("done");
            }
            assertEquals(0, python.awaitExit());
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import multiprocessing.shared_memory")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A python3 process running a script, its stdout read line by line with a bound. */
    private static final class Python implements AutoCloseable {
        private static final String END = "\u0000end";
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> transcript = new ArrayList<>();

        private Python(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (transcript) {
                            transcript.add(line);
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                } finally {
                    lines.add(END);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Python start(String script, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("python3", "-c", script));
            command.addAll(List.of(args));
            return new Python(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(BOUND.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError("python3 printed no further line; it printed " + transcript);
            }
            return line;
        }

        void awaitLine(String expected) throws InterruptedException {
            assertEquals(expected, nextLine());
        }

        void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("python3 did not exit within " + BOUND + "; it printed " + transcript);
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}

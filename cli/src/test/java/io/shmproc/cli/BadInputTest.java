package io.shmproc.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.shared.SharedLongArray;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines, missing names and files that are not shmproc's: one clear line on stderr, the documented exit code. */
@Timeout(60)
class BadInputTest {
    @TempDir
    Path root;

    private static void assertOneLine(CliRun run, int code, String start) {
        assertEquals(code, run.code(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("shmproc: " + start), run.err());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertOneLine(CliRun.of(root, "frobnicate"), ExitCode.USAGE, "unknown command 'frobnicate'");
        assertOneLine(CliRun.of(root, "ls", "--jsn"), ExitCode.USAGE, "unknown option '--jsn'");
        assertOneLine(CliRun.of(root, "inspect"), ExitCode.USAGE, "inspect takes exactly one operand, got 0");
        assertOneLine(CliRun.of(root, "ls", "a", "b"), ExitCode.USAGE, "ls takes at most one operand, got 2");
        assertOneLine(CliRun.of(root, "ls", "--force"), ExitCode.USAGE, "--force is an option of `rm` only");
        assertOneLine(CliRun.of(root, "rm", "x", "--dry-run"), ExitCode.USAGE, "--dry-run is an option of `gc` only");
        assertOneLine(CliRun.of(root, "inspect", "/x"), ExitCode.USAGE, "'/x' is not NAMESPACE/NAME");
        assertEquals(ExitCode.USAGE, Main.run(new String[] {"ls", "--dir"}, System.out, System.err));
    }

    @Test
    void badNamesSayWhatIsWrong() {
        assertOneLine(CliRun.of(root, "ls", ".hidden"), ExitCode.USAGE, "namespace name '.hidden' starts with '.'");
        assertOneLine(CliRun.of(root, "inspect", "ns/a/b"), ExitCode.USAGE, "object name 'a/b' contains the path separator '/'");
        assertOneLine(CliRun.of(root, "ps", "bad\u0001name"), ExitCode.USAGE, "namespace name 'bad?name' contains a control character");
        assertOneLine(CliRun.of(root, "rm", "x".repeat(200)), ExitCode.USAGE, "namespace name 'xxxxxxxxxxxxxxxxxxxx...' is 200 bytes long");
    }

    @Test
    void missingNamespacesAndObjectsAreNotFound() {
        assertOneLine(CliRun.of(root, "inspect", "nothere/x"), ExitCode.NOT_FOUND, "no namespace 'nothere' in " + root);
        assertOneLine(CliRun.of(root, "rm", "nothere"), ExitCode.NOT_FOUND, "no namespace 'nothere'");
        try (Namespace ns = Namespace.builder("present").directory(root).open()) {
            assertOneLine(CliRun.of(root, "inspect", "present/nothere"), ExitCode.NOT_FOUND,
                    "no object 'nothere' in namespace 'present'");
            assertOneLine(CliRun.of(root, "rm", "present/nothere"), ExitCode.NOT_FOUND, "no object 'nothere' in namespace 'present'");
        }
        CliRun empty = CliRun.of(root, "ls");
        assertEquals(0, empty.code(), empty.err());
        assertEquals("no namespaces in " + root + "\n", empty.out());
    }

    @Test
    void aDirectoryThatIsNoNamespaceIsReportedAndTheOthersStillListed() throws Exception {
        Files.createDirectory(root.resolve("photos"));
        Files.writeString(root.resolve("photos").resolve("cat.jpg"), "meow");
        try (Namespace ns = Namespace.builder("real").directory(root).open()) {
            CliRun ls = CliRun.of(root, "ls");
            assertOneLine(ls, ExitCode.DAMAGED, root.resolve("photos") + " has no .lock file, so it is not a shmproc namespace");
            assertTrue(ls.out().startsWith("real  1 process attached"), ls.out());
            CliRun gc = CliRun.of(root, "gc");
            assertOneLine(gc, ExitCode.DAMAGED, "left " + root.resolve("photos") + ": ");
            assertTrue(Files.exists(root.resolve("photos").resolve("cat.jpg")), "gc deleted a foreign directory");
            assertOneLine(CliRun.of(root, "rm", "photos", "--force"), ExitCode.DAMAGED, root.resolve("photos") + " has no .lock file");
            assertTrue(Files.exists(root.resolve("photos").resolve("cat.jpg")), "rm deleted a foreign directory");
        }
    }

    @Test
    void aForeignOrTruncatedArenaIsDamaged() throws Exception {
        Path foreign = Files.createDirectory(root.resolve("foreign"));
        Files.createFile(foreign.resolve(".lock"));
        Files.write(foreign.resolve(".arena"), "this is not a shmproc arena, just some text of a sort".repeat(4).getBytes());
        assertOneLine(CliRun.of(root, "ls", "foreign"), ExitCode.DAMAGED, foreign.resolve(".arena") + " is not a shmproc namespace file");
        assertOneLine(CliRun.of(root, "gc"), ExitCode.DAMAGED, "left " + foreign + ": " + foreign.resolve(".arena") + " is not a shmproc");
        assertTrue(Files.exists(foreign.resolve(".arena")), "gc deleted a foreign file");

        Path truncated = Files.createDirectory(root.resolve("truncated"));
        Files.createFile(truncated.resolve(".lock"));
        Files.write(truncated.resolve(".arena"), new byte[10]);
        assertOneLine(CliRun.of(root, "inspect", "truncated"), ExitCode.DAMAGED, "namespace 'truncated' (" + truncated
                + ") has no formatted arena: its creator died while creating it");
        CliRun gc = CliRun.of(root, "gc", "--json");
        assertEquals(List.of("truncated"), ((List<?>) gc.jsonObject().get("removed")).stream()
                .map(m -> ((java.util.Map<?, ?>) m).get("name")).toList(), "a creator's leftover is garbage");
        assertFalse(Files.exists(truncated));
    }

    @Test
    void anObjectWithAForeignHeaderAndAStrayFileAreReported() throws Exception {
        try (Namespace ns = Namespace.builder("mixed").directory(root).open();
             SharedLong fine = SharedLong.create(ns, "fine", 7);
             SharedLongArray big = SharedLongArray.create(ns, "big", 100_000)) {
            Path bigFile = ns.directory().resolve("big.shm");
            assertTrue(Files.exists(bigFile), "a large array has a file of its own");
            try (FileChannel file = FileChannel.open(bigFile, StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap("JUNK".getBytes()), 0);
            }
            Files.writeString(ns.directory().resolve("notes.txt"), "someone's notes");

            CliRun ls = CliRun.of(root, "ls", "mixed");
            assertEquals(ExitCode.DAMAGED, ls.code());
            assertEquals(List.of("shmproc: object 'big' in namespace 'mixed' does not start with a shmproc header: its file"
                            + " was written by another program; unlink it and create it again",
                    "shmproc: " + ns.directory().resolve("notes.txt") + " is not an object of namespace 'mixed': a file"
                            + " another program put there, or one left by a process that died creating an object; move it"
                            + " away (the namespace's next reclaim deletes the latter)"), ls.errLines());
            assertTrue(ls.out().contains("\n  big   unreadable "), ls.out());
            assertTrue(ls.out().contains("\n  fine  value "), ls.out());

            assertOneLine(CliRun.of(root, "inspect", "mixed/big"), ExitCode.DAMAGED,
                    "object 'big' in namespace 'mixed' does not start with a shmproc header");
            assertOneLine(CliRun.of(root, "inspect", "mixed/notes.txt"), ExitCode.NOT_FOUND, "no object 'notes.txt' in"
                    + " namespace 'mixed' (" + ns.directory() + "); " + ns.directory().resolve("notes.txt") + " is there but is not a shmproc object");
            CliRun fineRun = CliRun.of(root, "inspect", "mixed/fine", "--json");
            assertEquals(0, fineRun.code(), fineRun.err());
            assertEquals("7", ((java.util.Map<?, ?>) fineRun.jsonObject().get("state")).get("value"));

            Files.delete(ns.directory().resolve("notes.txt"));
            try (FileChannel file = FileChannel.open(bigFile, StandardOpenOption.WRITE)) {
                file.truncate(100);
            }
            assertOneLine(CliRun.of(root, "inspect", "mixed/big"), ExitCode.DAMAGED,
                    "object 'big' in namespace 'mixed' is truncated: 100 bytes, shorter than the 128-byte header");
        }
    }
}

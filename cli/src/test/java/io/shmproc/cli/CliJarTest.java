package io.shmproc.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented command, {@code java -jar cli/target/shmproc-cli.jar <command> [--dir PATH] [--json]}, run
 * for real on the shaded jar. Runs in Maven's integration-test phase, after {@code package} built the jar.
 */
@Timeout(120)
class CliJarTest {
    @TempDir
    Path root;

    private static Path jar() {
        String jar = System.getProperty("shmproc.cli.jar");
        // Maven's unit-test phase, before `package`, has no jar yet (-Dtest=CliJarTest selects it there too).
        assumeTrue(jar != null, "runs in Maven's integration-test phase, which names the jar in -Dshmproc.cli.jar");
        return Path.of(jar);
    }

    private record Result(int code, String out, String err) {
    }

    private Result java(String... args) throws Exception {
        return javaOf(ProcessHandle.current().info().command().orElseThrow(), args);
    }

    private Result javaOf(String java, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // Outputs are a few lines: reading them to the end before waiting cannot fill a pipe.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the inspector did not finish");
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void theManifestNamesTheMainClassAndEnablesNativeAccess() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertEquals(Launcher.class.getName(), attributes.getValue("Main-Class"));
            assertEquals("ALL-UNNAMED", attributes.getValue("Enable-Native-Access"));
        }
    }

    @Test
    void anOlderJavaIsToldInOneLineThatItIsTooOld() throws Exception {
        Path older = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"); // the machine's default JDK here
        assumeTrue(Files.isExecutable(older), "no Java 17 at " + older + " to try the jar with");
        Result run = javaOf(older.toString(), "ls", "--dir", root.toString());
        assertEquals(1, run.code());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("shmproc-cli needs Java 25 or later; this is Java 17"), run.err());
    }

    @Test
    void theLauncherReadsBothFormsOfJavaVersion() {
        assertEquals(8, Launcher.feature("1.8"));
        assertEquals(17, Launcher.feature("17"));
        assertEquals(25, Launcher.feature("25.0.1"));
        assertEquals(0, Launcher.feature("unknown"));
    }

    @Test
    void javaDashJarListsAndInspectsANamespace() throws Exception {
        try (Namespace ns = Namespace.builder("jarred").directory(root).open();
             SharedLong counter = SharedLong.create(ns, "counter", 41)) {
            counter.incrementAndGet();
            Result ls = java("ls", "--dir", root.toString(), "--json");
            assertEquals(0, ls.code(), ls.err());
            assertEquals("", ls.err(), "no warning (native access is enabled by the manifest)");
            Map<?, ?> json = (Map<?, ?>) JsonReader.parse(ls.out());
            Map<?, ?> jarred = (Map<?, ?>) ((List<?>) json.get("namespaces")).getFirst();
            assertEquals("jarred", jarred.get("name"));
            assertEquals("counter", ((Map<?, ?>) ((List<?>) jarred.get("objects")).getFirst()).get("name"));

            Result inspect = java("inspect", "jarred/counter", "--dir", root.toString());
            assertEquals(0, inspect.code(), inspect.err());
            assertTrue(inspect.out().lines().anyMatch(l -> l.matches("value +42")), inspect.out());
        }
        assertFalse(Files.exists(root.resolve("jarred")), "the inspector left something in the namespace");
    }

    @Test
    void helpVersionAndErrorsExitAsDocumented() throws Exception {
        Result help = java("help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("usage: java -jar shmproc-cli.jar <command> [--dir PATH] [--json]"), help.out());
        Result version = java("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("shmproc-cli \\d+\\.\\d+\\.\\d+.*\n"), version.out());
        Result missing = java("inspect", "nothere/x", "--dir", root.toString());
        assertEquals(ExitCode.NOT_FOUND, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("shmproc: no namespace 'nothere'"), missing.err());
    }
}

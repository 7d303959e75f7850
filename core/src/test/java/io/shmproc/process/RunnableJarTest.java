package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent launched as {@code java -jar app.jar}, where the class path is one jar whose manifest names
 * the rest, still starts children that find every class (the child gets {@code -cp app.jar}).
 */
@Timeout(120)
class RunnableJarTest {
    @TempDir
    Path dir;

    @Test
    void aParentStartedWithJavaJarStartsChildrenThatRunLambdasAndMainClasses() throws Exception {
        Path jar = manifestOnlyJar(dir.resolve("app.jar"), App.class);
        Path out = dir.resolve("out");
        Process parent = new ProcessBuilder(ChildCommand.javaBinary(), "-Dshmproc.aotCache=false", "-jar", jar.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent did not finish");
        assertEquals(0, parent.exitValue());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("class path " + jar, lines.get(0));
        assertEquals("child of " + parent.pid() + " ran", lines.get(1));
        assertEquals("3 [a, b, c]", lines.get(2));
    }

    /** A jar with only a manifest: its Main-Class, and a Class-Path naming this JVM's class path. */
    static Path manifestOnlyJar(Path jar, Class<?> main) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, main.getName());
        attributes.put(Attributes.Name.CLASS_PATH, java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }

    /** The runnable jar's main: a lambda child and a main-class child. */
    public static final class App {
        public static void main(String[] args) throws Exception {
            System.out.println("class path " + System.getProperty("java.class.path"));
            JvmProcess child = JvmProcess.of(() -> "child of " + JvmProcess.parent().orElseThrow().pid() + " ran").start();
            child.join();
            System.out.println(child.result());
            JvmProcess main = JvmProcess.ofMain(JvmProcessTest.EchoMain.class, "a", "b", "c").start();
            main.join();
            if (main.exitCode().orElseThrow() != 0) {
                throw new IllegalStateException("the main-class child exited with " + main.exitCode());
            }
        }
    }

}

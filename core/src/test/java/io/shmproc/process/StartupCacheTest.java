package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When children get a start-up cache, what it is keyed by, and a child from a jar class path using one. */
class StartupCacheTest {
    @TempDir
    Path dir;

    @Test
    void itAppliesToJarsOnlyOnJdk25WhenNotTurnedOffAndNoArchiveOptionIsGiven() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "a");
        Path b = Files.writeString(dir.resolve("b.jar"), "b");
        String jars = a + File.pathSeparator + b;
        assertTrue(StartupCache.applies(null, 25, List.of("-Xmx64m"), jars, ""));
        assertTrue(StartupCache.applies("true", 26, List.of(), jars, null));
        assertFalse(StartupCache.applies("false", 25, List.of(), jars, ""), "-Dshmproc.aotCache=false turns it off");
        assertFalse(StartupCache.applies("FALSE", 25, List.of(), jars, ""));
        assertFalse(StartupCache.applies(null, 24, List.of(), jars, ""), "JDK 24 has no -XX:AOTCacheOutput");
        assertFalse(StartupCache.applies(null, 25, List.of(), jars + File.pathSeparator + dir, ""),
                "the JVM refuses a class path with a non-empty directory");
        assertFalse(StartupCache.applies(null, 25, List.of(), dir.resolve("missing.jar").toString(), ""));
        assertFalse(StartupCache.applies(null, 25, List.of(), dir + "/*", ""));
        assertFalse(StartupCache.applies(null, 25, List.of(), "", ""));
        assertFalse(StartupCache.applies(null, 25, List.of(), jars, a.toString()), "not with a module path");
        for (String own : List.of("-XX:AOTCache=x.aot", "-XX:AOTMode=off", "-XX:SharedArchiveFile=x.jsa", "-Xshare:off")) {
            assertFalse(StartupCache.applies(null, 25, List.of(own), jars, ""), own + ": the caller's choice stands");
        }
    }

    @Test
    void theKeyChangesWithJavaVersionOptionsAndEveryJarsSizeOrTime() throws IOException {
        Path jar = Files.writeString(dir.resolve("app.jar"), "version 1");
        List<StartupCache.Entry> entries = StartupCache.entries(jar.toString());
        assertEquals(List.of(new StartupCache.Entry(jar.toAbsolutePath().toString(), 9, Files.getLastModifiedTime(jar).toMillis())),
                entries);
        String key = StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx64m"), entries);
        assertEquals(key, StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx64m"), StartupCache.entries(jar.toString())),
                "the same inputs give the same key");
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertNotEquals(key, StartupCache.key("/other/bin/java", "25+36", List.of("-Xmx64m"), entries));
        assertNotEquals(key, StartupCache.key("/jdk/bin/java", "25.0.1+8", List.of("-Xmx64m"), entries));
        assertNotEquals(key, StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx128m"), entries));
        assertNotEquals(key, StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx64m", "-ea"), entries));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000));
        assertNotEquals(key, StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx64m"), StartupCache.entries(jar.toString())),
                "a jar touched since the training makes a new cache");
        Files.writeString(jar, "version 22");
        assertNotEquals(key, StartupCache.key("/jdk/bin/java", "25+36", List.of("-Xmx64m"), StartupCache.entries(jar.toString())),
                "a rebuilt jar makes a new cache");
    }

    @Test
    void theCacheLivesInTheConfiguredDirectoryElseXdgCacheHomeElseTheHomeCache() {
        assertEquals(Optional.of(Path.of("/c/aot")), StartupCache.directory("/c/aot", "/x", "/home/u"));
        assertEquals(Optional.of(Path.of("/x/shmproc/aot")), StartupCache.directory(null, "/x", "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache/shmproc/aot")), StartupCache.directory(null, "relative", "/home/u"),
                "XDG requires an absolute XDG_CACHE_HOME; a relative one is ignored");
        assertEquals(Optional.of(Path.of("/home/u/.cache/shmproc/aot")), StartupCache.directory("", "", "/home/u"));
        assertEquals(Optional.empty(), StartupCache.directory(null, null, "?"));
    }

    @Test
    void aClassPathOfDirectoriesAsInThisTestGetsNoCacheOption() {
        // Surefire runs this from target/classes directories: no cache, and no training started.
        List<String> command = ChildCommand.forThisJvm(List.of(), true);
        assertTrue(command.stream().noneMatch(o -> o.startsWith("-XX:AOTCache")), command.toString());
    }

    @Test
    @Timeout(420)
    void aChildFromAJarClassPathTrainsTheCacheOnceAndALaterChildRunsWithIt() throws Exception {
        Path jar = dir.resolve("classes.jar");
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    addTree(out, path);
                } else if (Files.isRegularFile(path)) {
                    classPath.add(entry);
                }
            }
        }
        Path cacheDirectory = dir.resolve("cache").resolve("aot");
        Path output = dir.resolve("probe.out");
        String java = ChildCommand.javaBinary();
        List<String> probe = List.of(java, "-XX:+UseSerialGC", "-D" + StartupCache.DIRECTORY_PROPERTY + "=" + cacheDirectory,
                "-cp", String.join(File.pathSeparator, classPath), CacheProbe.class.getName());
        Process parent = new ProcessBuilder(probe).redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(parent.waitFor(360, TimeUnit.SECONDS), "the probe finished");
        List<String> lines = Files.readAllLines(output);
        assertEquals(0, parent.exitValue(), lines.toString());

        assertEquals("first: 3 words", lines.get(0), lines.toString());
        assertFalse(lines.get(1).contains("-XX:AOTCache"), "the first child started before any cache existed: " + lines);
        assertEquals("trained: true", lines.get(2), lines.toString());
        List<Path> caches;
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            caches = files.filter(f -> f.toString().endsWith(".aot")).toList();
        }
        assertEquals(1, caches.size(), "one cache for one java, option set and class path: " + caches);
        Path cache = caches.get(0);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDirectory)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no unfinished training is left");
        }
        assertEquals("second: 3 words", lines.get(3), lines.toString());
        assertTrue(lines.get(4).contains("-XX:AOTCache=" + cache), "a later child has the cache: " + lines);

        // The JVM ignores a cache that does not fit, silently; with AOTMode=on it refuses to start instead.
        Process strict = new ProcessBuilder(java, "-XX:+UseSerialGC", "-D" + StartupCache.DIRECTORY_PROPERTY + "=" + cacheDirectory,
                "-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-cp", String.join(File.pathSeparator, classPath),
                CacheProbe.Empty.class.getName()).redirectErrorStream(true).redirectOutput(dir.resolve("strict.out").toFile()).start();
        assertTrue(strict.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, strict.exitValue(), "the cache fits the children's command: " + Files.readString(dir.resolve("strict.out")));
    }

    private static void addTree(JarOutputStream out, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** The parent JVM of the jar test: a child before the cache exists, the training, a child after. */
    static final class CacheProbe {
        private static final Duration BOUND = Duration.ofSeconds(120);

        private CacheProbe() {
        }

        public static void main(String[] args) throws Exception {
            ArrayList<String> words = new ArrayList<>(List.of("a", "serialised", "task"));
            // The task captures a list, so it travels by Java serialisation: the path the cache helps most.
            JvmProcess first = JvmProcess.of(() -> words.size() + " words\n" + ManagementFactory.getRuntimeMXBean().getInputArguments());
            String[] firstSaw = run(first);
            System.out.println("first: " + firstSaw[0]);
            System.out.println(firstSaw[1]);
            System.out.println("trained: " + StartupCache.awaitTrainings(TimeUnit.SECONDS.toMillis(240)));
            String[] secondSaw = run(JvmProcess.of(() -> words.size() + " words\n"
                    + ManagementFactory.getRuntimeMXBean().getInputArguments()));
            System.out.println("second: " + secondSaw[0]);
            System.out.println(secondSaw[1]);
        }

        private static String[] run(JvmProcess child) throws InterruptedException {
            child.start();
            if (!child.join(BOUND)) {
                child.kill();
                throw new IllegalStateException(child + " did not exit within " + BOUND);
            }
            return ((String) child.result()).split("\n");
        }

        /** For checking that the cache fits a plain JVM with the children's options and class path. */
        static final class Empty {
            private Empty() {
            }

            public static void main(String[] args) {
                // nothing: starting at all is the check
            }
        }
    }

    @Test
    void pruningKeepsTheMostRecentlyUsedCachesAndNeverOneUsedWithinADay(@TempDir Path directory) throws IOException {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        List<Path> caches = new ArrayList<>();
        for (int i = 0; i < StartupCache.KEPT_CACHES + 3; i++) { // cache-0 the most recently used
            Path cache = Files.writeString(directory.resolve("cache-" + i + ".aot"), "x");
            Files.writeString(directory.resolve("cache-" + i + ".aot.lock"), "");
            Files.setLastModifiedTime(cache, FileTime.from(now.minus(Duration.ofDays(2 + i))));
            caches.add(cache);
        }
        Path usedToday = Files.writeString(directory.resolve("today.aot"), "x");
        Files.setLastModifiedTime(usedToday, FileTime.from(now.minus(Duration.ofHours(3))));
        Path other = Files.writeString(directory.resolve("notes.txt"), "not a cache");
        Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(400))));

        List<Path> removed = StartupCache.prune(directory, now);

        // today's counts among the kept, so the oldest four of the rest go
        assertEquals(caches.subList(StartupCache.KEPT_CACHES - 1, caches.size()), removed.stream().sorted().toList().stream()
                .sorted((a, b) -> Integer.compare(caches.indexOf(a), caches.indexOf(b))).toList());
        for (Path cache : removed) {
            assertFalse(Files.exists(cache));
            assertFalse(Files.exists(Path.of(cache + ".lock")), "its lock file goes with it");
        }
        assertTrue(Files.exists(usedToday));
        assertTrue(Files.exists(other), "only caches are pruned");
        assertTrue(Files.exists(caches.get(0)));

        Files.setLastModifiedTime(caches.get(0), FileTime.from(now.minus(Duration.ofDays(StartupCache.MAX_UNUSED_DAYS + 1))));
        assertEquals(List.of(caches.get(0)), StartupCache.prune(directory, now), "unused for too long, although few are left");
    }

    @Test
    void usingACacheRefreshesItsTimeAtMostOnceADay(@TempDir Path directory) throws IOException {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Path cache = Files.writeString(directory.resolve("c.aot"), "x");
        FileTime hourAgo = FileTime.from(now.minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(cache, hourAgo);
        StartupCache.markUsed(cache, now);
        assertEquals(hourAgo, Files.getLastModifiedTime(cache), "used within the day: left alone");
        Files.setLastModifiedTime(cache, FileTime.from(now.minus(Duration.ofDays(3))));
        StartupCache.markUsed(cache, now);
        assertEquals(FileTime.from(now), Files.getLastModifiedTime(cache));
    }
}

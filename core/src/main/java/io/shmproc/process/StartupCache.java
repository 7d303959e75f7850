package io.shmproc.process;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An ahead-of-time cache (JDK 25's {@code -XX:AOTCache}, JEPs 483, 514 and 515) for child JVMs: classes
 * already loaded and linked, lambdas already bound and method profiles, made once by a training run of a
 * representative child and mapped by every later child with the same {@code java}, options and class
 * path. Measured on a 2-core machine (see {@code benchmarks/README.md}): a trivial lambda's child 60-71 ms
 * with it against 71-73 ms without, a task that Java serialisation carries 111-125 ms against 179-199 ms.
 *
 * <p>It applies only when the JVM can make and use one: JDK 25 or later, a class path of files only (the
 * JVM refuses to make a cache when a class path entry is a non-empty directory, and ignores, silently, a
 * cache whose class path differs), no module path, and no class-data option of the caller's own. Turn it
 * off with {@code -Dshmproc.aotCache=false}. A cache is keyed by the {@code java} binary, the VM's
 * version, the child's options and each class path entry's path, size and modification time, so a
 * rebuilt jar or a changed option makes a new one; it lives in {@code $XDG_CACHE_HOME/shmproc/aot} (else
 * {@code ~/.cache/shmproc/aot}, or {@code -Dshmproc.aotCacheDirectory}), a directory of mode 0700 with
 * files of mode 0600, never among the namespaces.
 *
 * <p>The first child start that finds no cache starts the training in the background and runs without
 * one; a file lock per key makes sure that one JVM at a time trains it, and the cache appears by an atomic
 * rename, so a child never maps a half-written file. A training that fails is not retried by this JVM.
 *
 * <p>Caches are pruned so they never pile up (each is some 16 MB, and every rebuilt jar makes a new one):
 * a cache in use has its modification time refreshed once a day, and after each training only the
 * {@value #KEPT_CACHES} most recently used caches are kept, and none unused for {@value #MAX_UNUSED_DAYS}
 * days; a cache used within the last day is never removed, so a child about to map one finds it.
 *
 * <pre>{@code
 * List<String> options = StartupCache.options(java, childOptions, classPath, modulePath); // [] or ["-XX:AOTCache=..."]
 * }</pre>
 */
final class StartupCache {
    static final String ENABLED_PROPERTY = "shmproc.aotCache";
    static final String DIRECTORY_PROPERTY = "shmproc.aotCacheDirectory";
    static final int FIRST_FEATURE = 25;
    private static final String SUFFIX = ".aot";
    static final int KEPT_CACHES = 8;
    static final int MAX_UNUSED_DAYS = 30;
    private static final Duration USE_REFRESH = Duration.ofDays(1);
    private static final long TRAINING_BOUND_SECONDS = 300;
    /** Options that choose class-data archives themselves: with them, the caller's choice stands. */
    private static final List<String> ARCHIVE_OPTIONS = List.of("-XX:AOT", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-Xshare", "-XX:+RecordDynamicDumpInfo");

    /** Keys this JVM trained or tried to: none is trained twice by one JVM, even after a failure. */
    private static final Set<String> TRIED = ConcurrentHashMap.newKeySet();
    /** Training threads by key, so that a test can wait for them. */
    private static final Map<String, Thread> TRAININGS = new ConcurrentHashMap<>();

    private StartupCache() {
    }

    /**
     * @return the options that make a child with this command use the cache once it exists; empty when the
     *     cache does not apply, or is not trained yet (then its training is started in the background)
     */
    static List<String> options(String java, List<String> childOptions, String classPath, String modulePath) {
        Optional<Path> cache = cacheFile(java, childOptions, classPath, modulePath);
        if (cache.isEmpty()) {
            return List.of();
        }
        Path file = cache.get();
        if (Files.isRegularFile(file)) {
            markUsed(file, Instant.now());
            return List.of("-XX:AOTCache=" + file);
        }
        train(file, java, childOptions, classPath);
        return List.of();
    }

    /** @return where the cache of this command lives, or empty when a cache does not apply to it */
    static Optional<Path> cacheFile(String java, List<String> childOptions, String classPath, String modulePath) {
        if (!applies(System.getProperty(ENABLED_PROPERTY), Runtime.version().feature(), childOptions, classPath, modulePath)) {
            return Optional.empty();
        }
        Optional<Path> directory = directory(System.getProperty(DIRECTORY_PROPERTY), System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home"));
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(directory.get().resolve(key(java, System.getProperty("java.vm.version"), childOptions,
                    entries(classPath)) + SUFFIX));
        } catch (IOException unreadableEntry) {
            return Optional.empty();
        }
    }

    /**
     * Whether a child with these options and paths can make and use a cache.
     *
     * @param enabled the {@code shmproc.aotCache} property: anything but {@code false} (any case) enables
     */
    static boolean applies(String enabled, int feature, List<String> childOptions, String classPath, String modulePath) {
        if ("false".equalsIgnoreCase(enabled) || feature < FIRST_FEATURE) {
            return false;
        }
        if (classPath == null || classPath.isEmpty() || (modulePath != null && !modulePath.isEmpty())) {
            return false;
        }
        for (String option : childOptions) {
            if (ARCHIVE_OPTIONS.stream().anyMatch(option::startsWith)) {
                return false;
            }
        }
        for (String entry : classPath.split(java.io.File.pathSeparator, -1)) {
            // A directory (even an empty one, whose contents may change unseen), a wildcard or a missing
            // entry cannot be keyed by size and time; the JVM refuses non-empty directories anyway.
            if (entry.isEmpty() || entry.endsWith("*") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the cache directory: {@code configured}, else {@code $XDG_CACHE_HOME/shmproc/aot} when that is
     *     absolute (as the XDG specification requires), else {@code ~/.cache/shmproc/aot}; empty without a home
     */
    static Optional<Path> directory(String configured, String xdgCacheHome, String userHome) {
        if (configured != null && !configured.isEmpty()) {
            return Optional.of(Path.of(configured));
        }
        if (xdgCacheHome != null && !xdgCacheHome.isEmpty() && Path.of(xdgCacheHome).isAbsolute()) {
            return Optional.of(Path.of(xdgCacheHome, "shmproc", "aot"));
        }
        if (userHome == null || userHome.isEmpty() || userHome.equals("?")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(userHome, ".cache", "shmproc", "aot"));
    }

    /** One class path entry as the key sees it. */
    record Entry(String path, long size, long modifiedMillis) {
    }

    static List<Entry> entries(String classPath) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            entries.add(new Entry(path.toString(), Files.size(path), Files.getLastModifiedTime(path).toMillis()));
        }
        return entries;
    }

    /** @return a hex digest of everything a cache depends on; the JVM checks the rest (GC, heap layout) itself */
    static String key(String java, String vmVersion, List<String> childOptions, List<Entry> classPath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF("shmproc-aot-1");
                out.writeUTF(java);
                out.writeUTF(String.valueOf(vmVersion));
                out.writeInt(childOptions.size());
                for (String option : childOptions) {
                    writeLong(out, option);
                }
                out.writeInt(classPath.size());
                for (Entry entry : classPath) {
                    writeLong(out, entry.path());
                    out.writeLong(entry.size());
                    out.writeLong(entry.modifiedMillis());
                }
            }
            return HexFormat.of().formatHex(digest.digest(bytes.toByteArray()), 0, 16);
        } catch (NoSuchAlgorithmException | IOException impossible) {
            throw new IllegalStateException("cannot digest the start-up cache's key: " + impossible, impossible);
        }
    }

    /** Strings of any length (writeUTF stops at 64 KB, which a long option could pass). */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    // ------------------------------------------------------------------ training

    private static void train(Path cache, String java, List<String> childOptions, String classPath) {
        String key = cache.getFileName().toString();
        if (!TRIED.add(key)) {
            return;
        }
        // A thread of its own: the caller is starting a child and must not wait for a second JVM.
        Thread trainer = new Thread(() -> trainLocked(cache, java, List.copyOf(childOptions), classPath), "shmproc-aot-training");
        trainer.setDaemon(true);
        TRAININGS.put(key, trainer);
        trainer.start();
    }

    /** Waits at most {@code timeoutMillis} for this JVM's trainings; for tests and benchmarks. */
    static boolean awaitTrainings(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread trainer : List.copyOf(TRAININGS.values())) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            trainer.join(left);
            if (trainer.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static void trainLocked(Path cache, String java, List<String> childOptions, String classPath) {
        Path directory = cache.getParent();
        String key = cache.getFileName().toString();
        try {
            createPrivateDirectory(directory);
            try (FileChannel lockFile = FileChannel.open(directory.resolve(key + ".lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock lock = lockFile.tryLock()) {
                if (lock == null || Files.isRegularFile(cache)) {
                    return; // another JVM is training this key, or just did
                }
                removeUnfinished(directory, key);
                Path unfinished = directory.resolve(key + ".tmp-" + ProcessHandle.current().pid());
                if (runTraining(unfinished, java, childOptions, classPath) && Files.isRegularFile(unfinished)) {
                    Files.setPosixFilePermissions(unfinished, PosixFilePermissions.fromString("rw-------"));
                    Files.move(unfinished, cache, StandardCopyOption.ATOMIC_MOVE);
                    prune(directory, Instant.now());
                }
                removeUnfinished(directory, key);
            }
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
            // No cache, then: children start as they would without one. Nothing to tell the user about.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refreshes a used cache's modification time, at most once a day: it is what pruning goes by. */
    static void markUsed(Path cache, Instant now) {
        try {
            if (Files.getLastModifiedTime(cache).toInstant().isBefore(now.minus(USE_REFRESH))) {
                Files.setLastModifiedTime(cache, FileTime.from(now));
            }
        } catch (IOException e) {
            // a cache we cannot touch is at worst pruned and trained again
        }
    }

    /**
     * Removes the caches beyond the {@value #KEPT_CACHES} most recently used, and those unused for
     * {@value #MAX_UNUSED_DAYS} days, with their lock files; never one used within the last day.
     *
     * @return the caches removed
     */
    static List<Path> prune(Path directory, Instant now) {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> caches = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(StartupCache::lastUsed).reversed()).toList();
            Instant unusedSince = now.minus(Duration.ofDays(MAX_UNUSED_DAYS));
            Instant recently = now.minus(USE_REFRESH);
            for (int i = 0; i < caches.size(); i++) {
                Path cache = caches.get(i);
                Instant used = lastUsed(cache);
                if ((i >= KEPT_CACHES || used.isBefore(unusedSince)) && used.isBefore(recently)) {
                    Files.deleteIfExists(cache);
                    Files.deleteIfExists(directory.resolve(cache.getFileName() + ".lock"));
                    removed.add(cache);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // pruning is housekeeping: a failure leaves more caches than wanted, nothing worse
        }
        return removed;
    }

    private static Instant lastUsed(Path cache) {
        try {
            return Files.getLastModifiedTime(cache).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one representative child that writes the cache to {@code output} as it exits. */
    private static boolean runTraining(Path output, String java, List<String> childOptions, String classPath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(childOptions);
        command.add("-XX:AOTCacheOutput=" + output);
        command.addAll(List.of("-cp", classPath, ChildCommand.CHILD_MAIN));
        Process training = new ProcessBuilder(command).redirectInput(Redirect.PIPE)
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        try (OutputStream stdin = training.getOutputStream()) {
            ProcessIdentity self = Lineage.self();
            new Launch("shmproc-aot-training", training.pid(), false, new int[] {0}, self.pid(), self.name(), "",
                    Training.class.getName(), List.of(), null, null).writeTo(stdin);
        } catch (IOException trainingAlreadyGone) {
            // its exit code tells
        }
        if (!training.waitFor(TRAINING_BOUND_SECONDS, TimeUnit.SECONDS)) {
            training.destroyForcibly();
            return false;
        }
        return training.exitValue() == 0;
    }

    /** Deletes what a training of {@code key} left behind; only while holding its lock. */
    private static void removeUnfinished(Path directory, String key) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, key + ".tmp-*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * What the training child runs, through {@link ChildMain} as every child does: the paths a child takes
     * before and while running its task, so that their classes and lambdas are in the cache. A direct call,
     * a serialised task capturing a shared long in a namespace of its own, and an outcome written and read.
     */
    static final class Training {
        private Training() {
        }

        public static void main(String[] args) throws Exception {
            DirectCall direct = DirectCall.of((SerializableCallable<String>) () -> idle("direct")).orElseThrow();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                direct.writeTo(out);
            }
            DirectCall.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))).invoke();

            String name = "aot-training-" + ProcessHandle.current().pid();
            try (Namespace ns = Namespace.open(name);
                 SharedLong hits = SharedLong.create(ns, "hits", 0)) {
                JvmProcess task = JvmProcess.of(() -> {
                    hits.incrementAndGet();
                });
                byte[] serialised = Outcome.serialise(task);
                ((JvmProcess) Outcome.deserialise(new ByteArrayInputStream(serialised))).execute();
            }

            Path outcome = Files.createTempFile("shmproc-aot-training", ".outcome");
            try {
                Outcome.write(outcome, Outcome.returned("done"));
                Outcome.readAndDelete(outcome);
            } finally {
                Files.deleteIfExists(outcome);
            }
        }

        private static String idle(String what) {
            return what;
        }
    }
}

package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.SharedQueue;
import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.TestNamespaces;
import java.io.Serializable;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM's whole life: what it runs, what it knows, how it ends and what the parent learns. */
@Timeout(120)
class JvmProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunnableRunsInAnotherJvmThatKnowsItsNameAndParent() throws Exception {
        Path out = dir.resolve("out");
        JvmProcess child = JvmProcess.of(() -> System.out.println("child " + JvmProcess.current().name() + " pid "
                        + ProcessHandle.current().pid() + " parent " + JvmProcess.parent().orElseThrow().pid()))
                .redirectOutput(Redirect.to(out.toFile()));
        assertTrue(child.exitCode().isEmpty(), "no exit code before start");
        child.start();
        assertTrue(child.join(BOUND));
        assertEquals(OptionalInt.of(0), child.exitCode());
        long me = ProcessHandle.current().pid();
        assertNotEquals(me, child.pid());
        assertEquals(List.of("child " + child.name() + " pid " + child.pid() + " parent " + me), Files.readAllLines(out));
        assertTrue(child.name().matches("Process-\\d+"), child.name());
        assertTrue(child.exception().isEmpty());
        assertNull(child.result());
    }

    @Test
    void aCallableResultComesBackAndTheChildSeesItselfAsTheParentNamedIt() throws Exception {
        JvmProcess child = JvmProcess.of(() -> List.of(JvmProcess.current(), JvmProcess.parent().orElseThrow()))
                .setName("counter-1");
        child.start();
        child.join();
        List<?> identities = (List<?>) child.result();
        assertEquals(new ProcessIdentity("counter-1", child.pid(), false), identities.get(0));
        assertEquals(new ProcessIdentity("MainProcess", ProcessHandle.current().pid(), false), identities.get(1));
        assertEquals("MainProcess", JvmProcess.current().name());
        assertTrue(JvmProcess.parent().isEmpty(), "the test JVM was not started by a JvmProcess");
    }

    @Test
    void aGrandchildIsNumberedUnderItsParentAsPythonNumbersIt() throws Exception {
        JvmProcess child = JvmProcess.of(() -> {
            JvmProcess grandchild = JvmProcess.of(() -> JvmProcess.current().name());
            grandchild.start();
            grandchild.join();
            return JvmProcess.current().name() + " started " + grandchild.name() + " which saw itself as " + grandchild.result();
        });
        child.start();
        child.join();
        String parent = child.name();
        assertEquals(parent + " started " + parent + ":1 which saw itself as " + parent + ":1",
                child.result());
    }

    @Test
    void systemExitGivesItsStatus() throws Exception {
        JvmProcess child = JvmProcess.of(() -> System.exit(7)).start();
        child.join();
        assertEquals(OptionalInt.of(7), child.exitCode());
        assertTrue(child.exception().isEmpty());
        IllegalStateException noResult = assertThrows(IllegalStateException.class, child::result);
        assertTrue(noResult.getMessage().contains("exited with 7"), noResult.getMessage());
    }

    @Test
    void anUncaughtExceptionExitsWithOneAndTravelsBackWithTheChildsStack() throws Exception {
        Path err = dir.resolve("err");
        JvmProcess child = JvmProcess.of(JvmProcessTest::failWithBadArgument).redirectError(Redirect.to(err.toFile())).start();
        child.join();
        assertEquals(OptionalInt.of(1), child.exitCode());
        Throwable thrown = child.exception().orElseThrow();
        assertEquals(IllegalArgumentException.class, thrown.getClass());
        assertEquals("no such widget: 42", thrown.getMessage());
        assertTrue(Arrays.stream(thrown.getStackTrace()).anyMatch(f -> f.getMethodName().equals("failWithBadArgument")),
                Arrays.toString(thrown.getStackTrace()));
        String printed = Files.readString(err);
        assertTrue(printed.startsWith("Process " + child.name() + ":"), printed);
        assertTrue(printed.contains("java.lang.IllegalArgumentException: no such widget: 42"), printed);
    }

    @Test
    void anExceptionThatCannotTravelArrivesAsARemoteCopy() throws Exception {
        JvmProcess child = JvmProcess.of(() -> {
            throw new Unserialisable("holds a thread");
        }).redirectError(Redirect.DISCARD).start();
        child.join();
        assertEquals(OptionalInt.of(1), child.exitCode());
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, child.exception().orElseThrow());
        assertEquals(Unserialisable.class.getName(), remote.remoteClassName());
        assertEquals(Unserialisable.class.getName() + ": holds a thread", remote.getMessage());
        assertTrue(remote.getStackTrace().length > 0);
    }

    @Test
    void terminateGivesMinusFifteenAndKillMinusNine() throws Exception {
        JvmProcess terminated = JvmProcess.of(JvmProcessTest::blockForever).start();
        JvmProcess killed = JvmProcess.of(JvmProcessTest::blockForever).start();
        assertTrue(terminated.isAlive());
        assertFalse(terminated.join(Duration.ZERO), "join(0) only looks");
        assertTrue(terminated.exitCode().isEmpty());
        IllegalStateException stillRunning = assertThrows(IllegalStateException.class, terminated::close);
        assertTrue(stillRunning.getMessage().contains("still running"), stillRunning.getMessage());
        assertTrue(JvmProcess.activeChildren().containsAll(List.of(terminated, killed)));

        terminated.terminate();
        killed.kill();
        assertTrue(terminated.join(BOUND));
        assertTrue(killed.join(BOUND));
        assertEquals(OptionalInt.of(-15), terminated.exitCode());
        assertEquals(OptionalInt.of(-9), killed.exitCode());
        assertFalse(terminated.isAlive());
        assertFalse(JvmProcess.activeChildren().contains(terminated));
        terminated.terminate(); // no-op once exited
        terminated.close();
        killed.close();
    }

    @Test
    void aProcessStartsOnceAndCannotBeJoinedBeforeItStarts() throws Exception {
        JvmProcess child = JvmProcess.of(() -> { });
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, child::join);
        assertTrue(notStarted.getMessage().contains("not started"), notStarted.getMessage());
        assertThrows(IllegalStateException.class, child::pid);
        child.start();
        IllegalStateException twice = assertThrows(IllegalStateException.class, child::start);
        assertTrue(twice.getMessage().contains("already started"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> child.setDaemon(true));
        child.join();
        assertSame(child, child.onExit().get(60, TimeUnit.SECONDS));
        child.close();
        assertThrows(IllegalStateException.class, child::start);
    }

    @Test
    void aTaskThatCannotBeSerialisedIsRefusedBeforeAnyJvmStarts() {
        Object notSerialisable = new Object();
        JvmProcess child = JvmProcess.of(() -> System.out.println(notSerialisable));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, child::start);
        assertTrue(refused.getMessage().contains("java.lang.Object is not Serializable"), refused.getMessage());
        assertFalse(child.isAlive());
        assertThrows(IllegalStateException.class, child::pid, "nothing was started");
    }

    @Test
    void aMainClassRunsWithItsArguments() throws Exception {
        Path out = dir.resolve("out");
        JvmProcess child = JvmProcess.ofMain(EchoMain.class, "one", "two words", "").redirectOutput(Redirect.to(out.toFile())).start();
        child.join();
        assertEquals(OptionalInt.of(0), child.exitCode());
        assertEquals(List.of("3 [one, two words, ]"), Files.readAllLines(out));
    }

    @Test
    void aMissingMainClassExitsWithOneAndSaysSo() throws Exception {
        JvmProcess child = JvmProcess.ofMain("no.such.Main").redirectError(Redirect.DISCARD).start();
        child.join();
        assertEquals(OptionalInt.of(1), child.exitCode());
        assertInstanceOf(ClassNotFoundException.class, child.exception().orElseThrow());
    }

    @Test
    void aSubclassTakesItsFieldsAlong() throws Exception {
        Path out = dir.resolve("out");
        JvmProcess child = new Rounds(3).redirectOutput(Redirect.to(out.toFile())).start();
        child.join();
        assertEquals(OptionalInt.of(0), child.exitCode());
        assertEquals(List.of("round 0 of " + child.name(), "round 1 of " + child.name(), "round 2 of " + child.name()),
                Files.readAllLines(out));
    }

    @Test
    void theChildSharesThisJvmsOptionsButNotItsDebuggerAndTakesItsOwn() throws Exception {
        JvmProcess child = JvmProcess.of(() -> List.of(System.getProperty("shmproc.test.colour", "none"),
                        ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .addJvmOptions("-Dshmproc.test.colour=blue", "-Xmx96m").start();
        child.join();
        List<?> seen = (List<?>) child.result();
        assertEquals("blue", seen.get(0));
        List<?> options = (List<?>) seen.get(1);
        for (String mine : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!mine.startsWith("-agentlib") && !mine.startsWith("-javaagent")) {
                assertTrue(options.contains(mine), mine + " missing from " + options);
            }
        }
        assertTrue(options.contains("-Xmx96m"), options.toString());

        assertEquals(List.of("-Xmx1g", "-Dx=1", "--enable-native-access=ALL-UNNAMED"), ChildCommand.select(List.of(
                "-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y", "-Dx=1", "-javaagent:/tmp/a.jar",
                "-XX:StartFlightRecording=duration=30s", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=/tmp/app.aot",
                "-Xrunjdwp:transport=dt_socket", "-XX:SharedArchiveFile=/tmp/a.jsa")));
    }

    @Test
    void onExitCompletesWithTheProcessOnceItsOutcomeIsKnown() throws Exception {
        JvmProcess child = JvmProcess.of(() -> 6 * 7).start();
        JvmProcess exited = child.onExit().get(60, TimeUnit.SECONDS);
        assertSame(child, exited);
        assertEquals(42, exited.result());
        assertEquals(OptionalInt.of(0), exited.exitCode());
    }

    @Test
    void capturedValuesArriveIntactWhetherTheLambdaGoesAsACallOrSerialised() throws Exception {
        String text = "naïve ☃";
        int i = -7;
        long l = Long.MIN_VALUE;
        double d = Math.PI;
        float f = -0.0f;
        short s = Short.MAX_VALUE;
        byte b = (byte) 0x80;
        char c = '\u00e9';
        boolean z = true;
        String nothing = null;
        List<Integer> list = List.of(1, 2, 3);
        JvmProcess direct = JvmProcess.of(() -> text + i + l + d + f + s + b + c + z + nothing).start();
        JvmProcess serialised = JvmProcess.of(() -> text + i + l + d + f + s + b + c + z + nothing + list).start();
        direct.join();
        serialised.join();
        String expected = text + i + l + d + f + s + b + c + z + nothing;
        assertEquals(expected, direct.result());
        assertEquals(expected + list, serialised.result());
        assertTrue(DirectCall.of((SerializableCallable<String>) () -> text + i).isPresent(), "plain captures go as a call");
        assertTrue(DirectCall.of((SerializableCallable<String>) () -> text + list).isEmpty(), "a list needs serialisation");
    }

    @Test
    void aMethodReferenceRunsAndARunnablesIgnoredReturnValueIsNoResult() throws Exception {
        JvmProcess callable = JvmProcess.of(JvmProcessTest::answer).start();
        JvmProcess runnable = JvmProcess.of((SerializableRunnable) JvmProcessTest::answer).start();
        callable.join();
        runnable.join();
        assertEquals(42, callable.result());
        assertEquals(OptionalInt.of(0), runnable.exitCode());
        assertNull(runnable.result());
    }

    @Test
    void descriptorsNameEveryKindOfParameter() throws Exception {
        assertArrayEquals(new Class<?>[] {int.class, String[].class, long.class, int[][].class, List.class, boolean.class},
                DirectCall.parameterTypes("(I[Ljava/lang/String;J[[ILjava/util/List;Z)V", ClassLoader.getSystemClassLoader()));
        assertArrayEquals(new Class<?>[0], DirectCall.parameterTypes("()Ljava/lang/Object;", ClassLoader.getSystemClassLoader()));
    }

    static int answer() {
        return 42;
    }

    @Test
    void sharedObjectsCapturedByTheTaskAreAttachedByNameInTheChild() throws Exception {
        try (Namespace ns = Namespace.builder(TestNamespaces.unique("captured")).directory(dir).open();
             SharedLong hits = SharedLong.create(ns, "hits", 0);
             SharedQueue<String> notes = SharedQueue.create(ns, "notes", Codecs.string())) {
            JvmProcess child = JvmProcess.of(() -> {
                for (int i = 0; i < 1000; i++) {
                    hits.incrementAndGet();
                }
                notes.put("done by " + JvmProcess.current().name());
                return hits.get();
            }).start();
            for (int i = 0; i < 1000; i++) {
                hits.incrementAndGet();
            }
            assertEquals("done by " + child.name(), notes.poll(60, TimeUnit.SECONDS));
            child.join();
            assertEquals(OptionalInt.of(0), child.exitCode());
            assertEquals(2000, hits.get(), "every increment of both processes counted");
            assertTrue((Long) child.result() >= 1000);
        }
    }

    @Test
    void cpuCountIsWhatThisJvmMayUse() {
        assertEquals(Runtime.getRuntime().availableProcessors(), JvmProcess.cpuCount());
    }

    static void failWithBadArgument() {
        throw new IllegalArgumentException("no such widget: 42");
    }

    static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An exception whose field is a thread: it cannot be serialised. */
    static final class Unserialisable extends RuntimeException {
        private final transient Object unused = null;
        @SuppressWarnings("serial")
        private final Thread thread = Thread.currentThread();

        Unserialisable(String message) {
            super(message);
        }
    }

    /** A main class that prints its argument count and arguments. */
    public static final class EchoMain {
        public static void main(String[] args) {
            System.out.println(args.length + " " + Arrays.toString(args));
        }
    }

    /** The subclass form: the field travels with the object. */
    static final class Rounds extends JvmProcess implements Serializable {
        private final int rounds;

        Rounds(int rounds) {
            this.rounds = rounds;
        }

        @Override
        public void run() {
            for (int i = 0; i < rounds; i++) {
                System.out.println("round " + i + " of " + JvmProcess.current().name());
            }
        }
    }

}

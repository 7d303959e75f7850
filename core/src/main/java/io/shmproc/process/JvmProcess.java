package io.shmproc.process;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task run in a child JVM: Python's {@code multiprocessing.Process} for the JVM. The child is started
 * with this JVM's {@code java} binary, class path, module path and the options that shape how code runs
 * (heap, stack, system properties, native access; never debugger, agent or recorder options), and runs a
 * {@link SerializableRunnable}, a {@link SerializableCallable}, a main class with arguments, or the
 * {@link #run()} method of a subclass.
 *
 * <p>The task travels by Java serialisation, with what it captures; shared objects (queues, locks,
 * shared values) travel by name and are attached again in the child. The child's standard output and
 * error are this JVM's unless redirected.
 *
 * <p>The life cycle is Python's: {@link #start()} once; {@link #join()}; {@link #isAlive()};
 * {@link #exitCode()}, empty until the child exits, then 0 when the task returned, 1 when it threw, {@code n}
 * after {@code System.exit(n)}, and minus the signal number when a signal ended it (-15 after
 * {@link #terminate()}, -9 after {@link #kill()}). A status above 128 is read as a signal, as a shell reads
 * it, so {@code System.exit(130)} reads as -2. The exception a task threw is available here with its
 * child's stack trace ({@link #exception()}), and a callable's result ({@link #result()}).
 *
 * <p>A <em>daemon</em> child dies with its parent, even when the parent is killed with SIGKILL: it watches
 * the end of its standard input, which the kernel closes when the parent is gone. When this JVM exits
 * normally, its daemon children are terminated and its other children are waited for.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedLong hits = SharedLong.open(ns, "hits", 0)) {
 *     JvmProcess child = JvmProcess.of(() -> hits.incrementAndGet());
 *     child.start();
 *     child.join();
 *     System.out.println(child.name() + " exited with " + child.exitCode().getAsInt() + "; hits = " + hits.get());
 * }
 *
 * class Worker extends JvmProcess {             // the subclass form: fields travel with it
 *     private final int rounds = 3;
 *     @Override public void run() { for (int i = 0; i < rounds; i++) System.out.println("round " + i); }
 * }
 * }</pre>
 *
 * <p>Instances are safe to use from several threads. In the child, {@link #current()} names the child and
 * {@link #parent()} its parent.
 */
public class JvmProcess implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int HIGHEST_SIGNAL = 64;

    private final Serializable task;
    private final String mainClass;
    private final ArrayList<String> arguments;
    private final int[] lineage;
    private volatile String name;
    private volatile boolean daemon;

    private transient Object lock;
    private transient List<String> jvmOptions;
    private transient boolean inheritJvmOptions;
    private transient Redirect output;
    private transient Redirect error;
    private transient CompletableFuture<JvmProcess> exit;
    private transient volatile Process process;
    private transient OutputStream lifeline;
    private transient Path outcomeFile;
    private transient volatile Integer exitCode;
    private transient Outcome outcome;
    private transient boolean closed;

    /** For subclasses that override {@link #run()}; the subclass and its fields must be serialisable. */
    protected JvmProcess() {
        this(null, null, List.of());
    }

    private JvmProcess(Serializable task, String mainClass, List<String> arguments) {
        this.task = task;
        this.mainClass = mainClass;
        this.arguments = new ArrayList<>(arguments);
        this.lineage = Lineage.nextChild();
        this.name = Lineage.defaultName(lineage);
        initialiseParentSide();
    }

    private void initialiseParentSide() {
        lock = new Object();
        jvmOptions = new ArrayList<>();
        inheritJvmOptions = true;
        output = Redirect.INHERIT;
        error = Redirect.INHERIT;
        exit = new CompletableFuture<>();
    }

    /** @return a process that will run {@code task} in a new JVM */
    public static JvmProcess of(SerializableRunnable task) {
        return new JvmProcess(Objects.requireNonNull(task, "task"), null, List.of());
    }

    /** @return a process that will run {@code task} in a new JVM, its result then read by {@link #result()} */
    public static JvmProcess of(SerializableCallable<?> task) {
        return new JvmProcess(Objects.requireNonNull(task, "task"), null, List.of());
    }

    /** @return a process that will run {@code mainClass.main(arguments)} in a new JVM */
    public static JvmProcess ofMain(Class<?> mainClass, String... arguments) {
        return ofMain(mainClass.getName(), arguments);
    }

    /** @return a process that will run the named class's {@code main(arguments)} in a new JVM */
    public static JvmProcess ofMain(String mainClass, String... arguments) {
        Objects.requireNonNull(mainClass, "mainClass");
        return new JvmProcess(null, mainClass, Arrays.asList(arguments));
    }

    /**
     * The child's work. By default it runs the task this process was made with; a subclass made with
     * the protected constructor overrides it. It runs in the child; calling it directly runs it here.
     */
    public void run() {
        try {
            execute();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + ": the task threw " + e, e);
        }
    }

    /** @return what the child's task returned, run in the child by {@link ChildMain} */
    Object execute() throws Exception {
        if (task instanceof SerializableCallable<?> callable) {
            return callable.call();
        }
        if (task instanceof SerializableRunnable runnable) {
            runnable.run();
            return null;
        }
        if (getClass() == JvmProcess.class) {
            throw new IllegalStateException(name + " has no task: make it with JvmProcess.of(...) or override run()");
        }
        run();
        return null;
    }

    // ------------------------------------------------------------------ set-up, before start

    /** Names the process (default {@code Process-N}, as Python numbers them); the child sees it as its {@link #current()} name. */
    public JvmProcess setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Makes the child a daemon, which dies with its parent; only before {@link #start()}. */
    public JvmProcess setDaemon(boolean daemon) {
        synchronized (lock) {
            requireNotStarted("setDaemon");
            this.daemon = daemon;
        }
        return this;
    }

    /** Adds JVM options for this child, after the inherited ones so that they win (e.g. {@code -Xmx64m}). */
    public JvmProcess addJvmOptions(String... options) {
        synchronized (lock) {
            requireNotStarted("addJvmOptions");
            for (String option : options) {
                jvmOptions.add(Objects.requireNonNull(option, "option"));
            }
        }
        return this;
    }

    /** Whether the child gets this JVM's options (default true); with false it gets only {@link #addJvmOptions}. */
    public JvmProcess inheritJvmOptions(boolean inherit) {
        synchronized (lock) {
            requireNotStarted("inheritJvmOptions");
            this.inheritJvmOptions = inherit;
        }
        return this;
    }

    /** Where the child's standard output goes (default: this JVM's, {@link Redirect#INHERIT}). */
    public JvmProcess redirectOutput(Redirect destination) {
        synchronized (lock) {
            requireNotStarted("redirectOutput");
            this.output = Objects.requireNonNull(destination, "destination");
        }
        return this;
    }

    /** Where the child's standard error goes (default: this JVM's, {@link Redirect#INHERIT}). */
    public JvmProcess redirectError(Redirect destination) {
        synchronized (lock) {
            requireNotStarted("redirectError");
            this.error = Objects.requireNonNull(destination, "destination");
        }
        return this;
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the child JVM and hands it the task. Returns once the child is started; the task runs as
     * soon as the child JVM is up.
     *
     * @throws IllegalStateException if this process was already started or closed
     * @throws IllegalArgumentException if the task, or something it captures, cannot be serialised
     * @throws java.io.UncheckedIOException if the JVM cannot be started
     */
    public JvmProcess start() {
        synchronized (lock) {
            requireNotClosed("start");
            if (process != null) {
                throw new IllegalStateException(name + " was already started; a process starts once: make a new JvmProcess");
            }
            // A plain lambda goes as a direct call where it can: the child then never initialises Java serialisation.
            DirectCall direct = getClass() == JvmProcess.class && task != null ? DirectCall.of(task).orElse(null) : null;
            byte[] body = direct == null ? serialisedBody() : null;
            ProcessBuilder builder = new ProcessBuilder(ChildCommand.forThisJvm(jvmOptions, inheritJvmOptions))
                    .redirectInput(Redirect.PIPE).redirectOutput(output).redirectError(error);
            Process started;
            try {
                started = builder.start();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot start a JVM for " + name + " with " + builder.command(), e);
            }
            process = started;
            lifeline = started.getOutputStream();
            Children.started(this);
            try {
                launch(started.pid(), body, direct).writeTo(lifeline);
                if (!daemon) {
                    lifeline.close();
                }
            } catch (IOException childAlreadyGone) {
                // It died before reading its launch (a bad JVM option, say): its exit code tells.
            }
            started.onExit().thenRun(this::finish);
        }
        return this;
    }

    private byte[] serialisedBody() {
        if (mainClass == null) {
            try {
                return Outcome.serialise(this);
            } catch (NotSerializableException e) {
                throw new IllegalArgumentException("the task of " + name + " cannot travel to its JVM: " + e.getMessage()
                        + " is not Serializable. A lambda must be typed SerializableRunnable or SerializableCallable, and what it "
                        + "captures must be Serializable (shared objects travel by name)", e);
            } catch (IOException e) {
                throw new IllegalArgumentException("the task of " + name + " cannot be serialised: " + e, e);
            }
        }
        return null;
    }

    private Launch launch(long pid, byte[] body, DirectCall direct) {
        outcomeFile = RunDirectory.get().newOutcomeFile();
        ProcessIdentity self = Lineage.self();
        return new Launch(name, pid, daemon, lineage, self.pid(), self.name(), outcomeFile.toString(), mainClass, arguments, body, direct);
    }

    /**
     * Waits until the child exits.
     *
     * @throws IllegalStateException if the process was not started
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public void join() throws InterruptedException {
        started("join").waitFor();
        finish();
    }

    /**
     * Waits at most {@code timeout} for the child to exit; {@link Duration#ZERO} only looks.
     *
     * @return whether the child has exited
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return join(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** As {@link #join(Duration)}. */
    public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
        Process child = started("join");
        if (!child.waitFor(Math.max(0, timeout), unit)) {
            return false;
        }
        finish();
        return true;
    }

    /** Waits for the child without giving up on interrupts; for this JVM's exit. */
    void joinQuietly() {
        Process child = process;
        if (child == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                child.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether the child was started and has not exited */
    public boolean isAlive() {
        Process child = process;
        return child != null && child.isAlive();
    }

    /**
     * @return empty until the child exits; then 0 if its task returned, 1 if it threw, {@code n} after
     *     {@code System.exit(n)}, or minus the number of the signal that ended it
     */
    public OptionalInt exitCode() {
        Process child = process;
        if (child == null || child.isAlive()) {
            return OptionalInt.empty();
        }
        finish();
        return OptionalInt.of(exitCode);
    }

    /** Sends SIGTERM: the child JVM runs its shutdown hooks and exits, and {@link #exitCode()} is -15. No-op once it exited. */
    public void terminate() {
        started("terminate").destroy();
    }

    /** Sends SIGKILL: the child stops at once, and {@link #exitCode()} is -9. No-op once it exited. */
    public void kill() {
        started("kill").destroyForcibly();
    }

    /**
     * Releases what the parent holds for the child. The child must have exited.
     *
     * @throws IllegalStateException if the child is still running: join, terminate or kill it first
     */
    public void close() {
        synchronized (lock) {
            if (isAlive()) {
                throw new IllegalStateException(name + " is still running (pid " + process.pid()
                        + "): join, terminate or kill it before closing it");
            }
            closed = true;
        }
        if (process != null) {
            finish();
        }
    }

    /** @return a future completed with this process once its child has exited and its outcome is known */
    public CompletableFuture<JvmProcess> onExit() {
        return exit;
    }

    // ------------------------------------------------------------------ what happened

    /** @return the exception the task threw, with the child's stack trace; empty if it did not throw or has not ended */
    public Optional<Throwable> exception() {
        if (exitCode().isEmpty()) {
            return Optional.empty();
        }
        Outcome ended = outcome;
        return ended != null && ended.failed() ? Optional.of(ended.exception()) : Optional.empty();
    }

    /**
     * @return what a {@link SerializableCallable} task returned (null for other tasks)
     * @throws IllegalStateException if the child has not exited, or did not exit with 0
     */
    public Object result() {
        OptionalInt code = exitCode();
        if (code.isEmpty()) {
            throw new IllegalStateException(name + " has not exited yet: join() it first");
        }
        if (code.getAsInt() != 0) {
            throw new IllegalStateException(name + " exited with " + code.getAsInt() + " and left no result"
                    + exception().map(e -> "; it threw " + e).orElse(""));
        }
        Outcome ended = outcome;
        return ended == null ? null : ended.result();
    }

    /** @return the process's name */
    public String name() {
        return name;
    }

    /** @return whether the child dies with its parent */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * @return the child's operating-system pid
     * @throws IllegalStateException if it was not started
     */
    public long pid() {
        return started("pid").pid();
    }

    // ------------------------------------------------------------------ this JVM and its relatives

    /** @return who this JVM is: {@code MainProcess}, or the name its parent gave it */
    public static ProcessIdentity current() {
        return Lineage.self();
    }

    /** @return who started this JVM, if a {@code JvmProcess} did */
    public static Optional<ProcessIdentity> parent() {
        return Optional.ofNullable(Lineage.parent());
    }

    /** @return this JVM's children that were started and are still running */
    public static List<JvmProcess> activeChildren() {
        return Children.alive();
    }

    /** @return how many processors this JVM may use (its CPU affinity and container limits included) */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String toString() {
        Process child = process;
        Integer code = exitCode;
        String state = child == null ? "initial" : code != null ? "exitcode=" + code : child.isAlive() ? "started" : "stopped";
        return "JvmProcess[name=" + name + (child == null ? "" : ", pid=" + child.pid()) + ", " + state
                + (daemon ? ", daemon" : "") + "]";
    }

    // ------------------------------------------------------------------ internals

    private void finish() {
        synchronized (lock) {
            if (exitCode != null) {
                return;
            }
            Process child = process;
            int status = child.exitValue();
            try {
                outcome = Outcome.readAndDelete(outcomeFile);
            } catch (IOException | ClassNotFoundException | ClassCastException unreadable) {
                outcome = Outcome.threw(new IllegalStateException(name + " left an outcome this JVM cannot read: " + unreadable, unreadable));
            }
            try {
                lifeline.close();
            } catch (IOException ignored) {
                // the child is gone; so is its end of the pipe
            }
            exitCode = status > 128 && status <= 128 + HIGHEST_SIGNAL ? -(status - 128) : status;
        }
        Children.exited(this);
        exit.complete(this);
    }

    private Process started(String operation) {
        Process child = process;
        if (child == null) {
            throw new IllegalStateException("cannot " + operation + " " + name + ": it was not started; call start() first");
        }
        return child;
    }

    private void requireNotStarted(String operation) {
        if (process != null) {
            throw new IllegalStateException("cannot " + operation + " " + name + ": it was already started");
        }
    }

    private void requireNotClosed(String operation) {
        if (closed) {
            throw new IllegalStateException("cannot " + operation + " " + name + ": it was closed");
        }
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        // In the child the object is the task's holder; it may make and start processes of its own.
        initialiseParentSide();
    }
}

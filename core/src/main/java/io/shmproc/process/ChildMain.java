package io.shmproc.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;

/**
 * The entry point of a child JVM started by {@link JvmProcess}; not for starting by hand. It reads its
 * {@link Launch} from standard input, takes its name and parent, runs the task or main class, leaves the
 * outcome where the parent looks for it, and exits: 0 when the task returned, 1 when it threw (after
 * printing the stack trace on standard error, as Python prints the traceback), or whatever the task
 * passed to {@code System.exit}.
 *
 * <p>It does as little as it can before the task runs: no management API, no logging, no threads but the
 * one that watches a daemon's parent, and no Java serialisation for a main class.
 */
public final class ChildMain {
    /** A daemon whose parent is gone exits as if terminated, as Python's daemons are at exit. */
    static final int PARENT_GONE_EXIT = 128 + 15;
    private static final long PARENT_GONE_HALT_MILLIS = 5_000;

    private ChildMain() {
    }

    /** @param ignored the launch comes on standard input, not as arguments */
    public static void main(String[] ignored) {
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        Launch launch;
        try {
            launch = Launch.readFrom(stdin);
        } catch (IOException e) {
            System.err.println("shmproc: a child JVM could not read what to run from its parent: " + e);
            System.exit(2);
            return;
        }
        Lineage.becomeChild(launch);
        // Like Python's children, the task reads nothing of the parent's input; the pipe is the parent's lifeline.
        System.setIn(InputStream.nullInputStream());
        if (launch.daemon()) {
            watchParent(stdin);
        }
        Path outcomeFile = launch.outcomeFile().isEmpty() ? null : Path.of(launch.outcomeFile());
        try {
            Object result = launch.mainClass() != null ? runMain(launch.mainClass(), launch.arguments())
                    : launch.directCall() != null ? launch.directCall().invoke() : runTask(launch.task());
            if (result != null && outcomeFile != null) {
                writeResult(outcomeFile, result);
            }
        } catch (Throwable thrown) {
            Throwable cause = thrown instanceof InvocationTargetException invoked && invoked.getCause() != null
                    ? invoked.getCause() : thrown;
            System.err.println("Process " + launch.name() + ":");
            cause.printStackTrace();
            if (outcomeFile != null) {
                try {
                    Outcome.write(outcomeFile, Outcome.threw(cause));
                } catch (IOException | RuntimeException unwritable) {
                    System.err.println("shmproc: could not hand the exception to the parent: " + unwritable);
                }
            }
            System.exit(1);
        }
    }

    private static Object runMain(String className, java.util.List<String> arguments) throws Exception {
        Class<?> main = Class.forName(className, true, ClassLoader.getSystemClassLoader());
        Method method = main.getMethod("main", String[].class);
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new NoSuchMethodException(className + " has no public static void main(String[])");
        }
        method.invoke(null, (Object) arguments.toArray(new String[0]));
        return null;
    }

    private static Object runTask(byte[] task) throws Exception {
        JvmProcess process = (JvmProcess) Outcome.deserialise(new java.io.ByteArrayInputStream(task));
        return process.execute();
    }

    private static void writeResult(Path outcomeFile, Object result) throws IOException {
        try {
            Outcome.write(outcomeFile, Outcome.returned(result));
        } catch (NotSerializableException e) {
            throw new IllegalStateException("the task returned a " + result.getClass().getName() + ", which cannot travel back: "
                    + e.getMessage() + " is not Serializable; return a Serializable value", e);
        }
    }

    /** Exits once the parent's end of standard input closes, which the kernel does when the parent dies. */
    private static void watchParent(InputStream stdin) {
        Thread watcher = new ParentWatch(stdin);
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A class rather than a lambda: a child's first lambda costs milliseconds of linking before its task runs. */
    private static final class ParentWatch extends Thread {
        private final InputStream stdin;

        ParentWatch(InputStream stdin) {
            super("shmproc-parent-watch");
            this.stdin = stdin;
        }

        @Override
        public void run() {
            byte[] sink = new byte[64];
            try {
                while (stdin.read(sink) >= 0) {
                    // the parent writes nothing more; keep reading until it is gone
                }
            } catch (IOException gone) {
                // the same: the pipe is broken
            }
            Thread halter = new Halter();
            halter.setDaemon(true);
            halter.start();
            System.exit(PARENT_GONE_EXIT);
        }
    }

    /** Shutdown hooks get a bounded time before the JVM halts anyway. */
    private static final class Halter extends Thread {
        Halter() {
            super("shmproc-parent-gone-halt");
        }

        @Override
        public void run() {
            try {
                Thread.sleep(PARENT_GONE_HALT_MILLIS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(PARENT_GONE_EXIT);
        }
    }
}

package io.shmproc.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How a child's task ended, as it travels back to the parent: the task's result, or the exception it
 * threw. The exception is kept twice, as itself (serialised apart, so that a class the parent cannot
 * load or read does not spoil the rest) and as a {@link RemoteTaskException} copy that always travels.
 *
 * <pre>{@code
 * Outcome.write(file, Outcome.threw(e));      // in the child
 * Outcome outcome = Outcome.read(file);        // in the parent, after the child exited
 * }</pre>
 */
final class Outcome implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Generous limits: the bytes are the user's own, from a private pipe or 0700 directory, but a bug should not exhaust memory. */
    static final ObjectInputFilter LIMITS = new Limits();

    private final Object result;
    private final byte[] thrown;
    private final RemoteTaskException thrownCopy;

    private Outcome(Object result, byte[] thrown, RemoteTaskException thrownCopy) {
        this.result = result;
        this.thrown = thrown;
        this.thrownCopy = thrownCopy;
    }

    static Outcome returned(Object result) {
        return new Outcome(result, null, null);
    }

    static Outcome threw(Throwable exception) {
        byte[] bytes;
        try {
            bytes = serialise(exception);
        } catch (IOException notSerialisable) {
            bytes = null;
        }
        return new Outcome(null, bytes, RemoteTaskException.copyOf(exception));
    }

    /** @return whether the task threw */
    boolean failed() {
        return thrownCopy != null;
    }

    /** @return the task's result (null for a Runnable or a main class) */
    Object result() {
        return result;
    }

    /** @return the exception as it was thrown, or its {@link RemoteTaskException} copy if that cannot be read here */
    Throwable exception() {
        if (thrown != null) {
            try {
                return (Throwable) deserialise(new ByteArrayInputStream(thrown));
            } catch (IOException | ClassNotFoundException | ClassCastException unreadable) {
                // fall through to the copy
            }
        }
        return thrownCopy;
    }

    /** Writes the outcome so that a reader sees all of it or none: to a temporary file, then renamed. */
    static void write(Path file, Outcome outcome) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            out.write(serialise(outcome));
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the outcome left in {@code file}, which is then deleted, or null if the child left none */
    static Outcome readAndDelete(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = Files.newInputStream(file)) {
            return (Outcome) deserialise(in);
        } catch (NoSuchFileException none) {
            return null;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".partial"));
        }
    }

    static byte[] serialise(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /** A class, not {@code Config.createFilter}: parsing a pattern costs a cold child JVM milliseconds. */
    private static final class Limits implements ObjectInputFilter {
        private static final long MOST_DEPTH = 1_000;
        private static final long MOST_REFERENCES = 10_000_000;

        @Override
        public Status checkInput(FilterInfo info) {
            return info.depth() > MOST_DEPTH || info.references() > MOST_REFERENCES ? Status.REJECTED : Status.UNDECIDED;
        }
    }

    static Object deserialise(InputStream stream) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(stream)) {
            in.setObjectInputFilter(LIMITS);
            return in.readObject();
        }
    }
}

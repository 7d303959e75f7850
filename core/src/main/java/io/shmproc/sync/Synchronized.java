package io.shmproc.sync;

import io.shmproc.memory.SharedObject;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A shared value or array together with the {@link SharedLock} that guards it: Python's
 * {@code Value(typecode, v, lock=True)} and {@code Array(..., lock=True)}, whose {@code get_lock()} is
 * {@link #getLock()} and {@code get_obj()} is {@link #get()}. Plain shared objects (Python's
 * {@code RawValue}) have no lock; wrapping one gives it the lock named {@code "<name>#lock"} in the
 * same namespace, created by the first process that wraps it.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("bank");
 *      Synchronized<SharedLong> balance = Synchronized.of(SharedLong.open(ns, "balance", 100))) {
 *     balance.withLock(() -> {
 *         long b = balance.get().get();
 *         if (b >= 30) {
 *             balance.get().set(b - 30);      // check-then-act, atomic across processes
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p>It is {@link Serializable} by name, as its object and lock are: a copy read back guards the same
 * object with the same lock.
 *
 * @param <T> the guarded object
 */
public final class Synchronized<T extends SharedObject> implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Appended to the object's name to name its lock. */
    public static final String LOCK_SUFFIX = "#lock";

    private final transient T object;
    private final transient SharedLock lock;

    private Synchronized(T object, SharedLock lock) {
        this.object = object;
        this.lock = lock;
    }

    /** @return {@code object} with its lock, which is created if no process made it yet */
    public static <T extends SharedObject> Synchronized<T> of(T object) {
        return new Synchronized<>(object, SharedLock.open(object.namespace(), object.name() + LOCK_SUFFIX));
    }

    /** @return the guarded object (Python's {@code get_obj()}) */
    public T get() {
        return object;
    }

    /** @return the lock that guards it (Python's {@code get_lock()}) */
    public SharedLock getLock() {
        return lock;
    }

    /** Runs {@code action} holding the lock. */
    public void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /** @return what {@code action} returns, computed holding the lock */
    public <R> R withLock(Supplier<R> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the lock handle and the object handle. */
    @Override
    public void close() {
        try {
            lock.close();
        } finally {
            object.close();
        }
    }

    @Override
    public String toString() {
        return "Synchronized[" + object + ", " + lock + "]";
    }

    @Serial
    private Object writeReplace() {
        return new SerialForm(object, lock);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: Synchronized is serialised as Synchronized.SerialForm");
    }

    /** The object and its lock, each serialised by name. */
    private record SerialForm(SharedObject object, SharedLock lock) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            if (object == null || lock == null) {
                throw new InvalidObjectException("a Synchronized lacks its object or lock: the stream is damaged");
            }
            return new Synchronized<>(object, lock);
        }
    }
}

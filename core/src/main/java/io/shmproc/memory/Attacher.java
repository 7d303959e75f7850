package io.shmproc.memory;

import java.io.Serializable;

/**
 * How to attach a shared object of one kind by its name: what a {@link SharedReference} carries so
 * that the process deserialising it gets a working handle of the right type. Method references to
 * static {@code attach} factories fit, but the library's own attachers are named enums and records,
 * so that a deserialisation filter can admit them by class name (see
 * {@link SharedReference#classesToAllow()}).
 *
 * <pre>{@code
 * record CounterAttacher() implements Attacher<SharedLong> {
 *     public SharedLong attach(Namespace ns, String name) {
 *         return SharedLong.attach(ns, name);
 *     }
 * }
 * SharedReference ref = SharedReference.of(ns, "hits", new CounterAttacher());
 * }</pre>
 *
 * @param <T> the type of handle it attaches
 */
@FunctionalInterface
public interface Attacher<T> extends Serializable {
    /**
     * Attaches the existing object {@code name} of namespace {@code ns}.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws IncompatibleObjectException if it is of another kind or layout
     */
    T attach(Namespace ns, String name);
}

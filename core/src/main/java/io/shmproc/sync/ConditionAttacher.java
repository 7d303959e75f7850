package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedObject;

/**
 * Attaches a deserialised condition with its lock, which travels by name too (and is read back, so
 * attached, before the condition).
 */
record ConditionAttacher(SharedObject lock) implements Attacher<SharedCondition> {
    @Override
    public SharedCondition attach(Namespace ns, String name) {
        return switch (lock) {
            case SharedLock plain -> SharedCondition.attach(ns, name, plain);
            case SharedRLock reentrant -> SharedCondition.attach(ns, name, reentrant);
            case null, default -> throw new IllegalArgumentException("condition '" + name + "' was serialised with "
                    + lock + " rather than a SharedLock or SharedRLock: the stream is damaged");
        };
    }
}

package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedObject;
import java.util.function.BiFunction;

/** How a deserialised reference attaches the synchronisers that need nothing but their name. */
enum SyncAttachers implements Attacher<SharedObject> {
    LOCK(SharedLock::attach), RLOCK(SharedRLock::attach), SEMAPHORE(SharedSemaphore::attach), EVENT(SharedEvent::attach);

    /** Not serialised: an enum constant travels as its name. */
    private final transient BiFunction<Namespace, String, ? extends SharedObject> attach;

    SyncAttachers(BiFunction<Namespace, String, ? extends SharedObject> attach) {
        this.attach = attach;
    }

    @Override
    public SharedObject attach(Namespace ns, String name) {
        return attach.apply(ns, name);
    }
}

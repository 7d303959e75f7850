package io.shmproc.sync;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;

/** Attaches a deserialised barrier with its action (null for none), which was serialised with it. */
record BarrierAttacher(Runnable action) implements Attacher<SharedBarrier> {
    @Override
    public SharedBarrier attach(Namespace ns, String name) {
        return SharedBarrier.attach(ns, name, action);
    }
}

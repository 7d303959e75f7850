package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;

/** Attaches a deserialised struct array with the layout it was serialised with. */
record StructArrayAttacher(StructType<?> type) implements Attacher<SharedStructArray<?>> {
    @Override
    public SharedStructArray<?> attach(Namespace ns, String name) {
        return SharedStructArray.attach(ns, name, type);
    }
}

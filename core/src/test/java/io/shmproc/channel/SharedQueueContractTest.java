package io.shmproc.channel;

import io.shmproc.memory.Namespace;

/** The queue contract for a plain {@link SharedQueue} whose codec knows each length up front. */
class SharedQueueContractTest extends QueueContractTest {
    @Override
    SharedQueue<Stamp> create(Namespace ns, String name, int capacity) {
        return SharedQueue.builder(Stamp.CODEC).capacityBytes(capacity).create(ns, name);
    }

    @Override
    SharedQueue<Stamp> attach(Namespace ns, String name) {
        return SharedQueue.attach(ns, name, Stamp.CODEC);
    }
}

package io.shmproc.channel;

import io.shmproc.memory.Namespace;

/** The queue contract when the codec learns lengths only by encoding (into a per-thread scratch buffer). */
class ScratchEncodedQueueContractTest extends QueueContractTest {
    @Override
    SharedQueue<Stamp> create(Namespace ns, String name, int capacity) {
        return SharedQueue.builder(Stamp.UNKNOWN_LENGTH_CODEC).capacityBytes(capacity).create(ns, name);
    }

    @Override
    SharedQueue<Stamp> attach(Namespace ns, String name) {
        return SharedQueue.attach(ns, name, Stamp.UNKNOWN_LENGTH_CODEC);
    }
}

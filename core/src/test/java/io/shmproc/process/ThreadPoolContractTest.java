package io.shmproc.process;

/** The pool contract, kept by threads of this JVM. */
class ThreadPoolContractTest extends PoolContractTest {
    @Override
    Pool create(int size) {
        return ThreadPool.create(size);
    }

    @Override
    Pool create(int size, SerializableRunnable initializer) {
        return ThreadPool.create(size, initializer);
    }
}

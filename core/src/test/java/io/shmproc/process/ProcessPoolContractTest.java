package io.shmproc.process;

/** The pool contract, kept by worker JVMs. */
class ProcessPoolContractTest extends PoolContractTest {
    @Override
    Pool create(int size) {
        return ProcessPool.create(size);
    }

    @Override
    Pool create(int size, SerializableRunnable initializer) {
        return ProcessPool.builder().processes(size).initializer(initializer).build();
    }
}

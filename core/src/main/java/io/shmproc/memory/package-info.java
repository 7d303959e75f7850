/**
 * The lowest layer: named objects in memory-mapped files.
 *
 * <p>A {@link io.shmproc.memory.Namespace} is a directory of named objects shared by every process that
 * opens it. This package knows nothing of values, locks or queues; the layers above build those on the
 * mapped memory it hands out.
 *
 * <p>A {@link io.shmproc.memory.SharedReference} is a shared object serialised by name; reading one
 * attaches the object through this JVM's {@link io.shmproc.memory.ReferencedNamespaces} handle of its
 * namespace.
 *
 * <p>A {@link io.shmproc.memory.SharedMemory} is a raw named region outside any namespace: Python's
 * {@code multiprocessing.shared_memory.SharedMemory}, in the same files on Linux.
 */
package io.shmproc.memory;

package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.Namespace;
import io.shmproc.shared.SharedIntArray;
import io.shmproc.shared.SharedLong;
import io.shmproc.testing.Concurrently;
import io.shmproc.testing.TestNamespaces;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynchronizedTest {
    @TempDir
    Path root;

    @Test
    @SuppressWarnings("try") // "raw" exists only to show it gets no lock
    void aValueWithALockHasOneEveryWrapperShares() throws Exception {
        try (Namespace ns = Namespace.builder(TestNamespaces.unique("sync")).directory(root).open()) {
            try (SharedLong raw = SharedLong.create(ns, "raw", 0)) {
                assertFalse(ns.exists("raw" + Synchronized.LOCK_SUFFIX), "a raw value has no lock");
            }
            try (Synchronized<SharedLong> a = Synchronized.of(SharedLong.create(ns, "n", 0));
                 Synchronized<SharedLong> b = Synchronized.of(SharedLong.attach(ns, "n"));
                 Synchronized<SharedIntArray> xs = Synchronized.of(SharedIntArray.create(ns, "xs", 2))) {
                assertTrue(ns.exists("n#lock"));
                Concurrently.run(2, 20_000, () -> a.withLock(() -> a.get().setPlain(a.get().getPlain() + 1)));
                Concurrently.run(2, 20_000, () -> b.withLock(() -> b.get().setPlain(b.get().getPlain() + 1)));
                assertEquals(80_000L, (long) b.withLock(() -> b.get().get()));
                b.getLock().lock();
                assertTrue(a.getLock().isLocked(), "both wrappers share one lock");
                b.getLock().unlock();
                xs.withLock(() -> xs.get().set(1, 5));
                assertEquals(5, xs.get().get(1));
                assertSame(xs.get(), xs.get());
            }
        }
        assertEquals(List.of(), TestNamespaces.contents(root));
    }
}

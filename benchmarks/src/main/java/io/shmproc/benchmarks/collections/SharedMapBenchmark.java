package io.shmproc.benchmarks.collections;

import io.shmproc.channel.Codecs;
import io.shmproc.collections.SharedMap;
import io.shmproc.memory.Namespace;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link SharedMap} in one process beside {@link ConcurrentHashMap}, both holding the same
 * {@value MapKeys#COUNT} {@code Integer -> Integer} entries, visited in a shuffled order. The shared map
 * pays for what makes it shared: a stripe lock taken and released, the key encoded and hashed as bytes,
 * the value decoded into a new {@code Integer}. Method names pair up as {@code shmproc<Op>} /
 * {@code concurrentHashMap<Op>} for the {@code Runner}'s rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SharedMapBenchmark {
    private final ConcurrentHashMap<Integer, Integer> concurrent = new ConcurrentHashMap<>();
    private final MapKeys keys = new MapKeys(1);
    private Namespace namespace;
    private SharedMap<Integer, Integer> shared;
    private int value;

    @Setup(Level.Trial)
    public void open() {
        namespace = Namespace.open("bench-map-" + ProcessHandle.current().pid());
        shared = SharedMap.builder(Codecs.ofInt(), Codecs.ofInt()).maxEntries(MapKeys.COUNT).create(namespace, "map");
        for (Integer key : MapKeys.all()) {
            shared.put(key, key);
            concurrent.put(key, key);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (shared.size() != MapKeys.COUNT) {
            throw new IllegalStateException("the shared map lost entries: " + shared.size() + " of " + MapKeys.COUNT);
        }
        shared.close();
        namespace.close();
    }

    @Benchmark
    public Integer shmprocGet() {
        return shared.get(keys.next());
    }

    @Benchmark
    public Integer concurrentHashMapGet() {
        return concurrent.get(keys.next());
    }

    @Benchmark
    public Integer shmprocPut() {
        return shared.put(keys.next(), value++);
    }

    @Benchmark
    public Integer concurrentHashMapPut() {
        return concurrent.put(keys.next(), value++);
    }
}

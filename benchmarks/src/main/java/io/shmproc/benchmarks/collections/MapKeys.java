package io.shmproc.benchmarks.collections;

import java.util.Random;

/**
 * The keys every map benchmark uses: {@link #COUNT} boxed integers, made once so that boxing is not part
 * of what is measured, visited in a shuffled order of the caller's choosing so that successive operations
 * hit unrelated stripes and cache lines, as a real workload's keys do.
 *
 * <pre>{@code
 * MapKeys keys = new MapKeys(1);
 * map.get(keys.next());
 * }</pre>
 */
public final class MapKeys {
    /** Keys per map: a power of two, so that the walk wraps with a mask. */
    public static final int COUNT = 1024;
    private static final int MASK = COUNT - 1;
    private static final Integer[] KEYS = new Integer[COUNT];

    static {
        for (int k = 0; k < COUNT; k++) {
            KEYS[k] = 1_000 + k; // above Integer's cache: every key a boxed object of its own, as a map's keys are
        }
    }

    private final Integer[] order = new Integer[COUNT];
    private int next;

    /** @param seed which shuffle: two processes given different seeds walk the keys in different orders */
    public MapKeys(long seed) {
        System.arraycopy(KEYS, 0, order, 0, COUNT);
        Random random = new Random(seed);
        for (int i = COUNT - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** @return the next key of the walk */
    public Integer next() {
        return order[next++ & MASK];
    }

    /** @return every key, in ascending order */
    public static Integer[] all() {
        return KEYS.clone();
    }
}

package io.shmproc.benchmarks.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

class MapBenchmarksTest {
    @Test
    void everyTwoProcessBenchmarkNamesTheOperationItsChildDoesAndEveryOperationHasOne() {
        Set<SharedMapTwoProcessBenchmark.Op> named = EnumSet.noneOf(SharedMapTwoProcessBenchmark.Op.class);
        for (Method method : SharedMapTwoProcessBenchmark.class.getMethods()) {
            if (method.isAnnotationPresent(Benchmark.class)) {
                named.add(SharedMapTwoProcessBenchmark.Op.of(method.getName()));
            }
        }
        assertEquals(EnumSet.allOf(SharedMapTwoProcessBenchmark.Op.class), named);
        assertThrows(IllegalArgumentException.class, () -> SharedMapTwoProcessBenchmark.Op.of("getTwice"));
    }

    @Test
    void aWalkVisitsEveryKeyOnceBeforeRepeatingAndTwoSeedsWalkDifferently() {
        MapKeys one = new MapKeys(1);
        MapKeys two = new MapKeys(2);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < MapKeys.COUNT; i++) {
            first.add(one.next());
            second.add(two.next());
        }
        assertEquals(Set.of(MapKeys.all()), new HashSet<>(first));
        assertEquals(new HashSet<>(first), new HashSet<>(second));
        assertNotEquals(first, second);
        assertEquals(first.get(0), one.next(), "the walk wraps");
    }
}

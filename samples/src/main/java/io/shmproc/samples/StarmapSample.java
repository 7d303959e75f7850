package io.shmproc.samples;

import io.shmproc.process.ProcessPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code starmap}: a two-argument function applied to pairs of arguments in worker JVMs. Here
 * each pair is a base and an exponent:
 *
 * <pre>
 * 2^10 = 1024
 * 3^5 = 243
 * 10^3 = 1000
 * 7^0 = 1
 * </pre>
 */
public final class StarmapSample {
    static final List<Map.Entry<Integer, Integer>> PAIRS = List.of(Map.entry(2, 10), Map.entry(3, 5), Map.entry(10, 3), Map.entry(7, 0));

    private StarmapSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the sample, printing a line per pair; returns the lines. */
    public static List<String> run(PrintStream out) throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<Long> powers = pool.starmap(StarmapSample::power, PAIRS);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < PAIRS.size(); i++) {
                lines.add(PAIRS.get(i).getKey() + "^" + PAIRS.get(i).getValue() + " = " + powers.get(i));
            }
            lines.forEach(out::println);
            return lines;
        }
    }

    static long power(int base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }
}

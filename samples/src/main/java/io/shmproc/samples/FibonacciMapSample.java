package io.shmproc.samples;

import io.shmproc.process.ProcessPool;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Python's first pool example with real work: a pool of two worker JVMs maps a (deliberately slow,
 * recursive) Fibonacci function over 0 to 29, and the results come back in the input's order:
 *
 * <pre>
 * fib(0..29) = [0, 1, 1, 2, 3, 5, 8, ..., 514229]
 * </pre>
 */
public final class FibonacciMapSample {
    static final int COUNT = 30;

    private FibonacciMapSample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the sample, printing the line; returns the results. */
    public static List<Long> run(PrintStream out) throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<Long> results = pool.map(FibonacciMapSample::fibonacci, IntStream.range(0, COUNT).boxed().toList());
            out.println("fib(0.." + (COUNT - 1) + ") = " + results);
            return results;
        }
    }

    /** The slow way on purpose: enough work for the workers to share. */
    static long fibonacci(int n) {
        return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
    }
}

"""Peer of PoolOverhead: multiprocessing.Pool(2)'s cost per task, in microseconds.

Maps an increment over integers with the default chunks and with chunksize=1, and applies a trivial
task one at a time; each workload runs WARMUP times unmeasured, then ROUNDS times. Prints one line: the
medians of chunked map, chunksize 1, and apply, in microseconds per task.
"""
import multiprocessing as mp
import statistics
import sys
import time

WARMUP = 3
ROUNDS = 7


def increment(x):
    return x + 1


def one():
    return 1


def main():
    chunked_n = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    single_n = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    applies = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000
    chunked = list(range(chunked_n))
    single = list(range(single_n))
    samples = ([], [], [])
    with mp.get_context("fork").Pool(2) as pool:
        for i in range(-WARMUP, ROUNDS):
            t0 = time.perf_counter()
            a = pool.map(increment, chunked)
            t1 = time.perf_counter()
            b = pool.map(increment, single, chunksize=1)
            t2 = time.perf_counter()
            total = 0
            for _ in range(applies):
                total += pool.apply(one)
            t3 = time.perf_counter()
            if a[-1] != chunked_n or b[-1] != single_n or total != applies:
                raise SystemExit("a workload computed the wrong thing")
            if i >= 0:
                samples[0].append((t1 - t0) * 1e6 / chunked_n)
                samples[1].append((t2 - t1) * 1e6 / single_n)
                samples[2].append((t3 - t2) * 1e6 / applies)
    print(" ".join(f"{statistics.median(s):.4f}" for s in samples))


if __name__ == "__main__":
    main()

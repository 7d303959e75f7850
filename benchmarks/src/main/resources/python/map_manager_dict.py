"""Peer of SharedMapTwoProcessBenchmark: two processes hammering one multiprocessing.Manager().dict().

The dict holds 1024 integer keys. For each workload in turn, two worker processes (fork context) each
do N operations on it, walking the keys in a shuffled order of their own, and start together: get
(d[k]), put (d[k] = v), and an increment that loses no update (d[k] = d[k] + 1 under one
multiprocessing Lock, since a manager dict has no atomic read-modify-write). Each worker times its own
N operations, after one unmeasured operation that connects its proxy to the manager.

Prints one line: for get, put and increment, the mean of the two workers' rates, in operations per
second per process.
"""
import multiprocessing as mp
import random
import sys
import time

KEYS = 1024
FIRST_KEY = 1000
BOUND = 60  # seconds any one wait may take: the runner gives a run 120 s in all


def work(kind, d, lock, n, seed, start, rates):
    keys = list(range(FIRST_KEY, FIRST_KEY + KEYS))
    random.Random(seed).shuffle(keys)
    d[keys[0]]  # connects this process's proxy, which a forked child does on first use
    if not start.wait(BOUND):
        raise SystemExit("the parent never said start")
    began = time.perf_counter()
    if kind == "get":
        for i in range(n):
            d[keys[i % KEYS]]
    elif kind == "put":
        for i in range(n):
            d[keys[i % KEYS]] = i
    else:
        for i in range(n):
            k = keys[i % KEYS]
            with lock:
                d[k] = d[k] + 1
    rates.put(n / (time.perf_counter() - began))


def run(kind, d, lock, n, ctx):
    start = ctx.Event()
    rates = ctx.Queue()
    workers = [ctx.Process(target=work, args=(kind, d, lock, n, seed, start, rates)) for seed in (1, 2)]
    for w in workers:
        w.start()
    start.set()
    got = [rates.get(timeout=BOUND) for _ in workers]
    for w in workers:
        w.join(BOUND)
        if w.exitcode != 0:
            raise SystemExit(f"a {kind} worker ended with {w.exitcode}")
    return sum(got) / len(got)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    ctx = mp.get_context("fork")
    with ctx.Manager() as manager:
        d = manager.dict({k: 0 for k in range(FIRST_KEY, FIRST_KEY + KEYS)})
        lock = ctx.Lock()
        get = run("get", d, lock, n, ctx)
        put = run("put", d, lock, n, ctx)
        d.update({k: 0 for k in range(FIRST_KEY, FIRST_KEY + KEYS)})
        increment = run("increment", d, lock, n, ctx)
        total = sum(d.values())
        if total != 2 * n:
            raise SystemExit(f"lost updates: {total} != {2 * n}")
    print(f"{get:.1f} {put:.1f} {increment:.1f}")


if __name__ == "__main__":
    main()

"""Peer of LockedIncrements: two processes each incrementing a multiprocessing.Value under get_lock().

Prints one line: the rate over both processes, in increments per second.
"""
import multiprocessing as mp
import sys
import time


def work(value, n, start):
    start.wait()
    lock = value.get_lock()
    for _ in range(n):
        with lock:
            value.value += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    ctx = mp.get_context("fork")
    value = ctx.Value("q", 0)
    start = ctx.Event()
    workers = [ctx.Process(target=work, args=(value, n, start)) for _ in range(2)]
    for w in workers:
        w.start()
    began = time.perf_counter()
    start.set()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    if value.value != 2 * n:
        raise SystemExit(f"lost updates: {value.value} != {2 * n}")
    print(f"{2 * n / elapsed:.1f}")


if __name__ == "__main__":
    main()

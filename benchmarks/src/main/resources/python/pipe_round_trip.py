"""Peer of the Pipe round trip: multiprocessing.Pipe ping-pong between two processes.

The main process sends 32 bytes with send_bytes and waits in recv_bytes for the echo process to send
them back (raw bytes, no pickling, like shmproc's sendBytes/recvBytesInto). It prints one line: the
round trip's p50 and p99 in nanoseconds, by the nearest-rank method (as Percentiles.java), over the
trips after the warm-up. An alarm bounds the whole run, so a stuck echo fails it instead of hanging.
"""
import math
import multiprocessing as mp
import signal
import sys
import time

LIMIT = 60  # seconds for the whole run; SIGALRM's default action ends the process
MESSAGE = bytes(32)


def echo(connection, other_end):
    signal.alarm(LIMIT)
    other_end.close()  # the fork inherited the main process's end: without this, no EOF would ever come
    try:
        while True:
            connection.send_bytes(connection.recv_bytes())
    except EOFError:
        pass  # the main process closed its end: done


def rank(ascending, q):
    return ascending[max(math.ceil(q * len(ascending)), 1) - 1]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    warmup = n // 10
    signal.alarm(LIMIT)
    ctx = mp.get_context("fork")
    mine, theirs = ctx.Pipe(duplex=True)
    process = ctx.Process(target=echo, args=(theirs, mine))
    process.start()
    theirs.close()
    clock = time.perf_counter_ns
    trips = []
    for i in range(warmup + n):
        start = clock()
        mine.send_bytes(MESSAGE)
        reply = mine.recv_bytes()
        trip = clock() - start
        if len(reply) != len(MESSAGE):
            raise SystemExit("a reply of the wrong size")
        if i >= warmup:
            trips.append(trip)
    mine.close()
    process.join(LIMIT)
    if process.is_alive():
        process.terminate()
    trips.sort()
    print(f"{rank(trips, 0.50)} {rank(trips, 0.99)}")


if __name__ == "__main__":
    main()

"""Peer of SharedQueue throughput: multiprocessing.Queue, 1 producer process -> 1 consumer process.

Messages are bytes objects of 32 bytes (the same object each time: pickling copies it anyway).
The consumer times the messages after the first tenth (start-up, the producer's feeder thread) and
prints one line: messages per second. Every wait is bounded, so a dead or stuck process fails the run.
"""
import multiprocessing as mp
import signal
import sys
import time

TIMEOUT = 30  # seconds any one wait may take before the run fails
LIMIT = TIMEOUT * 4  # seconds a worker may live at all; SIGALRM's default action ends it, even if orphaned
MESSAGE = bytes(32)


def produce(queue, n):
    signal.alarm(LIMIT)
    for _ in range(n):
        queue.put(MESSAGE)


def consume(queue, n, result):
    signal.alarm(LIMIT)
    warmup = n // 10
    for _ in range(warmup):
        queue.get(timeout=TIMEOUT)
    began = time.perf_counter()
    for _ in range(n - warmup):
        if len(queue.get(timeout=TIMEOUT)) != len(MESSAGE):
            raise SystemExit("a message of the wrong size")
    result.send((n - warmup) / (time.perf_counter() - began))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    receiving, sending = ctx.Pipe(duplex=False)
    consumer = ctx.Process(target=consume, args=(queue, n, sending))
    producer = ctx.Process(target=produce, args=(queue, n))
    consumer.start()
    producer.start()
    try:
        deadline = time.monotonic() + LIMIT
        while not receiving.poll(0.1):  # the main process only watches: it is not on the measured path
            if not consumer.is_alive():
                raise SystemExit(f"the consumer exited with {consumer.exitcode} before sending its figure")
            if time.monotonic() > deadline:
                raise SystemExit(f"no figure from the consumer within {LIMIT} s")
        rate = receiving.recv()
    finally:
        for process in (producer, consumer):
            process.join(TIMEOUT)
            if process.is_alive():
                process.terminate()
                process.join(TIMEOUT)
    if consumer.exitcode != 0 or producer.exitcode != 0:
        raise SystemExit(f"consumer exited with {consumer.exitcode}, producer with {producer.exitcode}")
    print(f"{rate:.1f}")


if __name__ == "__main__":
    main()

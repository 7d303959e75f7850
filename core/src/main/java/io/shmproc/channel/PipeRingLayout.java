package io.shmproc.channel;

import io.shmproc.sync.EmbeddedMutex;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Byte layout of one direction of a {@link Pipe}: a ring written by one writer at a time, read by one
 * reader at a time ({@link PipeRing}).
 *
 * <pre>
 *   control block (fields an arrow apart sit on different 128-byte lines, so writer and reader do
 *   not share cache lines):
 *      0  tail            long  position after the last committed record (the writer, under its mutex)
 *    128  head            long  position of the next record to deliver (the reader, under its mutex)
 *    136  clean           long  position below which taken bytes are zeroed again; the writer may write
 *                               below clean + capacity
 *    256  dataSequence    int   bumped after a commit while a reader sleeps (its futex word)
 *    260  readerSleeping  int   1 once a reader announced a sleep; the writer that wakes it clears it
 *    264  spaceSequence   int   bumped after cleaning while the writer sleeps for room
 *    268  writerSleeping  int   1 once the writer announced a sleep; the reader that wakes it clears it
 *    384  closed          int   1 once closed: no more sends; the reader drains, then sees the end
 *    388  capacity        int   data bytes, a power of two
 *    392  maxMessage      int   largest payload accepted
 *    512  writer mutex    64 bytes, an {@link EmbeddedMutex}: one send at a time, of any thread or process
 *    640  reader mutex    64 bytes, an {@link EmbeddedMutex}: one take at a time
 *   1024  data            capacity bytes
 *
 *   record, 8-byte aligned, never split at the end of the data (the writer then pads to the end):
 *      0 +--------------------------+--------------------------+
 *        | length                   | flags                    |
 *      8 +--------------------------+--------------------------+
 *        | payload (length - 1 bytes), zero-padded to 8        |
 *        +-----------------------------------------------------+
 *   length  payload length + 1 once committed (so an empty message is told from nothing), 0 where
 *           nothing is committed; for padding, the bytes to skip from the record start
 *   flags   bit 31 padding
 * </pre>
 *
 * Why so little: the header is written last, with a release store, so it is the commit. A writer that
 * dies mid-send leaves a zero header and uncommitted bytes beyond the tail; nothing waits on them, and
 * the next writer, which takes the writer mutex from the dead holder, zeroes the free bytes before it
 * writes. Bytes between {@code clean} and {@code tail} are records; bytes from {@code tail} to
 * {@code clean + capacity} are zero, which is what lets a reader trust a non-zero header without
 * looking at the tail.
 */
final class PipeRingLayout {
    static final long CONTROL_BYTES = 1024;

    static final long TAIL_OFFSET = 0;
    static final long HEAD_OFFSET = 128;
    static final long CLEAN_OFFSET = 136;
    static final long DATA_SEQUENCE_OFFSET = 256;
    static final long READER_SLEEPING_OFFSET = 260;
    static final long SPACE_SEQUENCE_OFFSET = 264;
    static final long WRITER_SLEEPING_OFFSET = 268;
    static final long CLOSED_OFFSET = 384;
    static final long CAPACITY_OFFSET = 388;
    static final long MAX_MESSAGE_OFFSET = 392;
    static final long WRITER_MUTEX_OFFSET = 512;
    static final long READER_MUTEX_OFFSET = 640;
    static final long DATA_OFFSET = CONTROL_BYTES;

    static final int HEADER_BYTES = 8;
    static final int PADDING = 1 << 31;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    static {
        if (EmbeddedMutex.BYTES > READER_MUTEX_OFFSET - WRITER_MUTEX_OFFSET
                || READER_MUTEX_OFFSET + EmbeddedMutex.BYTES > DATA_OFFSET) {
            throw new AssertionError("the pipe ring's mutexes no longer fit their places in its layout");
        }
    }

    private PipeRingLayout() {
    }

    /** @return the bytes of one direction with {@code capacity} data bytes */
    static long payloadBytes(int capacity) {
        return DATA_OFFSET + capacity;
    }

    /** @return the bytes a record with {@code length} payload bytes occupies */
    static int recordSize(int length) {
        return RingLayout.align(HEADER_BYTES + length);
    }

    static long committedHeader(int payloadLength) {
        return (payloadLength + 1) & 0xFFFF_FFFFL;
    }

    static long paddingHeader(int bytes) {
        return (bytes & 0xFFFF_FFFFL) | ((long) PADDING << 32);
    }

    /** @return the raw length field: see the diagram */
    static int length(long header) {
        return (int) header;
    }

    static boolean isPadding(long header) {
        return (int) (header >>> 32) == PADDING;
    }

    /** @return the bytes from the record's start to the next record's: its padding, or its aligned size */
    static int span(long header) {
        return isPadding(header) ? length(header) : recordSize(length(header) - 1);
    }
}

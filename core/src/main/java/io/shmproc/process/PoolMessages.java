package io.shmproc.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The messages of a {@link ProcessPool}'s two queues. Tasks go from the pool to its workers; results, and
 * the pool's own notes that a worker exited, go to the pool's reader, in one queue, so that a dead worker's
 * last committed result is always read before the note of its death.
 *
 * <pre>
 *   TASK      byte TASK, long task id, long function id, byte kind of work,
 *             int n + n bytes of the serialised function (each worker decodes a function id once),
 *             values
 *   RESULT    byte RESULT, long task id, values
 *   FAILURE   byte FAILURE, long task id, the serialised {@link Outcome} of the exception
 *   EXITED    byte EXITED, int worker slot, long worker generation
 *   NUDGE     byte NUDGE                  ends a reader's wait so that a blocking apply can read
 *
 *   values    byte PLAIN, int n, n {@link PlainValues plain values}    when every value is plain
 *           | byte SERIALISED, the rest: a serialised Object[]
 * </pre>
 *
 * <pre>{@code
 * byte[] message = PoolMessages.task(7, job, encodedFunction, elements);
 * }</pre>
 */
final class PoolMessages {
    static final byte TASK = 1;
    static final byte RESULT = 2;
    static final byte FAILURE = 3;
    static final byte EXITED = 4;
    static final byte NUDGE = 5;
    private static final byte[] NUDGE_MESSAGE = {NUDGE};
    private static final byte PLAIN = 1;
    private static final byte SERIALISED = 2;
    /** Where the task id sits in a TASK message: a worker reads it while the message is still in the queue. */
    static final int TASK_ID_OFFSET = 1;

    private PoolMessages() {
    }

    static byte[] task(long taskId, long functionId, byte kind, byte[] function, Object[] elements) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + function.length + 16 * elements.length);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(TASK);
        out.writeLong(taskId);
        out.writeLong(functionId);
        out.writeByte(kind);
        out.writeInt(function.length);
        out.write(function);
        writeValues(out, bytes, elements);
        return bytes.toByteArray();
    }

    static byte[] result(long taskId, Object[] results) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 16 * results.length);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(RESULT);
        out.writeLong(taskId);
        writeValues(out, bytes, results);
        return bytes.toByteArray();
    }

    static byte[] failure(long taskId, Throwable thrown) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FAILURE);
            out.writeLong(taskId);
            out.write(Outcome.serialise(Outcome.threw(thrown)));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot even serialise a copy of the exception " + thrown, e);
        }
    }

    static byte[] exited(int slot, long generation) {
        byte[] message = new byte[1 + Integer.BYTES + Long.BYTES];
        message[0] = EXITED;
        for (int i = 0; i < Integer.BYTES; i++) {
            message[1 + i] = (byte) (slot >>> (24 - 8 * i));
        }
        for (int i = 0; i < Long.BYTES; i++) {
            message[5 + i] = (byte) (generation >>> (56 - 8 * i));
        }
        return message;
    }

    /** @return a NUDGE message; the queue copies it, so one array serves every nudge */
    static byte[] nudge() {
        return NUDGE_MESSAGE;
    }

    /** A message being read: its type first, then the fields its type has. */
    static final class Reader {
        private final byte[] message;
        private final DataInputStream in;
        final byte type;

        Reader(byte[] message) throws IOException {
            this.message = message;
            this.in = new DataInputStream(new ByteArrayInputStream(message));
            this.type = in.readByte();
        }

        long readLong() throws IOException {
            return in.readLong();
        }

        int readInt() throws IOException {
            return in.readInt();
        }

        byte readByte() throws IOException {
            return in.readByte();
        }

        byte[] readBytes() throws IOException {
            int length = in.readInt();
            if (length < 0 || length > message.length) {
                throw new StreamCorruptedException("a field of " + length + " bytes in a message of " + message.length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }

        /** Skips a length-prefixed field without copying it. */
        void skipBytes() throws IOException {
            int length = in.readInt();
            in.skipNBytes(length);
        }

        Object[] readValues() throws IOException, ClassNotFoundException {
            byte form = in.readByte();
            if (form == PLAIN) {
                int count = in.readInt();
                if (count < 0 || count > message.length) {
                    throw new StreamCorruptedException(count + " values in a message of " + message.length + " bytes");
                }
                Object[] values = new Object[count];
                for (int i = 0; i < count; i++) {
                    values[i] = PlainValues.read(in);
                }
                return values;
            }
            if (form != SERIALISED) {
                throw new StreamCorruptedException("unknown form of values " + form);
            }
            return (Object[]) Outcome.deserialise(in);
        }

        Outcome readOutcome() throws IOException, ClassNotFoundException {
            return (Outcome) Outcome.deserialise(in);
        }

        @Override
        public String toString() {
            return "message " + type + " " + Arrays.toString(Arrays.copyOf(message, Math.min(16, message.length)));
        }
    }

    private static void writeValues(DataOutputStream out, ByteArrayOutputStream bytes, Object[] values) throws IOException {
        if (PlainValues.arePlain(values)) {
            out.writeByte(PLAIN);
            out.writeInt(values.length);
            for (Object value : values) {
                PlainValues.write(out, value);
            }
        } else {
            out.writeByte(SERIALISED);
            out.flush();
            bytes.write(Outcome.serialise(values));
        }
    }
}

package io.shmproc.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a parent tells a child JVM on the child's standard input before the child runs anything: who
 * it is, who its parent is, where to leave its outcome, and what to run. The parent keeps the pipe open
 * afterwards, so that a daemon child sees end-of-file exactly when its parent is gone.
 *
 * <p>The stream is plain {@link DataOutputStream} fields, so that a child running a main class never
 * loads Java serialisation; only a task body is serialised bytes.
 *
 * <pre>
 *   int     MAGIC ('SHMP')
 *   int     VERSION
 *   string  name                      string = int byte count + UTF-8 bytes
 *   long    pid                       the child's own, so that it need not ask the operating system
 *   boolean daemon
 *   int     n, then n ints            lineage: Python's _identity, e.g. [1, 2] for "Process-1:2"
 *   long    parent pid
 *   string  parent name
 *   string  outcome file              "" when nobody reads the outcome
 *   byte    body kind                 MAIN_CLASS, TASK or DIRECT_CALL
 *   MAIN_CLASS:  string class name, int argument count, that many strings
 *   TASK:        int byte count, the serialised {@link JvmProcess}
 *   DIRECT_CALL: a {@link DirectCall}, for a lambda that needs no serialisation
 * </pre>
 *
 * @param name        the child's name
 * @param pid         the child's pid
 * @param daemon      whether it dies with its parent
 * @param lineage     its position in the process tree, for naming its own children
 * @param parentPid   the parent's pid
 * @param parentName  the parent's name
 * @param outcomeFile where the child leaves a result or exception ("" for nowhere)
 * @param mainClass   the class whose {@code main} to run, or null for a task
 * @param arguments   the main class's arguments
 * @param task        the serialised process object, or null
 * @param directCall  the lambda as a direct call, or null
 */
record Launch(String name, long pid, boolean daemon, int[] lineage, long parentPid, String parentName, String outcomeFile,
              String mainClass, List<String> arguments, byte[] task, DirectCall directCall) {
    static final int MAGIC = 0x53484D50;
    static final int VERSION = 1;
    static final byte MAIN_CLASS = 1;
    static final byte TASK = 2;
    static final byte DIRECT_CALL = 3;
    private static final int MOST_STRING_BYTES = 1 << 24;

    void writeTo(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeString(out, name);
        out.writeLong(pid);
        out.writeBoolean(daemon);
        out.writeInt(lineage.length);
        for (int n : lineage) {
            out.writeInt(n);
        }
        out.writeLong(parentPid);
        writeString(out, parentName);
        writeString(out, outcomeFile);
        if (mainClass != null) {
            out.writeByte(MAIN_CLASS);
            writeString(out, mainClass);
            out.writeInt(arguments.size());
            for (String argument : arguments) {
                writeString(out, argument);
            }
        } else if (directCall != null) {
            out.writeByte(DIRECT_CALL);
            directCall.writeTo(out);
        } else {
            out.writeByte(TASK);
            out.writeInt(task.length);
            out.write(task);
        }
        out.flush();
    }

    static Launch readFrom(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic = in.readInt();
        int version = in.readInt();
        if (magic != MAGIC || version != VERSION) {
            throw new StreamCorruptedException("standard input does not start with a shmproc launch (magic "
                    + Integer.toHexString(magic) + ", version " + version + "): ChildMain is started by JvmProcess, not by hand");
        }
        String name = readString(in);
        long pid = in.readLong();
        boolean daemon = in.readBoolean();
        int[] lineage = new int[checkedCount(in.readInt(), 1 << 16)];
        for (int i = 0; i < lineage.length; i++) {
            lineage[i] = in.readInt();
        }
        long parentPid = in.readLong();
        String parentName = readString(in);
        String outcomeFile = readString(in);
        byte kind = in.readByte();
        if (kind == MAIN_CLASS) {
            String mainClass = readString(in);
            int count = checkedCount(in.readInt(), 1 << 20);
            List<String> arguments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                arguments.add(readString(in));
            }
            return new Launch(name, pid, daemon, lineage, parentPid, parentName, outcomeFile, mainClass, arguments, null, null);
        }
        if (kind == DIRECT_CALL) {
            return new Launch(name, pid, daemon, lineage, parentPid, parentName, outcomeFile, null, List.of(), null,
                    DirectCall.readFrom(in));
        }
        if (kind != TASK) {
            throw new StreamCorruptedException("unknown launch body kind " + kind);
        }
        byte[] task = new byte[checkedCount(in.readInt(), Integer.MAX_VALUE - 8)];
        in.readFully(task);
        return new Launch(name, pid, daemon, lineage, parentPid, parentName, outcomeFile, null, List.of(), task, null);
    }

    static void writeString(java.io.DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(java.io.DataInput in) throws IOException {
        byte[] bytes = new byte[checkedCount(in.readInt(), MOST_STRING_BYTES)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int checkedCount(int count, int most) throws IOException {
        if (count < 0 || count > most) {
            throw count < 0 ? new EOFException("negative count " + count) : new StreamCorruptedException("count " + count + " over " + most);
        }
        return count;
    }
}

package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A fixed-length array of booleans (C {@code _Bool}, one byte each) in shared memory: Python's
 * {@code Array('?', ...)}. Atomic updates of an element go through its containing aligned 4-byte word,
 * which leaves the neighbouring elements intact.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedBooleanArray done = SharedBooleanArray.create(ns, "done", 8)) {
 *     if (done.compareAndSet(3, false, true)) {
 *         // this process claimed task 3
 *     }
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedBooleanArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.BOOL);

    private SharedBooleanArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} {@code false}s. */
    public static SharedBooleanArray create(Namespace ns, String name, int length) {
        return new SharedBooleanArray(SharedArray.create(ns, name, TypeCode.BOOL, length, p -> { }));
    }

    /** Creates {@code name} holding a copy of {@code elements}. */
    public static SharedBooleanArray create(Namespace ns, String name, boolean[] elements) {
        return new SharedBooleanArray(SharedArray.create(ns, name, TypeCode.BOOL, elements.length, p -> {
            for (int i = 0; i < elements.length; i++) {
                p.set(ValueLayout.JAVA_BYTE, i, toByte(elements[i]));
            }
        }));
    }

    /** Attaches the existing boolean array {@code name}. */
    public static SharedBooleanArray attach(Namespace ns, String name) {
        return new SharedBooleanArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.BOOLEAN_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} {@code false}s. */
    public static SharedBooleanArray open(Namespace ns, String name, int length) {
        return new SharedBooleanArray(SharedArray.open(ns, name, TypeCode.BOOL, length));
    }

    /** @return element {@code index}, read with volatile semantics; any non-zero byte is {@code true} */
    public boolean get(int index) {
        return (byte) ScalarHandles.BYTE.getVolatile(memory, offset(index)) != 0;
    }

    /** Sets element {@code index} to 1 or 0, with volatile semantics. */
    public void set(int index, boolean value) {
        ScalarHandles.BYTE.setVolatile(memory, offset(index), toByte(value));
    }

    /** @return whether element {@code index} was {@code expected} and is now {@code newValue} (one atomic step) */
    public boolean compareAndSet(int index, boolean expected, boolean newValue) {
        long at = offset(index);
        for (;;) {
            byte current = (byte) ScalarHandles.BYTE.getVolatile(memory, at);
            if ((current != 0) != expected) {
                return false;
            }
            if (SubWordAtomics.compareAndExchangeByte(memory, at, current, toByte(newValue)) == current) {
                return true;
            }
        }
    }

    /** @return element {@code index}'s previous value, atomically replaced by {@code newValue} */
    public boolean getAndSet(int index, boolean newValue) {
        return SubWordAtomics.getAndSetByte(memory, offset(index), toByte(newValue)) != 0;
    }

    /** Copies elements {@code [from, from + count)} into {@code dst} at {@code dstIndex}. */
    public void copyTo(int from, boolean[] dst, int dstIndex, int count) {
        long at = rangeOffset(from, count);
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        for (int i = 0; i < count; i++) {
            dst[dstIndex + i] = (byte) ScalarHandles.BYTE.get(memory, at + i) != 0;
        }
    }

    /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array at {@code to}. */
    public void copyFrom(boolean[] src, int srcIndex, int to, int count) {
        long at = rangeOffset(to, count);
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        for (int i = 0; i < count; i++) {
            ScalarHandles.BYTE.set(memory, at + i, toByte(src[srcIndex + i]));
        }
    }

    /** @return a copy of every element */
    public boolean[] toArray() {
        boolean[] copy = new boolean[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /** @return the elements as {@link Arrays#toString(boolean[])} writes them */
    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }

    private static byte toByte(boolean value) {
        return (byte) (value ? 1 : 0);
    }
}

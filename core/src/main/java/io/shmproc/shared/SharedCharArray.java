package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.Region;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fixed-length Unicode string in shared memory: Python's {@code Array('u', ...)}, a C
 * {@code wchar_t[n]} of 4-byte code points. {@link #value()} is the text up to the first NUL, as in
 * Python; setting a shorter value writes a NUL after it.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedCharArray name = SharedCharArray.create(ns, "name", 16)) {
 *     name.setValue("Zoë 🙂");
 *     String back = name.value();              // "Zoë 🙂"  (5 code points, 6 Java chars)
 * }
 * }</pre>
 *
 * @see SharedArray for the memory effects of element and bulk access
 */
public final class SharedCharArray extends SharedArray {
    private static final Set<TypeCode> CODES = EnumSet.of(TypeCode.WCHAR);

    private SharedCharArray(Region region) {
        super(region);
    }

    /** Creates {@code name} holding {@code length} NUL characters. */
    public static SharedCharArray create(Namespace ns, String name, int length) {
        return new SharedCharArray(SharedArray.create(ns, name, TypeCode.WCHAR, length, p -> { }));
    }

    /** Creates {@code name} holding exactly the code points of {@code text}, like {@code Array('u', 'text')}. */
    public static SharedCharArray create(Namespace ns, String name, String text) {
        int[] codePoints = text.codePoints().toArray();
        return new SharedCharArray(SharedArray.create(ns, name, TypeCode.WCHAR, codePoints.length,
                p -> MemorySegment.copy(codePoints, 0, p, ValueLayout.JAVA_INT, 0, codePoints.length)));
    }

    /** Attaches the existing character array {@code name}. */
    public static SharedCharArray attach(Namespace ns, String name) {
        return new SharedCharArray(SharedArray.attach(ns, name, CODES));
    }

    @Override
    protected Attacher<?> attacher() {
        return SharedAttachers.CHAR_ARRAY;
    }

    /** Attaches {@code name} if it exists (whatever its length), else creates it with {@code length} NULs. */
    public static SharedCharArray open(Namespace ns, String name, int length) {
        return new SharedCharArray(SharedArray.open(ns, name, TypeCode.WCHAR, length));
    }

    /** @return the code point at {@code index}, read with volatile semantics */
    public int get(int index) {
        return (int) ScalarHandles.INT.getVolatile(memory, offset(index));
    }

    /**
     * Sets the code point at {@code index}, with volatile semantics.
     *
     * @throws IllegalArgumentException if {@code codePoint} is not a Unicode code point
     */
    public void set(int index, int codePoint) {
        SharedChar.requireCodePoint(codePoint);
        ScalarHandles.INT.setVolatile(memory, offset(index), codePoint);
    }

    /** @return Python's {@code .value}: the text before the first NUL (all of it if there is none) */
    public String value() {
        long start = rangeOffset(0, length());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length(); i++) {
            int codePoint = memory.get(ValueLayout.JAVA_INT, start + i * 4L);
            if (codePoint == 0) {
                break;
            }
            if (Character.isValidCodePoint(codePoint)) {
                text.appendCodePoint(codePoint);
            } else {
                text.append('\uFFFD'); // written by foreign code: shown as the replacement character
            }
        }
        return text.toString();
    }

    /**
     * Python's {@code .value = text}: writes the code points of {@code text}, then a NUL if there is room.
     *
     * @throws IllegalArgumentException naming both lengths if {@code text} has more code points than the array
     */
    public void setValue(String text) {
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length > length()) {
            throw new IllegalArgumentException("character array '" + name() + "' holds " + length()
                    + " code points, but the new value has " + codePoints.length + ": shorten it, or create the array longer");
        }
        long start = rangeOffset(0, length());
        MemorySegment.copy(codePoints, 0, memory, ValueLayout.JAVA_INT, start, codePoints.length);
        if (codePoints.length < length()) {
            memory.set(ValueLayout.JAVA_INT, start + codePoints.length * 4L, 0);
        }
    }

    /** @return every code point, NULs included */
    public int[] toArray() {
        int[] copy = new int[length()];
        MemorySegment.copy(memory, ValueLayout.JAVA_INT, rangeOffset(0, copy.length), copy, 0, copy.length);
        return copy;
    }

    /** @return {@link #value()} */
    @Override
    public String toString() {
        return value();
    }
}

package io.shmproc.shared;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ObjectType;
import io.shmproc.memory.Region;
import io.shmproc.memory.SharedObject;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base of the shared arrays of primitives: Python's {@code Array(typecode, size_or_initializer)}, one
 * subclass per Java carrier ({@link SharedIntArray} for {@code 'i'}/{@code 'I'}, {@link SharedDoubleArray}
 * for {@code 'd'}, {@link SharedByteString} for {@code 'c'}, ...). The length is fixed at creation.
 *
 * <p>Element accessors are single volatile accesses (or atomic read-modify-writes). Bulk copies
 * ({@code copyTo}, {@code copyFrom}, {@code toArray}) move the range in one memory copy, with no
 * atomicity between elements: a copy taken while another process writes may mix old and new
 * elements, as a Python slice of a lock-free {@code RawArray} may.
 *
 * <pre>{@code
 * try (Namespace ns = Namespace.open("demo");
 *      SharedIntArray xs = SharedIntArray.create(ns, "xs", new int[] {0, 1, 2, 3, 4})) {
 *     xs.set(0, 10);
 *     int[] copy = xs.toArray();             // [10, 1, 2, 3, 4]
 * }
 * }</pre>
 */
public abstract sealed class SharedArray extends SharedObject
        permits SharedIntArray, SharedLongArray, SharedShortArray, SharedByteArray, SharedFloatArray,
                SharedDoubleArray, SharedBooleanArray, SharedCharArray, SharedByteString {
    /** The whole payload: the length word, then the elements. */
    final MemorySegment memory;
    private final int length;
    private final TypeCode typeCode;
    private final long elementBytes;

    SharedArray(Region region) {
        super(region);
        this.memory = region.payload();
        this.typeCode = forArrayType(region.type());
        this.elementBytes = typeCode.byteSize();
        long stored = memory.get(ValueLayout.JAVA_LONG, ArrayLayout.LENGTH_OFFSET);
        if (stored < 0 || ArrayLayout.payloadBytes(stored, typeCode.byteSize()) != memory.byteSize()) {
            region.close();
            throw new IncompatibleObjectException("shared array '" + region.name() + "' claims "
                    + stored + " elements in " + memory.byteSize() + " bytes: it is corrupt or not ours");
        }
        this.length = (int) stored;
    }

    /** @return the number of elements */
    public final int length() {
        return length;
    }

    /** @return the Python typecode the array was created with */
    public final char typecode() {
        return typeCode.code();
    }

    final TypeCode typeCode() {
        return typeCode;
    }

    /** @return the offset of element {@code index}, after checking it and that the array is open */
    final long offset(int index) {
        region.checkOpen();
        return ArrayLayout.ELEMENTS_OFFSET + Objects.checkIndex(index, length) * elementBytes;
    }

    /** @return the offset of element {@code from}, after checking {@code [from, from + count)} */
    final long rangeOffset(int from, int count) {
        region.checkOpen();
        return ArrayLayout.ELEMENTS_OFFSET + Objects.checkFromIndexSize(from, count, length) * elementBytes;
    }

    static Region create(Namespace ns, String name, TypeCode code, long length, Consumer<MemorySegment> elements) {
        if (length < 0 || length > ArrayLayout.MAX_LENGTH) {
            throw new IllegalArgumentException("length of array '" + name + "' is " + length + "; it must be 0 to "
                    + ArrayLayout.MAX_LENGTH);
        }
        return ns.create(name, arrayType(code), ArrayLayout.payloadBytes(length, code.byteSize()), p -> {
            p.set(ValueLayout.JAVA_LONG, ArrayLayout.LENGTH_OFFSET, length);
            elements.accept(p.asSlice(ArrayLayout.ELEMENTS_OFFSET));
        });
    }

    static Region open(Namespace ns, String name, TypeCode code, long length) {
        if (length < 0 || length > ArrayLayout.MAX_LENGTH) {
            throw new IllegalArgumentException("length of array '" + name + "' is " + length + "; it must be 0 to "
                    + ArrayLayout.MAX_LENGTH);
        }
        return ns.open(name, arrayType(code), ArrayLayout.payloadBytes(length, code.byteSize()),
                p -> p.set(ValueLayout.JAVA_LONG, ArrayLayout.LENGTH_OFFSET, length));
    }

    static Region attach(Namespace ns, String name, Set<TypeCode> codes) {
        return ns.attach(name, codes.stream().map(SharedArray::arrayType).distinct().toArray(ObjectType[]::new));
    }

    private static ObjectType arrayType(TypeCode code) {
        return new ObjectType(ArrayLayout.KIND, code.cName());
    }

    private static TypeCode forArrayType(ObjectType type) {
        for (TypeCode t : TypeCode.values()) {
            if (t.cName().equals(type.descriptor())) {
                return t;
            }
        }
        throw new IncompatibleObjectException("'" + type + "' is not a shared array type");
    }
}

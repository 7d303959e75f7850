package io.shmproc.shared;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The C layout of a struct: fields at their natural alignment, padding where C would put it, the
 * size rounded up to the largest alignment — so the bytes match a C {@code struct} (or a ctypes
 * {@code Structure}) field for field on x86-64 and AArch64 Linux.
 *
 * <p>A layout comes from a Java record, whose components may be primitives, nested records, and
 * {@link Length}-annotated strings and arrays:
 * <pre>{@code
 * record Point(double x, double y) {}
 * record Tagged(@Length(8) String tag, Point at, byte flags) {}   // {char tag[8]; Point at; int8 flags;}
 * StructType<Tagged> t = StructType.of(Tagged.class);              // 40 bytes: 8 + 16 + 1 + 15 padding
 * }</pre>
 * or from a builder, whose elements are read as maps from field name to value:
 * <pre>{@code
 * StructType<Map<String, Object>> t = StructType.builder("Sample")
 *         .field("id", 'Q').field("level", 'd').string("label", 12).array("xyz", 'f', 3).build();
 * }</pre>
 *
 * <p>{@link #descriptor()} spells the layout, e.g. {@code Point{x:float64@0,y:float64@8}#16}; shared
 * arrays of structs record it, so attaching with a different layout fails and names both.
 * Instances are immutable and thread-safe; {@link #of(Class)} returns the same instance per record.
 *
 * <p>A layout is {@link Serializable}, so that a shared struct array can travel by name: a record's as
 * its class (read back as {@link #of(Class)}, the same instance), a built one as its fields.
 *
 * @param <T> the Java type of one element: the record, or {@code Map<String, Object>} for built types
 */
public final class StructType<T> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final ClassValue<StructType<?>> RECORDS = new ClassValue<>() {
        @Override
        protected StructType<?> computeValue(Class<?> type) {
            return RecordStructs.derive(type.asSubclass(Record.class), new ArrayList<>());
        }
    };

    private final String name;
    private final List<StructField> fields;
    private final FieldCodec[] codecs;
    private final long[] offsets;
    private final long byteSize;
    private final long alignment;
    private final String descriptor;
    private final StructBinding<T> binding;

    StructType(String name, List<String> fieldNames, List<FieldCodec> fieldCodecs, StructBinding<T> binding) {
        if (fieldNames.isEmpty()) {
            throw new IllegalArgumentException("struct " + name + " has no fields: C structs need at least one");
        }
        this.name = name;
        this.binding = binding;
        this.codecs = fieldCodecs.toArray(FieldCodec[]::new);
        this.offsets = new long[codecs.length];
        long offset = 0;
        long maxAlignment = 1;
        List<StructField> made = new ArrayList<>();
        for (int i = 0; i < codecs.length; i++) {
            offset = alignUp(offset, codecs[i].alignment());
            offsets[i] = offset;
            made.add(new StructField(this, fieldNames.get(i), offset, codecs[i]));
            offset += codecs[i].byteSize();
            maxAlignment = Math.max(maxAlignment, codecs[i].alignment());
        }
        this.fields = List.copyOf(made);
        this.alignment = maxAlignment;
        this.byteSize = alignUp(offset, maxAlignment);
        this.descriptor = name + fields.stream().map(StructField::toString).collect(Collectors.joining(",", "{", "}"))
                + "#" + byteSize;
    }

    /**
     * @return the layout of record {@code type}, derived once per class
     * @throws IllegalArgumentException naming the component if the record holds something a C struct
     *                                  cannot (an object, a collection, a string or array without {@link Length})
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> StructType<R> of(Class<R> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: struct layouts come from records or StructType.builder");
        }
        return (StructType<R>) RECORDS.get(type);
    }

    /** @return a builder for a struct named {@code name} (the name is part of the descriptor) */
    public static StructBuilder builder(String name) {
        return new StructBuilder(name);
    }

    /** @return the struct's name: the record's simple name, or the builder's */
    public String name() {
        return name;
    }

    /** @return the fields in declaration order, each with its offset */
    public List<StructField> fields() {
        return fields;
    }

    /**
     * @param path a field name, or a dotted path into nested structs such as {@code "start.x"}
     * @return the field
     * @throws IllegalArgumentException naming the struct's fields if there is no such field
     */
    public StructField field(String path) {
        StructType<?> type = this;
        long base = 0;
        String[] parts = path.split("\\.", -1);
        for (int p = 0; p < parts.length; p++) {
            StructField found = type.directField(parts[p]);
            if (found == null) {
                throw new IllegalArgumentException("struct " + type.name + " has no field '" + parts[p] + "' (in path '"
                        + path + "'); its fields are " + type.fields.stream().map(StructField::name).toList());
            }
            if (p == parts.length - 1) {
                return type == this ? found : new StructField(this, path, base + found.offset(), found.codec());
            }
            if (!(found.codec() instanceof NestedCodec nested)) {
                throw new IllegalArgumentException("field '" + parts[p] + "' of struct " + type.name + " is "
                        + found.typeName() + ", not a struct, so path '" + path + "' goes nowhere");
            }
            base += found.offset();
            type = nested.type();
        }
        throw new AssertionError(path);
    }

    private StructField directField(String fieldName) {
        for (StructField f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    /** @return the size of one struct in bytes, including trailing padding (the stride of an array) */
    public long byteSize() {
        return byteSize;
    }

    /** @return the alignment of the struct: that of its most aligned field */
    public long alignment() {
        return alignment;
    }

    /** @return the layout spelled out: name, fields with types and offsets, size */
    public String descriptor() {
        return descriptor;
    }

    /** @return the equivalent FFM layout, with explicit padding, for code that maps the bytes itself */
    public MemoryLayout layout() {
        List<MemoryLayout> elements = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < codecs.length; i++) {
            if (offsets[i] > offset) {
                elements.add(MemoryLayout.paddingLayout(offsets[i] - offset));
            }
            elements.add(codecs[i].layout().withName(fields.get(i).name()));
            offset = offsets[i] + codecs[i].byteSize();
        }
        if (byteSize > offset) {
            elements.add(MemoryLayout.paddingLayout(byteSize - offset));
        }
        return MemoryLayout.structLayout(elements.toArray(MemoryLayout[]::new)).withName(name);
    }

    /** @return the struct at {@code offset} of {@code memory}, decoded into a new Java value */
    public T read(MemorySegment memory, long offset) {
        Object[] values = new Object[codecs.length];
        for (int i = 0; i < codecs.length; i++) {
            values[i] = codecs[i].read(memory, offset + offsets[i]);
        }
        return binding.assemble(values);
    }

    /**
     * Writes {@code value} at {@code offset} of {@code memory}, every byte of the struct including
     * padding (which is zeroed). Field by field: a reader in another process may see a mix of old and
     * new fields unless the two agree on a lock or a sequence.
     *
     * @throws IllegalArgumentException naming the field if a value does not fit it; fields before it
     *                                  may already have been written
     */
    public void write(MemorySegment memory, long offset, T value) {
        if (value == null) {
            throw new IllegalArgumentException("cannot write null as struct " + name + ": pass a value");
        }
        Object[] values = binding.explode(value);
        long end = offset;
        for (int i = 0; i < codecs.length; i++) {
            long at = offset + offsets[i];
            if (at > end) {
                memory.asSlice(end, at - end).fill((byte) 0);
            }
            if (values[i] == null && binding instanceof MapBinding) {
                memory.asSlice(at, codecs[i].byteSize()).fill((byte) 0);
            } else {
                codecs[i].write(memory, at, values[i], fields.get(i).name());
            }
            end = at + codecs[i].byteSize();
        }
        if (offset + byteSize > end) {
            memory.asSlice(end, offset + byteSize - end).fill((byte) 0);
        }
    }

    @SuppressWarnings("unchecked")
    void writeUnchecked(MemorySegment memory, long offset, Object value, String path) {
        if (value != null && !binding.javaType().isInstance(value)) {
            throw new IllegalArgumentException("field '" + path + "' is struct " + name + " and cannot hold "
                    + value.getClass().getSimpleName());
        }
        if (value == null) {
            throw new IllegalArgumentException("field '" + path + "' is struct " + name + " and cannot hold null");
        }
        write(memory, offset, (T) value);
    }

    /** @return whether {@code other} has the same layout (name, fields, offsets, size) */
    public boolean sameLayout(StructType<?> other) {
        return descriptor.equals(other.descriptor);
    }

    @Override
    public String toString() {
        return "StructType[" + descriptor + "]";
    }

    // ---------------------------------------------------------------- serialisation (proxy pattern)

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        if (binding instanceof RecordBinding<?>) {
            return new SerialForm(name, binding.javaType(), null, descriptor);
        }
        FieldForm[] forms = new FieldForm[codecs.length];
        for (int i = 0; i < codecs.length; i++) {
            forms[i] = FieldForm.of(fields.get(i).name(), codecs[i], this);
        }
        return new SerialForm(name, null, forms, descriptor);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a struct layout is serialised as StructType.SerialForm");
    }

    /**
     * A layout as the stream holds it: the record class, or else the built fields; with the descriptor,
     * so that a layout that reads back differently (another version of the record) is refused by name.
     */
    private record SerialForm(String name, Class<?> record, FieldForm[] fields, String descriptor) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            StructType<?> type;
            try {
                if (record != null) {
                    if (!record.isRecord()) {
                        throw new InvalidObjectException(record.getName() + " is not a record: the stream is damaged");
                    }
                    type = StructType.of(record.asSubclass(Record.class));
                } else {
                    if (fields == null) {
                        throw new InvalidObjectException("struct layout " + name + " has neither a record nor fields:"
                                + " the stream is damaged or was not written by shmproc");
                    }
                    StructBuilder builder = StructType.builder(name);
                    for (FieldForm field : fields) {
                        field.addTo(builder);
                    }
                    type = builder.build();
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                InvalidObjectException failure = new InvalidObjectException("cannot rebuild struct layout " + name
                        + ": " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
            if (!type.descriptor.equals(descriptor)) {
                throw new InvalidObjectException("struct layout " + name + " reads back as " + type.descriptor
                        + " but was written as " + descriptor + ": use the same version of "
                        + (record != null ? record.getName() : "the layout") + " in every process");
            }
            return type;
        }
    }

    /** One field of a built layout, as the {@link StructBuilder} call that adds it. */
    private record FieldForm(String name, String kind, char typecode, int length, StructType<?> nested)
            implements Serializable {
        static FieldForm of(String name, FieldCodec codec, StructType<?> owner) throws NotSerializableException {
            switch (codec) {
                case ScalarCodec scalar when scalar.typeCode() != null -> {
                    return new FieldForm(name, "scalar", scalar.typeCode().code(), 0, null);
                }
                case ScalarCodec utf16 -> {
                    return new FieldForm(name, "char16", '\0', 0, null);
                }
                case TextCodec text -> {
                    return new FieldForm(name, "string", '\0', text.capacity(), null);
                }
                case NestedCodec nested -> {
                    return new FieldForm(name, "struct", '\0', 0, nested.type());
                }
                case ArrayCodec array when array.element() instanceof ScalarCodec scalar && scalar.typeCode() != null -> {
                    return new FieldForm(name, "array", scalar.typeCode().code(), array.length(), null);
                }
                case ArrayCodec array when array.element() instanceof NestedCodec nested -> {
                    return new FieldForm(name, "structs", '\0', array.length(), nested.type());
                }
                case ArrayCodec array -> throw new NotSerializableException("field '" + name + "' of struct "
                        + owner.name + " (" + array.descriptor() + ") has no StructBuilder form, so the layout cannot"
                        + " be serialised: give the layout as a record instead");
            }
        }

        void addTo(StructBuilder builder) throws InvalidObjectException {
            switch (kind == null ? "" : kind) {
                case "scalar" -> builder.field(name, typecode);
                case "char16" -> builder.charField(name);
                case "string" -> builder.string(name, length);
                case "array" -> builder.array(name, typecode, length);
                case "struct" -> builder.struct(name, nested);
                case "structs" -> builder.array(name, nested, length);
                default -> throw new InvalidObjectException("field '" + name + "' has the unknown kind '" + kind
                        + "': the stream is damaged or was written by another shmproc version");
            }
        }
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}

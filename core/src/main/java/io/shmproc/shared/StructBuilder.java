package io.shmproc.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a struct layout field by field, for layouts that have no Java record (one shared with a C or
 * Python program, say). Elements of a built type are read and written as maps from field name to
 * value; scalar values are boxed primitives ({@code 'c'} and {@code 'B'} fields read as {@code Byte}),
 * strings are {@code String}s, arrays are Java arrays of the field's carrier.
 *
 * <pre>{@code
 * StructType<Map<String, Object>> quote = StructType.builder("Quote")
 *         .string("symbol", 8).field("bid", 'd').field("ask", 'd').field("size", 'I')
 *         .build();
 * }</pre>
 */
public final class StructBuilder {
    private final String name;
    private final List<String> names = new ArrayList<>();
    private final List<FieldCodec> codecs = new ArrayList<>();

    StructBuilder(String name) {
        this.name = requireIdentifier(name, "struct name");
    }

    /** Adds a scalar field of Python typecode {@code typecode} ({@code 'i'}, {@code 'd'}, {@code '?'}, ...). */
    public StructBuilder field(String fieldName, char typecode) {
        return field(fieldName, TypeCode.of(typecode));
    }

    /** Adds a scalar field of type {@code type}. */
    public StructBuilder field(String fieldName, TypeCode type) {
        return add(fieldName, ScalarCodec.of(type));
    }

    /** Adds a field holding a Java {@code char}: a UTF-16 unit, C's {@code char16_t}. */
    public StructBuilder charField(String fieldName) {
        return add(fieldName, ScalarCodec.UTF16);
    }

    /** Adds a string field of {@code capacity} bytes: UTF-8, NUL-padded, like C's {@code char name[capacity]}. */
    public StructBuilder string(String fieldName, int capacity) {
        return add(fieldName, new TextCodec(requireLength(fieldName, capacity)));
    }

    /** Adds an inline array of {@code length} scalars of Python typecode {@code typecode}. */
    public StructBuilder array(String fieldName, char typecode, int length) {
        ScalarCodec element = ScalarCodec.of(TypeCode.of(typecode));
        return add(fieldName, new ArrayCodec(element, element.carrier(), requireLength(fieldName, length)));
    }

    /** Adds a nested struct. */
    public StructBuilder struct(String fieldName, StructType<?> type) {
        return add(fieldName, new NestedCodec(type));
    }

    /** Adds an inline array of {@code length} nested structs. */
    public StructBuilder array(String fieldName, StructType<?> type, int length) {
        return add(fieldName, new ArrayCodec(new NestedCodec(type), Object.class, requireLength(fieldName, length)));
    }

    /** @return the layout of the fields added so far, in order */
    public StructType<Map<String, Object>> build() {
        return new StructType<>(name, names, codecs, new MapBinding(names));
    }

    private StructBuilder add(String fieldName, FieldCodec codec) {
        requireIdentifier(fieldName, "field name of struct " + name);
        if (names.contains(fieldName)) {
            throw new IllegalArgumentException("struct " + name + " already has a field '" + fieldName + "'");
        }
        names.add(fieldName);
        codecs.add(codec);
        return this;
    }

    // Identifiers keep descriptors unambiguous ('.', ':', '{' and ',' delimit them) and match C's rules.
    private static String requireIdentifier(String identifier, String what) {
        if (identifier == null || !identifier.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(what + " '" + identifier
                    + "' is not an identifier: use letters, digits and '_', not starting with a digit, at most 64");
        }
        return identifier;
    }

    private int requireLength(String fieldName, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("field '" + fieldName + "' of struct " + name + " has length " + length
                    + "; a length must be at least 1");
        }
        return length;
    }
}

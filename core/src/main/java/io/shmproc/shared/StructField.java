package io.shmproc.shared;

/**
 * A handle on one field of a {@link StructType}, resolved once and then used to read or update that
 * field in place in a {@link SharedStructArray}, without materialising the whole struct.
 *
 * <pre>{@code
 * record Particle(long id, double x, double y) {}
 * StructField x = StructType.of(Particle.class).field("x");
 * particles.setDouble(3, x, particles.getDouble(3, x) + 0.5);
 * }</pre>
 *
 * Nested fields are named by their path: {@code type.field("start.x")}.
 */
public final class StructField {
    private final StructType<?> owner;
    private final String path;
    private final long offset;
    private final FieldCodec codec;

    StructField(StructType<?> owner, String path, long offset, FieldCodec codec) {
        this.owner = owner;
        this.path = path;
        this.offset = offset;
        this.codec = codec;
    }

    /** @return the field's name, or dotted path for a field of a nested struct */
    public String name() {
        return path;
    }

    /** @return the byte offset of the field from the start of its outermost struct */
    public long offset() {
        return offset;
    }

    /** @return the bytes the field occupies */
    public long byteSize() {
        return codec.byteSize();
    }

    /** @return the field's C type as the layout descriptor writes it, e.g. {@code float64}, {@code char[16]} */
    public String typeName() {
        return codec.descriptor();
    }

    /** @return the Java primitive type of a scalar field, or {@code null} for strings, arrays and structs */
    public Class<?> carrier() {
        return codec instanceof ScalarCodec scalar ? scalar.carrier() : null;
    }

    StructType<?> owner() {
        return owner;
    }

    FieldCodec codec() {
        return codec;
    }

    /**
     * @throws IllegalArgumentException unless this is a scalar field of Java type {@code carrier} in
     *                                  a struct of layout {@code type}
     */
    void require(StructType<?> type, Class<?> carrier) {
        if (owner != type && !owner.descriptor().equals(type.descriptor())) {
            throw new IllegalArgumentException("field '" + path + "' belongs to struct " + owner.descriptor()
                    + ", not to " + type.descriptor() + ": look it up with that array's type().field(name)");
        }
        if (carrier() != carrier) {
            throw new IllegalArgumentException("field '" + path + "' is " + codec.descriptor() + ", not "
                    + carrier.getName() + ": use the accessor for " + (carrier() == null ? "whole elements (get/set)" : carrier().getName()));
        }
    }

    @Override
    public String toString() {
        return path + ":" + codec.descriptor() + "@" + offset;
    }
}

package io.shmproc.shared;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/** Derives a struct layout from a record's components, recursively for nested records. */
final class RecordStructs {
    private RecordStructs() {
    }

    /**
     * @param enclosing the records being derived around this one, to refuse a record that contains itself
     */
    static <R extends Record> StructType<R> derive(Class<R> type, List<Class<?>> enclosing) {
        if (enclosing.contains(type)) {
            throw new IllegalArgumentException("record " + type.getName() + " contains itself (through "
                    + enclosing.stream().map(Class::getSimpleName).toList() + "): a C struct cannot");
        }
        enclosing.add(type);
        try {
            List<String> names = new ArrayList<>();
            List<FieldCodec> codecs = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
                codecs.add(codec(type, component, enclosing));
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("record " + type.getName() + " has no components: a C struct needs at least one field");
            }
            return new StructType<>(type.getSimpleName(), names, codecs, new RecordBinding<>(type));
        } finally {
            enclosing.remove(enclosing.size() - 1);
        }
    }

    private static FieldCodec codec(Class<?> record, RecordComponent component, List<Class<?>> enclosing) {
        Class<?> type = component.getType();
        Length length = component.getAnnotation(Length.class);
        if (length != null && length.value() < 1) {
            throw problem(record, component, "has @Length(" + length.value() + "); a length must be at least 1");
        }
        if (type.isArray() || type == String.class) {
            if (length == null) {
                throw problem(record, component, "is a " + type.getSimpleName()
                        + " without a fixed size: annotate it with @Length(n) (elements of an array, bytes of a string)");
            }
            if (type == String.class) {
                return new TextCodec(length.value());
            }
            Class<?> element = type.getComponentType();
            FieldCodec elementCodec = single(record, component, element, enclosing);
            return new ArrayCodec(elementCodec, element, length.value());
        }
        if (length != null) {
            throw problem(record, component, "is a " + type.getSimpleName() + "; @Length applies only to arrays and strings");
        }
        return single(record, component, type, enclosing);
    }

    private static FieldCodec single(Class<?> record, RecordComponent component, Class<?> type, List<Class<?>> enclosing) {
        ScalarCodec scalar = ScalarCodec.forPrimitive(type);
        if (scalar != null) {
            return scalar;
        }
        if (type.isRecord()) {
            return new NestedCodec(derive(type.asSubclass(Record.class), enclosing));
        }
        throw problem(record, component, "is a " + type.getName() + ", which a C struct cannot hold: use primitives, "
                + "records, or @Length arrays and strings");
    }

    private static IllegalArgumentException problem(Class<?> record, RecordComponent component, String what) {
        return new IllegalArgumentException("record " + record.getName() + ": component '" + component.getName() + "' " + what);
    }
}

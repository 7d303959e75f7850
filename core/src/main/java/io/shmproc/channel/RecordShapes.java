package io.shmproc.channel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Derives a {@link RecordShape} from a record class: the only place the record codec uses reflection,
 * once per record class. Refuses, naming the record and the component, every component the codec
 * cannot write.
 */
final class RecordShapes {
    static final String SUPPORTED = "the record codec writes boolean, byte, short, char, int, long, float, double, "
            + "String, enums, records of these, and arrays of any of them";

    private RecordShapes() {
    }

    /** @throws IllegalArgumentException if a component (at any depth) has a type the codec cannot write */
    static RecordShape derive(Class<?> type) {
        return derive(type, new ArrayList<>());
    }

    /** @param enclosing the records being derived around this one, to refuse a record that contains itself */
    private static RecordShape derive(Class<?> type, List<Class<?>> enclosing) {
        if (enclosing.contains(type)) {
            throw new IllegalArgumentException("record " + type.getName() + " contains itself (through "
                    + enclosing.stream().map(Class::getSimpleName).toList() + "): the record codec writes no "
                    + "recursive records; use Codecs.serializable for object graphs");
        }
        enclosing.add(type);
        try {
            RecordComponent[] recordComponents = type.getRecordComponents();
            List<ComponentCodec> components = new ArrayList<>();
            for (RecordComponent component : recordComponents) {
                components.add(component(type, component, enclosing));
            }
            Class<?>[] parameters = Arrays.stream(recordComponents).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return new RecordShape(type, components, constructor(type, parameters));
        } finally {
            enclosing.remove(enclosing.size() - 1);
        }
    }

    private static ComponentCodec component(Class<?> record, RecordComponent component, List<Class<?>> enclosing) {
        MethodHandle accessor = accessible(record, () -> {
            component.getAccessor().setAccessible(true);
            return MethodHandles.lookup().unreflect(component.getAccessor());
        });
        Class<?> type = component.getType();
        Primitive primitive = Primitive.of(type);
        if (primitive != null) {
            return new PrimitiveComponent(component.getName(), primitive, accessor);
        }
        return new ReferenceComponent(component.getName(), type, value(record, component, type, enclosing), accessor);
    }

    /** @param type the component's type, or the element type of an array component */
    private static ValueCodec value(Class<?> record, RecordComponent component, Class<?> type, List<Class<?>> enclosing) {
        if (type == String.class) {
            return StringValue.INSTANCE;
        }
        if (type.isEnum()) {
            return new EnumValue(type);
        }
        if (type.isRecord()) {
            return new RecordValue(derive(type, enclosing));
        }
        if (type.isArray()) {
            Primitive element = Primitive.of(type.getComponentType());
            return element != null ? new PrimitiveArrayValue(element)
                    : new ObjectArrayValue(value(record, component, type.getComponentType(), enclosing), type);
        }
        Primitive unboxed = Primitive.ofBoxed(type);
        String advice = unboxed != null
                ? "it writes primitives, not boxed ones (which could be null): use " + unboxed.type().getName()
                        + " instead of " + type.getSimpleName()
                : SUPPORTED + "; for other types use Codecs.serializable or a Codec of your own";
        throw new IllegalArgumentException("record " + record.getName() + ": component '" + component.getName()
                + "' is " + (type == component.getType() ? "a " : "an array of ") + type.getTypeName()
                + ", which the record codec cannot write: " + advice);
    }

    private static MethodHandle constructor(Class<?> record, Class<?>[] parameters) {
        return accessible(record, () -> {
            Constructor<?> canonical = record.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(canonical);
        });
    }

    @FunctionalInterface
    private interface Reflective {
        MethodHandle get() throws ReflectiveOperationException;
    }

    // Non-public records (local ones, nested in tests) are allowed: access is checked once, here.
    private static MethodHandle accessible(Class<?> record, Reflective reflective) {
        try {
            return reflective.get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("record " + record.getName() + " cannot be encoded: " + e.getMessage()
                    + "; if it lives in a named module, open its package to io.shmproc", e);
        }
    }
}

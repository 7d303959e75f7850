package io.shmproc.shared;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Binds a record class to its struct through method handles made once per class, so moving a record
 * in or out of shared memory uses no reflection.
 */
final class RecordBinding<R extends Record> implements StructBinding<R> {
    private final Class<R> type;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    RecordBinding(Class<R> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        try {
            accessors = new MethodHandle[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = unreflect(components[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
            }
            Class<?>[] parameters = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            MethodHandle canonical = unreflectConstructor(type.getDeclaredConstructor(parameters));
            constructor = canonical.asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("record " + type.getName() + " cannot be used as a struct: "
                    + e.getMessage() + "; if it lives in a named module, open its package to io.shmproc", e);
        }
    }

    // Made once per record class; non-public records (local, nested in tests) are allowed too.
    private static MethodHandle unreflect(Method method) throws IllegalAccessException {
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method);
    }

    private static MethodHandle unreflectConstructor(Constructor<?> constructor) throws IllegalAccessException {
        constructor.setAccessible(true);
        return MethodHandles.lookup().unreflectConstructor(constructor);
    }

    @Override
    public Object[] explode(R value) {
        Object[] fields = new Object[accessors.length];
        try {
            for (int i = 0; i < accessors.length; i++) {
                fields[i] = accessors[i].invokeExact((Object) value);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
        return fields;
    }

    @Override
    public R assemble(Object[] fields) {
        try {
            return type.cast(constructor.invokeExact(fields));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public Class<?> javaType() {
        return type;
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }
}

package io.shmproc.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lambda task sent as the static method it compiles to and the plain values it captures, so that the
 * child calls that method without Java serialisation: a cold JVM takes some 30 ms to initialise object
 * streams, which is most of a child's start-up. It applies to a {@link SerializableRunnable} or
 * {@link SerializableCallable} whose body is a static method (any lambda that does not capture
 * {@code this}, and references to static methods) and whose captured values are all null, strings or boxed
 * primitives; every other task travels by serialisation.
 *
 * <p>Calling the implementation method with the captured values is what the lambda's own {@code run} or
 * {@code call} does, as both take no arguments.
 *
 * <pre>
 *   string  class name             binary name of the class declaring the method
 *   string  method name
 *   string  method descriptor      e.g. (Ljava/lang/String;J)V
 *   boolean returns                whether the task is a callable, whose result travels back
 *   int     n, then n values       each a {@link PlainValues plain value}, in the descriptor's order
 * </pre>
 *
 * @param className  the class declaring the method
 * @param methodName the method
 * @param descriptor its JVM descriptor
 * @param returns    whether the task is a callable (a runnable's method may return a value it ignores)
 * @param arguments  the captured values
 */
record DirectCall(String className, String methodName, String descriptor, boolean returns, List<Object> arguments) {
    private static final int MOST_ARGUMENTS = 255;

    /** @return the direct form of {@code task}, if it has one */
    static Optional<DirectCall> of(Object task) {
        Class<?> type = task.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return Optional.empty();
        }
        SerializedLambda lambda;
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(task) instanceof SerializedLambda serialised)) {
                return Optional.empty();
            }
            lambda = serialised;
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            return Optional.empty();
        }
        if (lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic) {
            return Optional.empty();
        }
        List<Object> arguments = new ArrayList<>(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object argument = lambda.getCapturedArg(i);
            if (!PlainValues.isPlain(argument)) {
                return Optional.empty();
            }
            arguments.add(argument);
        }
        return Optional.of(new DirectCall(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), task instanceof SerializableCallable<?>, arguments));
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeUTF(className);
        out.writeUTF(methodName);
        out.writeUTF(descriptor);
        out.writeBoolean(returns);
        out.writeInt(arguments.size());
        for (Object argument : arguments) {
            PlainValues.write(out, argument);
        }
    }

    static DirectCall readFrom(DataInputStream in) throws IOException {
        String className = in.readUTF();
        String methodName = in.readUTF();
        String descriptor = in.readUTF();
        boolean returns = in.readBoolean();
        int count = in.readInt();
        if (count < 0 || count > MOST_ARGUMENTS) {
            throw new StreamCorruptedException("a direct call with " + count + " arguments");
        }
        List<Object> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(PlainValues.read(in));
        }
        return new DirectCall(className, methodName, descriptor, returns, arguments);
    }

    /** Calls the method; what it throws comes out wrapped in InvocationTargetException. @return its result, if a callable's */
    Object invoke() throws ReflectiveOperationException {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        Class<?> owner = Class.forName(className, false, loader);
        Method method = owner.getDeclaredMethod(methodName, parameterTypes(descriptor, loader));
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new NoSuchMethodException(className + "." + methodName + descriptor + " is not static");
        }
        method.setAccessible(true);
        Object result = method.invoke(null, arguments.toArray());
        return returns ? result : null;
    }

    /** Reads a method descriptor's parameter types, e.g. {@code (I[Ljava/lang/String;J)V}. */
    static Class<?>[] parameterTypes(String descriptor, ClassLoader loader) throws ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            if (descriptor.charAt(i) == 'L') {
                i = descriptor.indexOf(';', i);
            }
            i++;
            types.add(typeOf(descriptor.substring(start, i), loader));
        }
        return types.toArray(new Class<?>[0]);
    }

    private static Class<?> typeOf(String field, ClassLoader loader) throws ClassNotFoundException {
        return switch (field.charAt(0)) {
            case 'I' -> int.class;
            case 'J' -> long.class;
            case 'D' -> double.class;
            case 'F' -> float.class;
            case 'S' -> short.class;
            case 'B' -> byte.class;
            case 'C' -> char.class;
            case 'Z' -> boolean.class;
            case 'L' -> Class.forName(field.substring(1, field.length() - 1).replace('/', '.'), false, loader);
            case '[' -> Class.forName(field.replace('/', '.'), false, loader);
            default -> throw new ClassNotFoundException("unknown descriptor type " + field);
        };
    }
}

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
 *   int     n, then n values       each a tag byte and its value, in the descriptor's order
 * </pre>
 *
 * @param className  the class declaring the method
 * @param methodName the method
 * @param descriptor its JVM descriptor
 * @param returns    whether the task is a callable (a runnable's method may return a value it ignores)
 * @param arguments  the captured values
 */
record DirectCall(String className, String methodName, String descriptor, boolean returns, List<Object> arguments) {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte FLOAT = 5;
    private static final byte SHORT = 6;
    private static final byte BYTE = 7;
    private static final byte CHAR = 8;
    private static final byte BOOLEAN = 9;
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
            if (tag(argument) < 0) {
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
            byte tag = tag(argument);
            out.writeByte(tag);
            switch (tag) {
                case STRING -> Launch.writeString(out, (String) argument);
                case INT -> out.writeInt((Integer) argument);
                case LONG -> out.writeLong((Long) argument);
                case DOUBLE -> out.writeDouble((Double) argument);
                case FLOAT -> out.writeFloat((Float) argument);
                case SHORT -> out.writeShort((Short) argument);
                case BYTE -> out.writeByte((Byte) argument);
                case CHAR -> out.writeChar((Character) argument);
                case BOOLEAN -> out.writeBoolean((Boolean) argument);
                default -> { } // NULL: the tag says it all
            }
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
            byte tag = in.readByte();
            arguments.add(switch (tag) {
                case NULL -> null;
                case STRING -> Launch.readString(in);
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case FLOAT -> in.readFloat();
                case SHORT -> in.readShort();
                case BYTE -> in.readByte();
                case CHAR -> in.readChar();
                case BOOLEAN -> in.readBoolean();
                default -> throw new StreamCorruptedException("unknown value tag " + tag);
            });
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

    private static byte tag(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return STRING;
        } else if (type == Integer.class) {
            return INT;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Character.class) {
            return CHAR;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        }
        return -1;
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

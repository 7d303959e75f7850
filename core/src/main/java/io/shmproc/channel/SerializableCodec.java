package io.shmproc.channel;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.io.DirectBufferInputStream;

/**
 * Messages as Java serialisation writes them, behind an allow-list that both ends apply: encoding refuses
 * a class decoding would refuse, so a message that was sent can always be received. Built by
 * {@link SerializableCodecBuilder}.
 */
final class SerializableCodec<T> implements Codec<T>, Serializable {
    private final Class<? super T> type;
    private final AllowList allowList;
    private final int maxDepth;
    private final long maxReferences;
    private final int maxArrayLength;

    SerializableCodec(Class<? super T> type, AllowList allowList, int maxDepth, long maxReferences, int maxArrayLength) {
        this.type = type;
        this.allowList = allowList;
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxArrayLength = maxArrayLength;
    }

    /** @return {@link #UNKNOWN_LENGTH}: only serialising tells the length */
    @Override
    public int encodedLength(T message) {
        requireMessage(message);
        if (!(message instanceof Serializable)) {
            throw new CodecException(notSerializable(message.getClass().getName()));
        }
        return UNKNOWN_LENGTH;
    }

    @Override
    public int encode(T message, MutableDirectBuffer buffer, int offset) {
        requireMessage(message);
        BufferOutputStream bytes = new BufferOutputStream(buffer, offset);
        CheckingOutputStream out;
        try {
            out = new CheckingOutputStream(bytes, allowList);
            out.writeObject(message);
            out.flush();
        } catch (IndexOutOfBoundsException full) {
            throw full; // the scratch buffer is full: the channel calls again with a larger one (see Codec)
        } catch (NotSerializableException e) {
            // Its message is the class name, then (with -Dsun.io.serialization.extendedDebugInfo) the path to it.
            throw new CodecException(notSerializable(e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot encode this " + message.getClass().getName()
                    + " with java-serialization: " + e, e);
        }
        if (out.refused != null) {
            throw new CodecException(notAllowed(out.refused));
        }
        return bytes.written();
    }

    @Override
    public T decode(DirectBuffer buffer, int offset, int length) {
        // A valid stream spends at least a byte per array element, so the message length bounds every array.
        DecodeFilter filter = new DecodeFilter(allowList, maxDepth, maxReferences, Math.min(maxArrayLength, length));
        Object message;
        try {
            ObjectInputStream in = new ObjectInputStream(new DirectBufferInputStream(buffer, offset, length));
            // Keeps a JVM-wide jdk.serialFilter in force: it may refuse more, never allow more.
            in.setObjectInputFilter(ObjectInputFilter.merge(filter, ObjectInputFilter.Config.getSerialFilter()));
            message = in.readObject();
        } catch (InvalidClassException e) {
            throw new CodecException(refused(filter, e), e);
        } catch (ClassNotFoundException e) {
            throw new CodecException("cannot decode java-serialization: class " + e.getMessage()
                    + " is not on this process's class path; both ends need the message classes", e);
        } catch (IOException e) {
            throw new CodecException("cannot decode java-serialization: the bytes are truncated or garbled, or were "
                    + "written with another codec (" + e + ")", e);
        } catch (RuntimeException e) {
            throw new CodecException("cannot decode java-serialization: a class's readObject or readResolve threw " + e, e);
        }
        if (!type.isInstance(message)) {
            throw new CodecException("cannot decode java-serialization: the message is "
                    + (message == null ? "null" : "a " + message.getClass().getName())
                    + ", not a " + type.getName() + " as this codec expects");
        }
        @SuppressWarnings("unchecked") // checked against the erasure just above
        T typed = (T) message;
        return typed;
    }

    @Override
    public String descriptor() {
        return "java-serialization";
    }

    @Override
    public String toString() {
        return "Codec[java-serialization of " + type.getName() + "]";
    }

    @Serial
    private Object writeReplace() {
        return CodecForm.ofSerializable(type, allowList, maxDepth, maxReferences, maxArrayLength);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("proxy required: a codec is serialised as its CodecForm");
    }

    private void requireMessage(T message) {
        Objects.requireNonNull(message, () -> "the java-serialization codec of " + type.getSimpleName()
                + " cannot encode null: send an object");
    }

    private String refused(DecodeFilter filter, InvalidClassException e) {
        if (filter.refusedClass() != null) {
            return notAllowed(filter.refusedClass());
        }
        if (filter.exceededLimit() != null) {
            return "cannot decode java-serialization: " + filter.exceededLimit()
                    + "; raise the limit with Codecs.serializableBuilder(...)." + limitMethod(filter.exceededLimit())
                    + " if the message is genuine";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("filter status")) {
            return "cannot decode java-serialization: the JVM-wide serialisation filter (jdk.serialFilter) refused a class";
        }
        // serialVersionUID or shape mismatch; the message names the class.
        return "cannot decode java-serialization: " + e.getMessage() + "; both ends need the same version of the class";
    }

    private static String limitMethod(String limit) {
        return limit.contains("maxDepth") ? "maxDepth(n)" : limit.contains("maxReferences") ? "maxReferences(n)" : "maxArrayLength(n)";
    }

    private String notSerializable(String className) {
        String name = className == null ? "?" : className.lines().findFirst().orElse(className);
        return "class " + name + " is not Serializable, so java-serialization cannot encode this " + type.getSimpleName()
                + ": make it implement java.io.Serializable, mark the field that holds it transient, or use another codec";
    }

    private String notAllowed(Class<?> refused) {
        Class<?> element = AllowList.elementOf(refused);
        if (Proxy.isProxyClass(element)) {
            return "a dynamic proxy (" + element.getName() + ") is in the message: java-serialization codecs never "
                    + "allow proxies, which run arbitrary handlers when called";
        }
        String how = AllowList.COLLECTIONS.contains(element.getName()) ? ".allowCollections()"
                : ".allow(" + element.getName().replace('$', '.') + ".class)"
                + (element.getPackageName().isEmpty() ? "" : " or .allowPackage(\"" + element.getPackageName() + "\")");
        return "class " + element.getName() + " is not on the allow-list of this java-serialization codec of "
                + type.getName() + ": allow it on both ends with Codecs.serializableBuilder(" + type.getSimpleName()
                + ".class)" + how;
    }

    /**
     * Notes the first class the allow-list refuses while writing, and writes on: throwing from here would
     * make the stream serialise the exception itself, whose class would be checked in turn and hide the
     * real problem. {@link #encode} refuses the message once it is written.
     */
    private static final class CheckingOutputStream extends ObjectOutputStream {
        private final AllowList allowList;
        private Class<?> refused;

        CheckingOutputStream(OutputStream out, AllowList allowList) throws IOException {
            super(out);
            this.allowList = allowList;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            if (refused == null && !allowList.allows(type)) {
                refused = type;
            }
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            if (refused == null) {
                refused = type;
            }
        }
    }
}

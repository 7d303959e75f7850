package io.shmproc.channel;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A built-in codec as Java serialisation writes it (the serialisation proxy of every codec in
 * {@link Codecs}), so that a queue or pipe can travel by name with its codec: the descriptor, and for
 * records and serialising codecs the message class and allow-list. Read back, the shared instances
 * ({@link Codecs#string()}, {@link Codecs#ofLong()}, {@link Codecs#record(Class)} of a class, ...)
 * come back as themselves.
 *
 * @param descriptor     the codec's {@link Codec#descriptor()}
 * @param type           the record or message class, null for the codecs of a fixed type
 * @param classes        a serialising codec's allowed class names, comma-separated (names hold no commas)
 * @param packages       its allowed packages, comma-separated
 */
record CodecForm(String descriptor, Class<?> type, String classes, String packages, int maxDepth, long maxReferences,
                 int maxArrayLength) implements Serializable {
    static final String SERIALIZATION = "java-serialization";

    static CodecForm of(String descriptor) {
        return new CodecForm(descriptor, null, null, null, 0, 0, 0);
    }

    static CodecForm ofRecord(String descriptor, Class<?> type) {
        return new CodecForm(descriptor, type, null, null, 0, 0, 0);
    }

    static CodecForm ofSerializable(Class<?> type, AllowList allowList, int maxDepth, long maxReferences,
                                    int maxArrayLength) {
        return new CodecForm(SERIALIZATION, type, String.join(",", allowList.classes()),
                String.join(",", allowList.packages()), maxDepth, maxReferences, maxArrayLength);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (descriptor == null) {
            throw damaged("no descriptor");
        }
        Codec<?> codec = switch (descriptor) {
            case "bytes" -> Codecs.bytes();
            case "string-utf8" -> Codecs.string();
            case SERIALIZATION -> serializable();
            default -> descriptor.startsWith("record:") ? record() : Codecs.primitive(descriptor);
        };
        if (codec == null) {
            throw damaged("the unknown descriptor '" + descriptor + "'");
        }
        return codec;
    }

    private Codec<?> record() throws InvalidObjectException {
        if (type == null || !type.isRecord()) {
            throw damaged("a record codec of " + type + ", which is not a record");
        }
        Codec<?> codec;
        try {
            codec = RecordCodec.of(type.asSubclass(Record.class));
        } catch (IllegalArgumentException e) {
            throw (InvalidObjectException) new InvalidObjectException("cannot rebuild the record codec of "
                    + type.getName() + ": " + e.getMessage()).initCause(e);
        }
        if (!codec.descriptor().equals(descriptor)) {
            throw new InvalidObjectException("the record codec of " + type.getName() + " reads back as "
                    + codec.descriptor() + " but was written as " + descriptor + ": use the same version of "
                    + type.getName() + " in every process");
        }
        return codec;
    }

    private Codec<?> serializable() throws InvalidObjectException {
        if (type == null || type.isPrimitive() || maxDepth < 1 || maxReferences < 1 || maxArrayLength < 0) {
            throw damaged("a java-serialization codec with type " + type + " or limits out of range");
        }
        return new SerializableCodec<>(type, new AllowList(split(classes), split(packages)), maxDepth, maxReferences,
                maxArrayLength);
    }

    private static Set<String> split(String names) {
        return names == null || names.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(names.split(",")));
    }

    private static InvalidObjectException damaged(String what) {
        return new InvalidObjectException("a serialised codec holds " + what + ": the stream is damaged or was"
                + " written by another shmproc version");
    }
}

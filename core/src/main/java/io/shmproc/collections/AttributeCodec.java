package io.shmproc.collections;

import io.shmproc.channel.Codec;
import io.shmproc.channel.CodecException;
import io.shmproc.channel.Codecs;
import io.shmproc.channel.SerializableCodecBuilder;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The values of a {@link SharedNamespace}: one tag byte naming the type, then the value as {@link Codecs}
 * writes it. Boxed primitives, strings and byte arrays have tags of their own; any other {@link Serializable}
 * goes through {@code serialised}, whose allow-list decides what may be written and read.
 *
 * <pre>
 *   tag  type        then
 *   'I'  Integer     4 bytes, little-endian      'J'  Long       8 bytes
 *   'D'  Double      8 bytes (IEEE 754 bits)     'F'  Float      4 bytes
 *   'S'  Short       2 bytes                     'B'  Byte       1 byte
 *   'C'  Character   2 bytes (a UTF-16 unit)     'Z'  Boolean    1 byte, 0 or 1
 *   'T'  String      its UTF-8                   'Y'  byte[]     its bytes
 *   'O'  Serializable, one java-serialization stream
 * </pre>
 *
 * The descriptor leaves the allow-list out, so processes that allow different classes share a namespace;
 * one that reads a value whose class it does not allow gets a {@link CodecException} naming the class.
 *
 * <p>It is serialised as its allow-list's names (plain strings, which any stream filter admits), and
 * rebuilt from them where it is read.
 */
final class AttributeCodec implements Codec<Object>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Binary names of the classes allowed, comma-separated. */
    private final String classes;
    /** Names of the packages allowed, comma-separated. */
    private final String packages;
    private final boolean collections;
    /** The codec of values of no tag of their own; null only in a copy being read, which readResolve replaces. */
    private final transient Codec<Serializable> serialised;

    AttributeCodec(List<Class<?>> classes, List<String> packages, boolean collections) {
        this.classes = String.join(",", classes.stream().map(Class::getName).toList());
        this.packages = String.join(",", packages);
        this.collections = collections;
        SerializableCodecBuilder<Serializable> builder = Codecs.serializableBuilder(Serializable.class);
        builder.allow(classes.toArray(Class<?>[]::new));
        packages.forEach(builder::allowPackage);
        if (collections) {
            builder.allowCollections();
        }
        this.serialised = builder.build();
    }

    /** @return an attribute codec that allows no serialisable class */
    static AttributeCodec allowingNone() {
        return new AttributeCodec(List.of(), List.of(), false);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        List<Class<?>> allowed = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : classes == null || classes.isEmpty() ? new String[0] : classes.split(",")) {
            try {
                allowed.add(Class.forName(name, false, loader != null ? loader : AttributeCodec.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                InvalidObjectException missing = new InvalidObjectException("a shared namespace allows values of class "
                        + name + ", which this JVM cannot load: put it on the class path");
                missing.initCause(e);
                throw missing;
            }
        }
        List<String> allowedPackages = packages == null || packages.isEmpty() ? List.of() : List.of(packages.split(","));
        return new AttributeCodec(allowed, allowedPackages, collections);
    }

    /** @return whether {@code value} is of a type this codec writes (the allow-list may still refuse it) */
    static boolean accepts(Object value) {
        return value instanceof Serializable || value instanceof byte[];
    }

    @Override
    public int encodedLength(Object value) {
        return switch (value) {
            case Integer i -> 5;
            case Long l -> 9;
            case Double d -> 9;
            case Float f -> 5;
            case Short s -> 3;
            case Byte b -> 2;
            case Character c -> 3;
            case Boolean z -> 2;
            case String t -> 1 + Codecs.utf8Length(t);
            case byte[] y -> 1 + y.length;
            default -> UNKNOWN_LENGTH;
        };
    }

    @Override
    public int encode(Object value, MutableDirectBuffer buffer, int offset) {
        int at = offset + 1;
        switch (value) {
            case Integer i -> { buffer.putByte(offset, (byte) 'I'); buffer.putInt(at, i, ORDER); return 5; }
            case Long l -> { buffer.putByte(offset, (byte) 'J'); buffer.putLong(at, l, ORDER); return 9; }
            case Double d -> { buffer.putByte(offset, (byte) 'D'); buffer.putLong(at, Double.doubleToRawLongBits(d), ORDER); return 9; }
            case Float f -> { buffer.putByte(offset, (byte) 'F'); buffer.putInt(at, Float.floatToRawIntBits(f), ORDER); return 5; }
            case Short s -> { buffer.putByte(offset, (byte) 'S'); buffer.putShort(at, s, ORDER); return 3; }
            case Byte b -> { buffer.putByte(offset, (byte) 'B'); buffer.putByte(at, b); return 2; }
            case Character c -> { buffer.putByte(offset, (byte) 'C'); buffer.putChar(at, c, ORDER); return 3; }
            case Boolean z -> { buffer.putByte(offset, (byte) 'Z'); buffer.putByte(at, (byte) (z ? 1 : 0)); return 2; }
            case String t -> { buffer.putByte(offset, (byte) 'T'); return 1 + Codecs.writeUtf8(t, buffer, at); }
            case byte[] y -> { buffer.putByte(offset, (byte) 'Y'); buffer.putBytes(at, y); return 1 + y.length; }
            case Serializable o -> { buffer.putByte(offset, (byte) 'O'); return 1 + serialised.encode(o, buffer, at); }
            default -> throw new CodecException("a " + value.getClass().getName() + " is not a value a shared namespace"
                    + " holds: give a boxed primitive, a String, a byte[] or a Serializable object");
        }
    }

    @Override
    public Object decode(DirectBuffer buffer, int offset, int length) {
        if (length < 1) {
            throw new CodecException("an attribute value has a tag byte; got 0 bytes");
        }
        byte tag = buffer.getByte(offset);
        int at = offset + 1;
        int rest = length - 1;
        return switch (tag) {
            case 'I' -> { expect(tag, rest, 4); yield buffer.getInt(at, ORDER); }
            case 'J' -> { expect(tag, rest, 8); yield buffer.getLong(at, ORDER); }
            case 'D' -> { expect(tag, rest, 8); yield Double.longBitsToDouble(buffer.getLong(at, ORDER)); }
            case 'F' -> { expect(tag, rest, 4); yield Float.intBitsToFloat(buffer.getInt(at, ORDER)); }
            case 'S' -> { expect(tag, rest, 2); yield buffer.getShort(at, ORDER); }
            case 'B' -> { expect(tag, rest, 1); yield buffer.getByte(at); }
            case 'C' -> { expect(tag, rest, 2); yield buffer.getChar(at, ORDER); }
            case 'Z' -> { expect(tag, rest, 1); yield buffer.getByte(at) != 0; }
            case 'T' -> buffer.getStringWithoutLengthUtf8(at, rest);
            case 'Y' -> {
                byte[] bytes = new byte[rest];
                buffer.getBytes(at, bytes);
                yield bytes;
            }
            case 'O' -> serialised.decode(buffer, at, rest);
            default -> throw new CodecException("an attribute value starts with an unknown tag " + (tag & 0xff)
                    + ": it was not written by a shared namespace");
        };
    }

    private static void expect(byte tag, int length, int expected) {
        if (length != expected) {
            throw new CodecException("an attribute value of tag '" + (char) tag + "' has " + expected + " bytes, not " + length);
        }
    }

    @Override
    public String descriptor() {
        return "attribute:tagged{I:int32,J:int64,D:float64,F:float32,S:int16,B:int8,C:char16,Z:bool,T:string-utf8,Y:bytes,"
                + "O:" + serialised.descriptor() + "}";
    }
}

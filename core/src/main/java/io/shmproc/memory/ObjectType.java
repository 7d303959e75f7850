package io.shmproc.memory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a shared object is, as recorded in its header and checked on every attach: a four-letter
 * {@code kind} chosen by the layer that defines the object ("VALU", "ARRY", "LOCK", ...) and a
 * {@code descriptor} of its layout ("int64", "Point{x:f64@0,y:f64@8}[2]"). Two types match when both are
 * equal; the stored {@link #fingerprint()} lets a long descriptor be compared exactly even though only
 * its first bytes fit in the header for error messages.
 *
 * <pre>{@code
 * ObjectType longValue = new ObjectType("VALU", "int64");
 * Region r = namespace.open("counter", longValue, Long.BYTES, payload -> payload.set(JAVA_LONG, 0, 7L));
 * }</pre>
 *
 * @param kind       exactly four printable ASCII characters naming the family of object
 * @param descriptor the layout, readable by a person; any length
 */
public record ObjectType(String kind, String descriptor) {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Checks the kind's form. */
    public ObjectType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(descriptor, "descriptor");
        if (kind.length() != 4 || !kind.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException(
                "object kind must be exactly 4 printable ASCII characters, got '" + kind + "'");
        }
    }

    /** @return a stable 64-bit FNV-1a hash of kind and descriptor: the same in every JVM and run */
    public long fingerprint() {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : (kind + ':' + descriptor).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash;
    }

    int kindCode() {
        byte[] ascii = kind.getBytes(StandardCharsets.US_ASCII);
        return (ascii[0] & 0xff) | (ascii[1] & 0xff) << 8 | (ascii[2] & 0xff) << 16 | (ascii[3] & 0xff) << 24;
    }

    static String kindName(int code) {
        byte[] ascii = {(byte) code, (byte) (code >>> 8), (byte) (code >>> 16), (byte) (code >>> 24)};
        return new String(ascii, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return kind + " " + descriptor;
    }
}

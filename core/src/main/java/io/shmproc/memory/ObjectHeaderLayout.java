package io.shmproc.memory;

/**
 * Byte layout of the header every shared object starts with, in the arena heap or at offset 0 of the
 * object's own file. The payload follows at {@link #HEADER_BYTES}, so it is 64-byte aligned.
 *
 * <pre>
 *   0         4         8         12        16                  24                  32
 *   +---------+---------+---------+---------+-------------------+-------------------+
 *   | magic   | version | kind    | initlsd | layout fingerprint| payload bytes     |
 *   | "SHMO"  |         | 4 ASCII |         |                   |                   |
 *   +---------+---------+---------+---------+-------------------+-------------------+
 *   | descr.  | descriptor: UTF-8, up to MAX_DESCRIPTOR_BYTES, e.g. "int64" or           |
 *   | length  | "Point{x:f64@0,y:f64@8}" (shown in errors; the fingerprint is compared)  |
 *   +---------+-------------------------------------------------------------------------+ 128
 * </pre>
 *
 * <p>The creator writes everything but the initialised word, then the payload's initial contents, and
 * publishes initialised = 1 last with release semantics. An attacher waits (bounded) for it with
 * acquire semantics, then checks magic, version, kind and fingerprint before touching the payload.
 */
final class ObjectHeaderLayout {
    /** "SHMO" little-endian. */
    static final int MAGIC = 0x4F4D4853;

    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 4;
    static final long KIND_OFFSET = 8;
    static final long INITIALISED_OFFSET = 12;
    static final long FINGERPRINT_OFFSET = 16;
    static final long PAYLOAD_BYTES_OFFSET = 24;
    static final long DESCRIPTOR_LENGTH_OFFSET = 32;
    static final long DESCRIPTOR_OFFSET = 36;
    static final long HEADER_BYTES = 128;
    static final int MAX_DESCRIPTOR_BYTES = (int) (HEADER_BYTES - DESCRIPTOR_OFFSET);

    private ObjectHeaderLayout() {
    }
}

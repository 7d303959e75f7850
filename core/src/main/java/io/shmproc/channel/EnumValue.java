package io.shmproc.channel;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.agrona.MutableDirectBuffer;

/**
 * An enum constant inside a record: its ordinal as an int32 ({@value MessageReader#NULL_LENGTH} for null).
 * The ordinal is compact and never fails on a renamed constant; the descriptor lists the constants in
 * order, so two ends whose enums differ are told apart when the channel is attached, before an ordinal
 * could be misread.
 */
final class EnumValue extends ValueCodec {
    private final Enum<?>[] constants;
    private final String descriptor;

    EnumValue(Class<?> type) {
        constants = (Enum<?>[]) type.getEnumConstants();
        descriptor = "enum:" + type.getSimpleName()
                + Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    String descriptor() {
        return descriptor;
    }

    @Override
    int minLength() {
        return Integer.BYTES;
    }

    @Override
    long length(Object value) {
        return Integer.BYTES;
    }

    @Override
    int write(Object value, MutableDirectBuffer buffer, int offset) {
        int ordinal = value == null ? MessageReader.NULL_LENGTH : ((Enum<?>) value).ordinal();
        buffer.putInt(offset, ordinal, LITTLE_ENDIAN);
        return offset + Integer.BYTES;
    }

    @Override
    Object read(MessageReader in) {
        int ordinal = in.readInt();
        if (ordinal == MessageReader.NULL_LENGTH) {
            return null;
        }
        if (ordinal < 0 || ordinal >= constants.length) {
            throw in.garbled("ordinal " + ordinal + " is not one of " + descriptor);
        }
        return constants[ordinal];
    }
}

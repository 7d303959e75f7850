package io.shmproc.channel;

import org.agrona.MutableDirectBuffer;

/**
 * UTF-8 written straight into a buffer, with its length known before writing, so a string can be sized,
 * claimed and written without {@code String.getBytes}. Both methods treat text exactly as
 * {@code String.getBytes(UTF_8)} does: a surrogate pair is one 4-byte code point, and a surrogate that is
 * not part of a pair becomes {@code '?'}.
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * @return how many bytes {@link #write} writes for {@code text}: a long, since a string of 2^31 - 1
     *         characters can take three times as many bytes
     */
    static long length(String text) {
        int chars = text.length();
        long bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2;             // two chars, four bytes
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }                           // an unpaired surrogate is one '?'
        }
        return bytes;
    }

    /**
     * Writes {@code text} at {@code offset}; the buffer must have room for {@link #length} bytes there (or
     * be expandable).
     *
     * @return the number of bytes written
     */
    static int write(String text, MutableDirectBuffer buffer, int offset) {
        int chars = text.length();
        int at = offset;
        int i = 0;
        while (i < chars) {
            // Runs of ASCII go through one bounds check in the buffer rather than one per byte.
            int asciiEnd = i;
            while (asciiEnd < chars && text.charAt(asciiEnd) < 0x80) {
                asciiEnd++;
            }
            if (asciiEnd > i) {
                at += buffer.putStringWithoutLengthAscii(at, text, i, asciiEnd - i);
                i = asciiEnd;
                if (i == chars) {
                    break;
                }
            }
            char c = text.charAt(i++);
            if (c < 0x800) {
                buffer.putByte(at++, (byte) (0xC0 | c >> 6));
                buffer.putByte(at++, continuation(c));
            } else if (Character.isHighSurrogate(c) && i < chars && Character.isLowSurrogate(text.charAt(i))) {
                int codePoint = Character.toCodePoint(c, text.charAt(i++));
                buffer.putByte(at++, (byte) (0xF0 | codePoint >> 18));
                buffer.putByte(at++, continuation(codePoint >> 12));
                buffer.putByte(at++, continuation(codePoint >> 6));
                buffer.putByte(at++, continuation(codePoint));
            } else if (Character.isSurrogate(c)) {
                buffer.putByte(at++, (byte) '?');
            } else {
                buffer.putByte(at++, (byte) (0xE0 | c >> 12));
                buffer.putByte(at++, continuation(c >> 6));
                buffer.putByte(at++, continuation(c));
            }
        }
        return at - offset;
    }

    /** @return a continuation byte carrying the low six bits of {@code bits} */
    private static byte continuation(int bits) {
        return (byte) (0x80 | bits & 0x3F);
    }
}

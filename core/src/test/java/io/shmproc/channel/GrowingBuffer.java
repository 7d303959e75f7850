package io.shmproc.channel;

import io.shmproc.memory.SegmentBuffer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An expandable buffer for the tests of codecs of unknown length: a {@link SegmentBuffer} that is
 * replaced by one twice as large whenever a write would pass its end, as Agrona's expandable buffers
 * grow (those need {@code --add-exports}, which the tests run without). Only the writes codecs make are
 * supported.
 */
final class GrowingBuffer {
    private SegmentBuffer buffer;

    private GrowingBuffer(int capacity) {
        buffer = SegmentBuffer.allocate(capacity);
    }

    /** @return an expandable buffer of {@code capacity} bytes at first */
    static MutableDirectBuffer of(int capacity) {
        GrowingBuffer growing = new GrowingBuffer(capacity);
        return (MutableDirectBuffer) Proxy.newProxyInstance(GrowingBuffer.class.getClassLoader(),
                new Class<?>[] {MutableDirectBuffer.class}, (proxy, method, args) -> growing.invoke(method, args));
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "isExpandable" -> {
                return true;
            }
            case "toString" -> {
                return "GrowingBuffer{capacity=" + buffer.capacity() + "}";
            }
            default -> {
                if (method.getName().startsWith("put") || method.getName().equals("setMemory")) {
                    ensure((int) args[0], bytesWritten(method, args));
                }
                try {
                    return method.invoke(buffer, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
    }

    private static int bytesWritten(Method method, Object[] args) {
        Class<?>[] parameters = method.getParameterTypes();
        return switch (method.getName()) {
            case "putByte" -> 1;
            case "putShort", "putChar" -> 2;
            case "putInt", "putFloat" -> 4;
            case "putLong", "putDouble" -> 8;
            case "setMemory" -> (int) args[1];
            case "putBytes" -> parameters.length == 2 ? ((byte[]) args[1]).length : (int) args[parameters.length - 1];
            case "putStringWithoutLengthAscii" -> parameters.length == 4 ? (int) args[3] : ((CharSequence) args[1]).length();
            default -> throw new UnsupportedOperationException("GrowingBuffer does not grow for " + method);
        };
    }

    private void ensure(int index, int length) {
        if (index >= 0 && (long) index + length > buffer.capacity()) {
            SegmentBuffer grown = SegmentBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, 2L * (index + length)));
            grown.putBytes(0, (DirectBuffer) buffer, 0, buffer.capacity());
            buffer = grown;
        }
    }
}

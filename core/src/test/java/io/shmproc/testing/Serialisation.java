package io.shmproc.testing;

import io.shmproc.memory.SharedReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialisation to bytes and back, reading through {@link SharedReference#filter}: so every round
 * trip also checks that the published allow-list admits what the stream holds, and nothing else.
 */
public final class Serialisation {
    private Serialisation() {
    }

    /** @return {@code object} serialised */
    public static byte[] write(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /** @return what {@code bytes} holds, read with a filter admitting shared references and {@code alsoAllowed} */
    public static Object read(byte[] bytes, Class<?>... alsoAllowed) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(SharedReference.filter(alsoAllowed));
            return in.readObject();
        }
    }

    /** @return a copy of {@code object}, written and read back */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T object, Class<?>... alsoAllowed) {
        try {
            return (T) read(write(object), alsoAllowed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}

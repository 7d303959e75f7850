package io.shmproc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/** Unique namespace names and a private root directory per test run, so tests never meet each other. */
public final class TestNamespaces {
    private TestNamespaces() {
    }

    /** @return a fresh namespace name, unique across runs */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return every path under {@code dir} (empty if it does not exist) */
    public static java.util.List<Path> contents(Path dir) {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

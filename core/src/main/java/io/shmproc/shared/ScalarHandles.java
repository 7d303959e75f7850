package io.shmproc.shared;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One aligned, native-order {@link VarHandle} per primitive width over {@code (MemorySegment, long)}.
 * Held {@code static final} so the JIT treats them as constants; always called with {@code long}
 * offsets, because an {@code int} offset no longer matches the handle's exact type and runs 5-10x slower.
 */
final class ScalarHandles {
    static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    static final VarHandle CHAR = ValueLayout.JAVA_CHAR.varHandle();
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final VarHandle FLOAT = ValueLayout.JAVA_FLOAT.varHandle();
    static final VarHandle DOUBLE = ValueLayout.JAVA_DOUBLE.varHandle();

    private ScalarHandles() {
    }
}

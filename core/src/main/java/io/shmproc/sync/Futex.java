package io.shmproc.sync;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * The Linux {@code futex(2)} system call through an FFM downcall: sleep while a shared 32-bit word
 * holds an expected value, and wake sleepers on it. Shared (not {@code FUTEX_PRIVATE_FLAG}) because the
 * word lives in a file mapped by several processes; the kernel keys a shared futex by the page's
 * inode and offset, so every process finds the same wait queue.
 *
 * <p>Used only when {@link #isAvailable()}: on Linux x86-64 or AArch64 and with native access enabled
 * for shmproc ({@code --enable-native-access=ALL-UNNAMED} on the class path, or the jar manifest's
 * {@code Enable-Native-Access}); elsewhere {@link ParkWait} stands in, so no flag is ever required.
 */
final class Futex {
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final long SYSCALL_NUMBER = syscallNumber();
    /** {@code futex_waitv(2)}, Linux 5.16 and later: the same number on x86-64 and AArch64. */
    private static final long FUTEX_WAITV = 449;
    /** {@code FUTEX2_SIZE_U32}, without {@code FUTEX2_PRIVATE}: 32-bit words shared between processes. */
    private static final int FUTEX2_SIZE_U32 = 0x02;
    private static final int CLOCK_MONOTONIC = 1;
    /** Bytes of one {@code struct futex_waitv}: u64 val, u64 uaddr, u32 flags, u32 reserved. */
    private static final int WAITV_BYTES = 24;
    /** Most words one {@link #awaitAny} watches ({@code FUTEX_WAITV_MAX}). */
    static final int MAX_WAITV = 128;
    private static final ThreadLocal<MemorySegment> WAITERS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) MAX_WAITV * WAITV_BYTES, 8));
    private static final MethodHandle SYSCALL = syscall();
    private static final boolean WAITV = SYSCALL != null && kernelAtLeast(5, 16);
    /** One {@code struct timespec} per thread: waits are the slow path, but still allocate nothing. */
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    private Futex() {
    }

    /** @return whether the futex system call can be used in this JVM */
    static boolean isAvailable() {
        return SYSCALL != null;
    }

    /**
     * Sleeps while the int at {@code address} is {@code expected}, for at most {@code nanos}; returns at
     * once if it differs. May return early (a wake, a signal, a spurious wake-up): callers re-check.
     */
    static void await(MemorySegment memory, long offset, int expected, long nanos) {
        MemorySegment timespec = TIMESPEC.get();
        timespec.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        timespec.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        call(memory.address() + offset, FUTEX_WAIT, expected & 0xFFFF_FFFFL, timespec.address());
    }

    /** @return whether {@link #awaitAny} can sleep on several words at once here */
    static boolean canAwaitAny() {
        return WAITV;
    }

    /**
     * Sleeps while every int {@code offsets[i]} of {@code memories[i]} (i below {@code count}) holds
     * {@code expected[i]}, for at most {@code nanos}: a wake on any of them, or any of them differing,
     * ends the sleep. Needs {@link #canAwaitAny()}. May return early: callers re-check.
     */
    static void awaitAny(MemorySegment[] memories, long[] offsets, int[] expected, int count, long nanos) {
        if (count > MAX_WAITV) {
            throw new IllegalArgumentException("at most " + MAX_WAITV + " words can be waited on at once, got " + count);
        }
        MemorySegment waiters = WAITERS.get();
        for (int i = 0; i < count; i++) {
            long at = (long) i * WAITV_BYTES;
            waiters.set(ValueLayout.JAVA_LONG, at, expected[i] & 0xFFFF_FFFFL);
            waiters.set(ValueLayout.JAVA_LONG, at + 8, memories[i].address() + offsets[i]);
            waiters.set(ValueLayout.JAVA_INT, at + 16, FUTEX2_SIZE_U32);
            waiters.set(ValueLayout.JAVA_INT, at + 20, 0);
        }
        // futex_waitv takes an absolute time on the given clock; System.nanoTime() is CLOCK_MONOTONIC on Linux
        long until = System.nanoTime() + nanos;
        MemorySegment timespec = TIMESPEC.get();
        timespec.set(ValueLayout.JAVA_LONG, 0, until / 1_000_000_000L);
        timespec.set(ValueLayout.JAVA_LONG, 8, until % 1_000_000_000L);
        try {
            long ignored = (long) SYSCALL.invokeExact(FUTEX_WAITV, waiters.address(), (long) count, 0L, timespec.address(),
                    (long) CLOCK_MONOTONIC, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("futex_waitv system call failed", e);
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int haveMajor = Integer.parseInt(parts[0]);
            int haveMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return haveMajor > major || haveMajor == major && haveMinor >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Wakes at most {@code count} processes or threads sleeping on the int at {@code address}. */
    static void wake(MemorySegment memory, long offset, int count) {
        call(memory.address() + offset, FUTEX_WAKE, count, 0);
    }

    private static void call(long address, long op, long value, long timeout) {
        try {
            long ignored = (long) SYSCALL.invokeExact(SYSCALL_NUMBER, address, op, value, timeout, 0L, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("futex system call failed", e);
        }
    }

    private static long syscallNumber() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "arm64" -> 98;
            default -> -1;
        };
    }

    /** @return {@code long syscall(long, ...)} with six long arguments, or null where it must not be used */
    @SuppressWarnings("restricted") // reached only when native access is enabled: checked first
    private static MethodHandle syscall() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        boolean allowed = Futex.class.getModule().isNativeAccessEnabled();
        String forced = System.getProperty(WaitStrategy.PROPERTY, "");
        if (!linux || syscallNumber() < 0 || !allowed || forced.equals("park")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment symbol = linker.defaultLookup().find("syscall").orElse(null);
            if (symbol == null) {
                return null;
            }
            // syscall(2) is variadic; every argument is passed as a long so no register keeps stale upper bits.
            return linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}

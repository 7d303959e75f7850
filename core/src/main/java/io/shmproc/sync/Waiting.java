package io.shmproc.sync;

/**
 * Which mechanism this JVM's blocking waits use, for diagnostics.
 *
 * <pre>{@code
 * System.out.println(Waiting.strategy());   // "futex", or "park" without native access
 * }</pre>
 *
 * {@code "futex"}: the Linux futex system call, chosen on Linux when native access is enabled for
 * shmproc ({@code --enable-native-access=ALL-UNNAMED}, or {@code Enable-Native-Access: ALL-UNNAMED} in
 * an executable jar's manifest). {@code "park"}: the portable fallback, a backing-off park, used
 * otherwise or with {@code -Dshmproc.wait=park}. Processes using different strategies work together
 * correctly; a futex sleeper woken by a parking process notices within its 10 ms slice. A parking
 * waiter sees a change within 10 ms, or within 40 ms once it has waited for over a second: fewer
 * wake-ups keep an idle waiter under 1% of a core.
 */
public final class Waiting {
    private Waiting() {
    }

    /** @return {@code "futex"} or {@code "park"} */
    public static String strategy() {
        return WaitStrategy.DEFAULT.name();
    }
}

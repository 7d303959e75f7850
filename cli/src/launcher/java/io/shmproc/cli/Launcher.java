package io.shmproc.cli;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that any {@code java} can load it: started by a JVM
 * older than the library needs, it says so in one line (which {@code java} it was, and what to run
 * instead) rather than letting the JVM fail with a class-version error; otherwise it hands over to
 * {@link Main}.
 *
 * <pre>
 * $ java -jar cli/target/shmproc-cli.jar ls        # java 17 on the PATH
 * shmproc-cli needs Java 25 or later; this is Java 17.0.15 in /usr/lib/jvm/java-17-openjdk-amd64: ...
 * </pre>
 */
public final class Launcher {
    static final int REQUIRED_FEATURE = 25;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = feature(System.getProperty("java.specification.version", "0"));
        if (feature < REQUIRED_FEATURE) {
            System.err.println("shmproc-cli needs Java " + REQUIRED_FEATURE + " or later; this is Java "
                    + System.getProperty("java.version") + " in " + System.getProperty("java.home")
                    + ": run the jar with a JDK " + REQUIRED_FEATURE + "'s java (for example "
                    + "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar shmproc-cli.jar ...)");
            System.exit(1);
        }
        try {
            Class.forName("io.shmproc.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** @return 8 for "1.8", 25 for "25" */
    static int feature(String specificationVersion) {
        String major = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = major.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? major : major.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package io.shmproc.cli;

/**
 * The inspector's exit codes, for scripts. A command that meets a damaged or foreign file does all it
 * can with the rest, says so on stderr, and exits with {@link #DAMAGED}.
 *
 * <pre>{@code
 * java -jar shmproc-cli.jar rm work || [ $? -eq 5 ] && echo "still in use"
 * }</pre>
 */
public final class ExitCode {
    /** 0: done. */
    public static final int OK = 0;
    /** 1: an input/output or other unexpected failure (the message says which). */
    public static final int FAILED = 1;
    /** 2: bad command line: unknown command or option, missing argument, invalid name. */
    public static final int USAGE = 2;
    /** 3: no such namespace or object. */
    public static final int NOT_FOUND = 3;
    /** 4: a file that is not a shmproc object, or one that is truncated, damaged or of another format version. */
    public static final int DAMAGED = 4;
    /** 5: refused because live processes are attached (rm without --force). */
    public static final int IN_USE = 5;

    private ExitCode() {
    }
}

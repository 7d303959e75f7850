package io.shmproc.cli;

/**
 * A failure the inspector reports as one line on stderr, with its exit code (see {@link ExitCode}).
 *
 * <pre>{@code
 * throw new CliException(ExitCode.USAGE, "unknown option '--jsn': run `help` for the options");
 * }</pre>
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

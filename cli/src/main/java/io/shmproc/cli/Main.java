package io.shmproc.cli;

import java.io.PrintStream;

/**
 * The command-line inspector of shmproc namespaces:
 * {@code java -jar cli/target/shmproc-cli.jar <command> [--dir PATH] [--json]}.
 *
 * <p>It lists namespaces and their objects ({@code ls}), shows one object's state ({@code inspect}),
 * the processes attached ({@code ps}), and removes what crashed programs left ({@code gc}, {@code rm}).
 * Looking takes no process slot and changes nothing (see {@link io.shmproc.memory.NamespaceView}).
 * Errors are one line on stderr and an exit code from {@link ExitCode}, never a stack trace.
 *
 * <pre>{@code
 * int code = Main.run(new String[] {"ls", "--json"}, System.out, System.err);
 * }</pre>
 */
public final class Main {
    static final String HELP = """
            shmproc inspector: look at and clean up shmproc namespaces.

            usage: java -jar shmproc-cli.jar <command> [--dir PATH] [--json]

            commands:
              ls [NAMESPACE]                  namespaces, their processes (attached, alive) and objects
                                              (name, kind, descriptor, bytes)
              inspect NAMESPACE/NAME          one object's state: queue depth, lock owner, value, ...
              inspect NAMESPACE               one namespace's capacities and counts
              ps [NAMESPACE]                  processes attached: slot, pid, generation, attached, alive
              gc [--dry-run]                  remove namespaces whose processes are all dead (unless they
                                              keep objects) and run directories of JVMs that are gone
              rm NAMESPACE[/NAME] [--force]   remove a namespace or one object; refused while live
                                              processes are attached, unless --force
              help                            this text
              --version                       the inspector's version

            options:
              --dir PATH   the directory holding the namespaces (default: -Dshmproc.dir, else
                           /dev/shm/shmproc-USER, else TMPDIR/shmproc-USER)
              --json       one line of JSON on stdout instead of text, for scripts

            exit codes:
              0 done   1 failed (I/O)   2 bad command line or name   3 no such namespace or object
              4 a foreign, truncated or damaged file (reported, the rest still done)
              5 refused: live processes attached (rm without --force)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command, printing to {@code out} and {@code err}. @return its exit code */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation run = null;
        try {
            run = new Invocation(Arguments.parse(args), out, err);
            switch (run.args.command) {
                case "ls" -> LsCommand.run(run);
                case "inspect" -> InspectCommand.run(run);
                case "ps" -> PsCommand.run(run);
                case "gc" -> GcCommand.run(run);
                case "rm" -> RmCommand.run(run);
                case "help" -> out.print(HELP);
                case "version" -> out.println("shmproc-cli " + version());
                default -> throw new CliException(ExitCode.USAGE, "unknown command '" + run.args.command
                        + "': use ls, inspect, ps, gc, rm or help");
            }
            out.flush();
            return run.exitCode();
        } catch (StackOverflowError | OutOfMemoryError e) {
            err.println("shmproc: " + e);
            return ExitCode.FAILED;
        } catch (RuntimeException e) {
            err.println("shmproc: " + Invocation.message(e));
            err.flush();
            int code = Invocation.exitCodeOf(e);
            return run == null ? code : Math.max(code, run.exitCode());
        }
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}

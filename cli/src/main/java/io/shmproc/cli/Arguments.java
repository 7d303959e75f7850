package io.shmproc.cli;

import io.shmproc.memory.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed command line: the command, its operands, and the options, which may come anywhere.
 *
 * <pre>{@code
 * Arguments a = Arguments.parse("inspect", "work/jobs", "--json");   // command "inspect", operand "work/jobs"
 * }</pre>
 */
final class Arguments {
    private static final Set<String> FLAGS = Set.of("--json", "--dry-run", "--force", "--help", "-h", "--version");

    final String command;
    final List<String> operands;
    final Path root;
    final boolean json;
    final boolean dryRun;
    final boolean force;

    private Arguments(String command, List<String> operands, Path root, boolean json, boolean dryRun, boolean force) {
        this.command = command;
        this.operands = List.copyOf(operands);
        this.root = root;
        this.json = json;
        this.dryRun = dryRun;
        this.force = force;
    }

    /** @throws CliException with {@link ExitCode#USAGE} for an unknown option or a missing value */
    static Arguments parse(String... args) {
        String command = null;
        List<String> operands = new ArrayList<>();
        Path root = null;
        boolean json = false;
        boolean dryRun = false;
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--dir") || arg.startsWith("--dir=")) {
                String value = arg.equals("--dir") ? (i + 1 < args.length ? args[++i] : null) : arg.substring(6);
                if (value == null || value.isBlank()) {
                    throw new CliException(ExitCode.USAGE, "--dir needs a directory: --dir PATH");
                }
                root = Path.of(value);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                if (!FLAGS.contains(arg)) {
                    throw new CliException(ExitCode.USAGE, "unknown option '" + arg + "': run `help` for the options");
                }
                switch (arg) {
                    case "--json" -> json = true;
                    case "--dry-run" -> dryRun = true;
                    case "--force" -> force = true;
                    case "--version" -> command = command == null ? "version" : command;
                    default -> command = "help";
                }
            } else if (command == null) {
                command = arg;
            } else {
                operands.add(arg);
            }
        }
        return new Arguments(command == null ? "help" : command, operands,
                root == null ? Namespace.defaultRoot() : root, json, dryRun, force);
    }

    /** @return the single optional operand, or null */
    String optionalOperand(String usage) {
        if (operands.size() > 1) {
            throw new CliException(ExitCode.USAGE, command + " takes at most one operand, got " + operands.size()
                    + ": " + usage);
        }
        return operands.isEmpty() ? null : operands.getFirst();
    }

    /** @return the single required operand */
    String requiredOperand(String usage) {
        if (operands.size() != 1) {
            throw new CliException(ExitCode.USAGE, command + " takes exactly one operand, got " + operands.size()
                    + ": " + usage);
        }
        return operands.getFirst();
    }

    /** Refuses options the command does not take, so that a typo is not silently ignored. */
    void allow(boolean dryRunAllowed, boolean forceAllowed) {
        if (dryRun && !dryRunAllowed) {
            throw new CliException(ExitCode.USAGE, "--dry-run is an option of `gc` only, not of `" + command + "`");
        }
        if (force && !forceAllowed) {
            throw new CliException(ExitCode.USAGE, "--force is an option of `rm` only, not of `" + command + "`");
        }
    }
}

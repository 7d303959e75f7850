package io.shmproc.cli;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.NamespaceInUseException;
import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectNotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a command: its arguments, where its output goes, and the exit code it has earned so far.
 * Problems that do not stop the command (a foreign directory among the namespaces) are reported on
 * stderr as they are met, and raise the exit code.
 *
 * <pre>{@code
 * Invocation run = new Invocation(Arguments.parse("ls"), System.out, System.err);
 * run.eachNamespace(null, view -> ...);
 * }</pre>
 */
final class Invocation {
    final Arguments args;
    private final PrintStream out;
    private final PrintStream err;
    private int exitCode = ExitCode.OK;

    Invocation(Arguments args, PrintStream out, PrintStream err) {
        this.args = args;
        this.out = out;
        this.err = err;
    }

    /** Prints a result: JSON on one line, or the human text as it is. */
    void print(Object json, CharSequence human) {
        if (args.json) {
            out.println(Json.write(json));
        } else {
            out.print(human);
        }
        out.flush();
    }

    /** Reports a problem that does not stop the command, and remembers its exit code. */
    void warn(int code, String message) {
        err.println("shmproc: " + message);
        err.flush();
        exitCode = Math.max(exitCode, code);
    }

    int exitCode() {
        return exitCode;
    }

    /**
     * Calls {@code action} with a view of namespace {@code name}, or of every namespace under the root
     * when {@code name} is null. With one name, a failure is the command's; with all, it is reported and
     * the others are still visited.
     *
     * @return the names visited
     */
    List<String> eachNamespace(String name, Consumer<NamespaceView> action) {
        List<String> names = name == null ? NamespaceView.namespaces(args.root) : List.of(name);
        List<String> visited = new ArrayList<>();
        for (String n : names) {
            if (name == null) {
                try (NamespaceView view = NamespaceView.open(args.root, n)) {
                    action.accept(view);
                    visited.add(n);
                } catch (ObjectNotFoundException goneMeanwhile) {
                    // its last process closed it between the listing and the look: nothing to show
                } catch (RuntimeException e) {
                    warn(exitCodeOf(e), message(e));
                }
            } else {
                try (NamespaceView view = NamespaceView.open(args.root, n)) {
                    action.accept(view);
                    visited.add(n);
                }
            }
        }
        return visited;
    }

    static int exitCodeOf(Throwable e) {
        return switch (e) {
            case CliException c -> c.exitCode();
            case IllegalArgumentException ignored -> ExitCode.USAGE;
            case ObjectNotFoundException ignored -> ExitCode.NOT_FOUND;
            case IncompatibleObjectException ignored -> ExitCode.DAMAGED;
            case NamespaceInUseException ignored -> ExitCode.IN_USE;
            default -> ExitCode.FAILED;
        };
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CliException || e instanceof IllegalArgumentException || e instanceof io.shmproc.memory.ShmException) {
            return message;
        }
        return (message == null ? e.getClass().getSimpleName() : message) + " (" + e.getClass().getSimpleName() + ")";
    }

    /** @return camelCase {@code key} as words, for people: "ownerPid" becomes "owner pid" */
    static String words(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}

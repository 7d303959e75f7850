package io.shmproc.cli;

import io.shmproc.memory.NamespaceInUseException;
import io.shmproc.memory.NamespaceRemoval;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code rm NAMESPACE[/NAME] [--force]}: deletes a namespace with all its objects (kept ones too), or
 * unlinks one object. Refused, with {@link ExitCode#IN_USE}, while a live process is attached, unless
 * {@code --force}: the processes then keep what they have mapped, but lose the namespace.
 *
 * <pre>{@code
 * removed namespace scratch: 4195456 bytes
 * }</pre>
 */
final class RmCommand {
    static final String USAGE = "rm NAMESPACE[/NAME] [--force]";

    private RmCommand() {
    }

    static void run(Invocation run) {
        run.args.allow(false, true);
        ObjectPath path = ObjectPath.parse(run.args.requiredOperand(USAGE));
        long bytes;
        try {
            bytes = path.object() == null
                    ? NamespaceRemoval.delete(run.args.root, path.namespace(), run.args.force)
                    : NamespaceRemoval.unlink(run.args.root, path.namespace(), path.object(), run.args.force);
        } catch (NamespaceInUseException e) {
            throw new CliException(ExitCode.IN_USE, e.getMessage() + " (rm --force)");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("removed", path.object() == null ? "namespace" : "object");
        json.put("namespace", path.namespace());
        json.put("name", path.object());
        json.put("bytes", bytes);
        json.put("forced", run.args.force);
        String what = path.object() == null ? "namespace " + path.namespace() : "object " + path.namespace() + "/" + path.object();
        run.print(json, "removed " + what + ": " + bytes + " bytes\n");
    }
}

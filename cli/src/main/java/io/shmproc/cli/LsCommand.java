package io.shmproc.cli;

import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectInfo;
import io.shmproc.memory.ProcessInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ls [NAMESPACE]}: namespaces with their processes and objects (name, kind, descriptor, bytes).
 * Objects whose header cannot be trusted, and files that are no object of the namespace, are listed and
 * reported on stderr.
 *
 * <pre>{@code
 * work  2 processes attached, 1 alive; 3 objects; 4195456 bytes; /dev/shm/shmproc-alice/work
 *   NAME   KIND   DESCRIPTOR      BYTES
 *   jobs   queue  queue/3<string>  1049728
 * }</pre>
 */
final class LsCommand {
    static final String USAGE = "ls [NAMESPACE]";

    private LsCommand() {
    }

    static void run(Invocation run) {
        run.args.allow(false, false);
        String only = run.args.optionalOperand(USAGE);
        List<Object> namespaces = new ArrayList<>();
        StringBuilder human = new StringBuilder();
        run.eachNamespace(only, view -> {
            namespaces.add(describe(view));
            long alive = view.processes().stream().filter(ProcessInfo::alive).count();
            human.append(view.name()).append("  ").append(view.processes().size()).append(" process")
                    .append(view.processes().size() == 1 ? "" : "es").append(" attached, ").append(alive)
                    .append(" alive; ").append(view.objects().size()).append(" object")
                    .append(view.objects().size() == 1 ? "" : "s").append("; ").append(view.bytes())
                    .append(" bytes; ").append(view.directory()).append('\n');
            Table table = new Table("NAME", "KIND", "DESCRIPTOR", "BYTES");
            for (ObjectInfo o : view.objects()) {
                table.row(o.name(), Kinds.name(o), o.descriptor(), o.bytes());
                if (!o.isReadable()) {
                    run.warn(ExitCode.DAMAGED, "object '" + o.name() + "' in namespace '" + view.name() + "' " + o.problem());
                }
            }
            if (!table.isEmpty()) {
                table.print(human, "  ");
            }
            for (Path stray : view.strayFiles()) {
                run.warn(ExitCode.DAMAGED, stray + " is not an object of namespace '" + view.name()
                        + "': a file another program put there, or one left by a process that died creating an object;"
                        + " move it away (the namespace's next reclaim deletes the latter)");
            }
        });
        if (namespaces.isEmpty() && only == null) {
            human.append("no namespaces in ").append(run.args.root).append('\n');
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("root", run.args.root.toString());
        json.put("namespaces", namespaces);
        run.print(json, human);
    }

    static Map<String, Object> describe(NamespaceView view) {
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("name", view.name());
        ns.put("directory", view.directory().toString());
        ns.put("bytes", view.bytes());
        Map<String, Object> processes = new LinkedHashMap<>();
        processes.put("attached", view.processes().size());
        processes.put("alive", view.processes().stream().filter(ProcessInfo::alive).count());
        ns.put("processes", processes);
        List<Object> objects = new ArrayList<>();
        for (ObjectInfo o : view.objects()) {
            objects.add(object(o));
        }
        ns.put("objects", objects);
        ns.put("strayFiles", view.strayFiles().stream().map(p -> (Object) p.getFileName().toString()).toList());
        return ns;
    }

    static Map<String, Object> object(ObjectInfo o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("kind", Kinds.name(o));
        m.put("kindCode", o.kind());
        m.put("descriptor", o.descriptor());
        m.put("bytes", o.bytes());
        m.put("payloadBytes", o.payloadBytes());
        m.put("ownFile", o.external());
        m.put("kept", o.kept());
        m.put("initialised", o.initialised());
        m.put("problem", o.problem());
        return m;
    }
}

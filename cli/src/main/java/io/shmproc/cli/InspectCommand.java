package io.shmproc.cli;

import io.shmproc.memory.IncompatibleObjectException;
import io.shmproc.memory.NamespaceView;
import io.shmproc.memory.ObjectInfo;
import io.shmproc.memory.ProcessInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code inspect NAMESPACE/NAME}: one object's header and kind-specific state (a queue's depth and
 * capacity, a lock's owner and whether it lives, a value's contents, ...); {@code inspect NAMESPACE}:
 * the namespace's capacities and counts.
 *
 * <pre>{@code
 * namespace        work
 * name             jobs
 * kind             queue
 * messages         3
 * capacity bytes   1048576
 * }</pre>
 */
final class InspectCommand {
    static final String USAGE = "inspect NAMESPACE/NAME (or NAMESPACE)";

    private InspectCommand() {
    }

    static void run(Invocation run) {
        run.args.allow(false, false);
        ObjectPath path = ObjectPath.parse(run.args.requiredOperand(USAGE));
        run.eachNamespace(path.namespace(), view -> {
            Map<String, Object> facts = path.object() == null ? namespace(view) : object(view, view.object(path.object()));
            run.print(facts, human(facts));
        });
    }

    private static Map<String, Object> namespace(NamespaceView view) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("namespace", view.name());
        facts.put("directory", view.directory().toString());
        facts.put("bytes", view.bytes());
        facts.put("arenaBytes", view.arenaBytes());
        facts.put("objects", view.objects().size());
        facts.put("maxObjects", view.objectCapacity());
        facts.put("processesAttached", view.processes().size());
        facts.put("processesAlive", view.processes().stream().filter(ProcessInfo::alive).count());
        facts.put("maxProcesses", view.processCapacity());
        facts.put("strayFiles", view.strayFiles().stream().map(p -> (Object) p.getFileName().toString()).toList());
        return facts;
    }

    private static Map<String, Object> object(NamespaceView view, ObjectInfo o) {
        if (!o.isReadable()) {
            throw new IncompatibleObjectException("object '" + o.name() + "' in namespace '" + view.name() + "' " + o.problem());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("namespace", view.name());
        facts.put("name", o.name());
        facts.put("kind", Kinds.name(o));
        facts.put("kindCode", o.kind());
        facts.put("descriptor", o.descriptor());
        facts.put("bytes", o.bytes());
        facts.put("payloadBytes", o.payloadBytes());
        facts.put("ownFile", o.external());
        facts.put("kept", o.kept());
        facts.put("initialised", o.initialised());
        Optional<ProcessInfo> creator = view.process(o.creator().slot()).filter(p -> p.id().equals(o.creator()));
        facts.put("creatorSlot", o.creator().slot());
        facts.put("creatorPid", creator.map(ProcessInfo::pid).orElse(null));
        facts.put("creatorAlive", view.isAlive(o.creator()));
        facts.put("state", o.initialised() ? Kinds.describe(o, view.payload(o), view) : Map.of());
        return facts;
    }

    /** Aligned "key  value" lines; the nested state's facts follow as lines of their own. */
    private static String human(Map<String, Object> facts) {
        Map<String, Object> flat = new LinkedHashMap<>();
        facts.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                nested.forEach((k, v) -> flat.put(String.valueOf(k), v));
            } else {
                flat.put(key, value);
            }
        });
        int width = flat.keySet().stream().mapToInt(k -> Invocation.words(k).length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        flat.forEach((key, value) -> {
            String label = Invocation.words(key);
            out.append(label).append(" ".repeat(width - label.length())).append("  ").append(text(value)).append('\n');
        });
        return out.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.toString();
        }
        return value.toString().replaceAll("\\p{Cntrl}", "?");
    }
}

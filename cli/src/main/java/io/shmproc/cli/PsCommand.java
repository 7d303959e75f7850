package io.shmproc.cli;

import io.shmproc.memory.ProcessInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ps [NAMESPACE]}: the processes attached to each namespace: process-table slot, pid, the slot's
 * generation (how many times it was taken), when it attached, and whether it is alive now (it holds its
 * slot's file lock). A dead one left the namespace or died; the pid is as recorded, and may be reused.
 *
 * <pre>{@code
 * work
 *   SLOT   PID  GENERATION  ATTACHED                  STATE
 *      0  4242           1  2026-12-02T06:50:01.123Z  alive
 * }</pre>
 */
final class PsCommand {
    static final String USAGE = "ps [NAMESPACE]";

    private PsCommand() {
    }

    static void run(Invocation run) {
        run.args.allow(false, false);
        String only = run.args.optionalOperand(USAGE);
        List<Object> namespaces = new ArrayList<>();
        StringBuilder human = new StringBuilder();
        run.eachNamespace(only, view -> {
            List<Object> processes = new ArrayList<>();
            Table table = new Table("SLOT", "PID", "GENERATION", "ATTACHED", "STATE");
            for (ProcessInfo p : view.processes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("slot", p.id().slot());
                m.put("pid", p.pid());
                m.put("generation", p.id().generation());
                m.put("attached", p.attached().toString());
                m.put("alive", p.alive());
                processes.add(m);
                table.row(p.id().slot(), p.pid(), p.id().generation(), p.attached().toString(), p.alive() ? "alive" : "dead");
            }
            Map<String, Object> ns = new LinkedHashMap<>();
            ns.put("name", view.name());
            ns.put("processes", processes);
            namespaces.add(ns);
            human.append(view.name()).append('\n');
            if (table.isEmpty()) {
                human.append("  no process ever attached\n");
            } else {
                table.print(human, "  ");
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
}

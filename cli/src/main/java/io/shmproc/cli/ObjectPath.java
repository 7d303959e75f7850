package io.shmproc.cli;

import io.shmproc.memory.NamespaceView;

/**
 * A {@code NAMESPACE[/NAME]} operand. Names cannot contain '/', so the first one separates them.
 *
 * <pre>{@code
 * ObjectPath p = ObjectPath.parse("work/jobs");   // namespace "work", object "jobs"
 * }</pre>
 *
 * @param namespace the namespace's name
 * @param object    the object's name, or null when only a namespace was given
 */
record ObjectPath(String namespace, String object) {
    /** Checks both names, so that a bad object name is refused before the namespace is looked for. */
    ObjectPath {
        NamespaceView.checkNames(namespace, object);
    }

    static ObjectPath parse(String operand) {
        int slash = operand.indexOf('/');
        if (slash < 0) {
            return new ObjectPath(operand, null);
        }
        String object = operand.substring(slash + 1);
        if (slash == 0 || object.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "'" + operand + "' is not NAMESPACE/NAME: give both names, as in work/jobs");
        }
        return new ObjectPath(operand.substring(0, slash), object);
    }
}

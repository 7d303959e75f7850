package io.shmproc.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: this JVM's {@code java} binary, class path and module path, the
 * options of this JVM that shape how code runs (heap, stack, system properties, native access, exports,
 * assertions, GC), and never those that attach tools to it (debugger, agents, flight recorder) or that
 * would make the child write or read this JVM's class-data archives. It then adds the options of the
 * children's own start-up cache ({@link StartupCache}) when that applies.
 *
 * <pre>{@code
 * List<String> command = ChildCommand.forThisJvm(List.of("-Xmx64m"));
 * }</pre>
 */
final class ChildCommand {
    static final String CHILD_MAIN = "io.shmproc.process.ChildMain";

    /** Options that would attach a tool to the child or tie it to this JVM's archives. */
    private static final List<String> NEVER_INHERITED_PREFIXES = List.of(
            "-agentlib:", "-agentpath:", "-javaagent:", "-Xdebug", "-Xrunjdwp", "-Xnoagent",
            "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-XX:+FlightRecorder",
            "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive",
            "-XX:AOTCache", "-XX:AOTCacheOutput", "-XX:AOTConfiguration", "-XX:AOTMode",
            "-XX:+StartAttachListener", "-Djdk.attach", "-Dsun.java.command", "-Djava.class.path",
            "-Djdk.module.path", "-Djdk.module.main");

    private static volatile List<String> inherited;

    private ChildCommand() {
    }

    /**
     * @param extraOptions options for this child only, after the inherited ones (so they win)
     * @return the whole command, ending with the child entry point
     */
    static List<String> forThisJvm(List<String> extraOptions, boolean inheritOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        if (inheritOptions) {
            command.addAll(inheritedOptions());
        }
        command.addAll(extraOptions);
        String classPath = System.getProperty("java.class.path", "");
        String modulePath = System.getProperty("jdk.module.path", "");
        // The start-up cache depends on every option before it, and on the class path.
        command.addAll(StartupCache.options(command.get(0), List.copyOf(command.subList(1, command.size())), classPath, modulePath));
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(classPath);
        }
        Module module = ChildCommand.class.getModule();
        if (!modulePath.isEmpty()) {
            command.add("--module-path");
            command.add(modulePath);
            if (module.isNamed()) {
                command.add("-m");
                command.add(module.getName() + "/" + CHILD_MAIN);
                return command;
            }
            command.add("--add-modules");
            command.add("ALL-MODULE-PATH");
        }
        command.add(CHILD_MAIN);
        return command;
    }

    static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java");
    }

    /** @return this JVM's options a child should share; computed once, as it loads the management API */
    static List<String> inheritedOptions() {
        List<String> options = inherited;
        if (options == null) {
            options = select(ManagementFactory.getRuntimeMXBean().getInputArguments());
            inherited = options;
        }
        return options;
    }

    static List<String> select(List<String> arguments) {
        List<String> kept = new ArrayList<>();
        for (String argument : arguments) {
            if (NEVER_INHERITED_PREFIXES.stream().noneMatch(argument::startsWith)) {
                kept.add(argument);
            }
        }
        return List.copyOf(kept);
    }
}

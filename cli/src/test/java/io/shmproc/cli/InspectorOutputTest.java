package io.shmproc.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.shmproc.channel.Codecs;
import io.shmproc.channel.JoinableQueue;
import io.shmproc.channel.Pipe;
import io.shmproc.channel.SharedQueue;
import io.shmproc.collections.SharedList;
import io.shmproc.collections.SharedMap;
import io.shmproc.collections.SharedNamespace;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.ProcessInfo;
import io.shmproc.shared.SharedByteString;
import io.shmproc.shared.SharedDouble;
import io.shmproc.shared.SharedIntArray;
import io.shmproc.shared.SharedLong;
import io.shmproc.shared.SharedStructArray;
import io.shmproc.sync.SharedBarrier;
import io.shmproc.sync.SharedCondition;
import io.shmproc.sync.SharedEvent;
import io.shmproc.sync.SharedLock;
import io.shmproc.sync.SharedRLock;
import io.shmproc.sync.SharedSemaphore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's output, human and JSON, on a namespace holding one object of each kind. */
@Timeout(60)
class InspectorOutputTest {
    /** A C struct for the struct array. */
    record Point(double x, double y) {
    }

    @TempDir
    Path root;

    private Namespace ns;
    private final List<AutoCloseable> objects = new ArrayList<>();
    private SharedLock lock;
    private SharedRLock rlock;

    @BeforeEach
    void everyKind() throws Exception {
        ns = Namespace.builder("zoo").directory(root).open();
        SharedQueue<String> queue = add(SharedQueue.create(ns, "jobs", Codecs.string()));
        queue.put("one");
        queue.put("two");
        queue.put("three");
        JoinableQueue<String> joinable = add(JoinableQueue.create(ns, "tasks", Codecs.string()));
        joinable.put("a");
        joinable.closeForPuts();
        Pipe<String> pipe = add(Pipe.create(ns, "pipe", Codecs.string()));
        pipe.first().send("hello");
        lock = add(SharedLock.create(ns, "lock"));
        lock.lock();
        rlock = add(SharedRLock.create(ns, "rlock"));
        rlock.lock();
        rlock.lock();
        add(SharedSemaphore.createBounded(ns, "sem", 3)).acquire();
        add(SharedEvent.create(ns, "event")).set();
        add(SharedCondition.create(ns, "cond", lock));
        add(SharedBarrier.create(ns, "barrier", 4));
        add(SharedLong.create(ns, "counter", 42));
        add(SharedDouble.create(ns, "ratio", 0.5));
        add(SharedIntArray.create(ns, "xs", new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));
        add(SharedByteString.create(ns, "greeting", "hi \"you\"\n".getBytes(StandardCharsets.ISO_8859_1)));
        add(SharedStructArray.create(ns, "points", Point.class, 3));
        SharedMap<String, Long> map = add(SharedMap.builder(Codecs.string(), Codecs.ofLong()).create(ns, "map"));
        map.put("k", 1L);
        SharedList<String> list = add(SharedList.builder(Codecs.string()).create(ns, "list"));
        list.addAll(List.of("a", "b", "c"));
        SharedNamespace attributes = add(SharedNamespace.create(ns, "attrs"));
        attributes.set("x", 1);
        attributes.set("name", "zoo");
    }

    private <T extends AutoCloseable> T add(T object) {
        objects.add(0, object);
        return object;
    }

    @AfterEach
    void close() throws Exception {
        if (lock != null && lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
        while (rlock != null && rlock.isHeldByCurrentThread()) {
            rlock.unlock();
        }
        for (AutoCloseable o : objects) {
            o.close();
        }
        ns.close();
        assertEquals(List.of(), contents(root), "the inspector left files behind");
    }

    @Test
    void lsListsEveryObjectWithItsKindDescriptorAndSize() {
        CliRun run = CliRun.of(root, "ls");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        List<String> lines = List.of(run.out().split("\n"));
        assertTrue(lines.getFirst().startsWith("zoo  1 process attached, 1 alive; 17 objects; "), lines.getFirst());
        assertTrue(lines.get(1).matches("  NAME +KIND +DESCRIPTOR +BYTES"), lines.get(1));
        Map<String, String> kinds = Map.ofEntries(Map.entry("jobs", "queue"), Map.entry("tasks", "joinable queue"),
                Map.entry("pipe", "pipe"), Map.entry("lock", "lock"), Map.entry("rlock", "rlock"),
                Map.entry("sem", "semaphore"), Map.entry("event", "event"), Map.entry("cond", "condition"),
                Map.entry("barrier", "barrier"), Map.entry("counter", "value"), Map.entry("ratio", "value"),
                Map.entry("xs", "array"), Map.entry("greeting", "byte string"), Map.entry("points", "struct array"),
                Map.entry("map", "map"), Map.entry("list", "list"), Map.entry("attrs", "namespace"));
        int kindColumn = lines.get(1).indexOf("KIND");
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            String line = lines.stream().filter(l -> l.startsWith("  " + e.getKey() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + e.getKey() + " in\n" + run.out()));
            assertTrue(line.startsWith(e.getValue() + " ", kindColumn), "kind column of " + line);
            assertTrue(Character.isDigit(line.charAt(line.length() - 1)), line);
        }
        // Columns are aligned: every object line has its size ending where the longest one's does.
        int end = lines.get(2).length();
        lines.stream().skip(2).forEach(l -> assertEquals(end, l.length(), "right-aligned sizes: " + l));
    }

    @Test
    void lsJsonHasTheSameFacts() {
        CliRun run = CliRun.of(root, "ls", "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, Object> json = run.jsonObject();
        assertEquals(root.toString(), json.get("root"));
        List<?> namespaces = (List<?>) json.get("namespaces");
        assertEquals(1, namespaces.size());
        Map<?, ?> zoo = (Map<?, ?>) namespaces.getFirst();
        assertEquals("zoo", zoo.get("name"));
        assertEquals(Map.of("attached", 1L, "alive", 1L), zoo.get("processes"));
        List<?> objs = (List<?>) zoo.get("objects");
        assertEquals(17, objs.size());
        Map<?, ?> jobs = objs.stream().map(o -> (Map<?, ?>) o).filter(o -> o.get("name").equals("jobs")).findFirst().orElseThrow();
        assertEquals("queue", jobs.get("kind"));
        assertEquals("QUEU", jobs.get("kindCode"));
        assertEquals("queue/3<string-utf8>", jobs.get("descriptor"));
        assertTrue((Long) jobs.get("bytes") > (Long) jobs.get("payloadBytes"));
        assertNull(jobs.get("problem"));
    }

    @Test
    void inspectShowsEachKindsState() {
        assertEquals(3L, state("jobs").get("messages"));
        assertEquals(false, state("jobs").get("closed"));
        assertEquals(1L << 20, state("jobs").get("capacityBytes"));
        assertTrue((Long) state("jobs").get("bytes") >= 3 * 8);
        assertEquals(true, state("tasks").get("closed"));
        assertEquals(1L, state("tasks").get("unfinished"));
        assertEquals(1L, state("pipe").get("toSecondMessages"));
        assertEquals(0L, state("pipe").get("toFirstMessages"));
        long me = ProcessHandle.current().pid();
        Map<String, Object> lockState = state("lock");
        assertEquals(true, lockState.get("held"));
        assertEquals(me, lockState.get("ownerPid"));
        assertEquals(true, lockState.get("ownerAlive"));
        assertEquals(2L, state("rlock").get("holds"));
        assertEquals(2L, state("sem").get("permits"));
        assertEquals(3L, state("sem").get("bound"));
        assertEquals(true, state("event").get("set"));
        assertEquals(4L, state("barrier").get("parties"));
        assertEquals(false, state("barrier").get("broken"));
        assertEquals("42", state("counter").get("value"));
        assertEquals("0.5", state("ratio").get("value"));
        assertEquals(10L, state("xs").get("length"));
        assertEquals(List.of("5", "6", "7", "8", "9", "10", "11", "12"), state("xs").get("first"));
        assertEquals("hi \"you\"\n", state("greeting").get("text"));
        assertEquals(3L, state("points").get("length"));
        assertEquals(1L, state("map").get("entries"));
        assertTrue((Long) state("map").get("maxEntries") > 0);
        assertEquals(0L, state("map").get("repairs"));
        assertEquals(3L, state("list").get("elements"));
        assertTrue((Long) state("list").get("usedBytes") > 0);
        assertEquals(2L, state("attrs").get("attributes"));
        assertTrue(state("cond").containsKey("signals"));
    }

    @Test
    void inspectHumanOutputIsAlignedKeyValueLines() {
        CliRun run = CliRun.of(root, "inspect", "zoo/lock");
        assertEquals(0, run.code(), run.err());
        List<String> lines = List.of(run.out().split("\n"));
        int valueColumn = lines.getFirst().indexOf("zoo");
        for (String line : lines) {
            assertTrue(line.charAt(valueColumn - 1) == ' ' && line.charAt(valueColumn) != ' ', "aligned: " + line);
        }
        assertTrue(lines.contains(pad("kind", valueColumn) + "lock"), run.out());
        assertTrue(lines.contains(pad("owner pid", valueColumn) + ProcessHandle.current().pid()), run.out());
        assertTrue(lines.contains(pad("owner alive", valueColumn) + "true"), run.out());
    }

    @Test
    void inspectingAndListingLeaveNoTrace() throws Exception {
        List<ProcessInfo> before = ns.processes().attached();
        List<Path> files = contents(root);
        for (String[] args : List.of(new String[] {"ls"}, new String[] {"ps"}, new String[] {"inspect", "zoo/jobs"},
                new String[] {"inspect", "zoo"}, new String[] {"gc", "--dry-run"})) {
            assertEquals(0, CliRun.of(root, args).code());
        }
        assertEquals(before, ns.processes().attached(), "the inspector took a process slot");
        assertEquals(files, contents(root));
    }

    @Test
    void psListsTheProcessesAttached() {
        CliRun run = CliRun.of(root, "ps", "zoo", "--json");
        assertEquals(0, run.code(), run.err());
        Map<?, ?> zoo = (Map<?, ?>) ((List<?>) run.jsonObject().get("namespaces")).getFirst();
        List<?> processes = (List<?>) zoo.get("processes");
        assertEquals(1, processes.size());
        Map<?, ?> p = (Map<?, ?>) processes.getFirst();
        assertEquals(ProcessHandle.current().pid(), p.get("pid"));
        assertEquals(true, p.get("alive"));
        assertEquals((long) ns.self().slot(), p.get("slot"));
        CliRun human = CliRun.of(root, "ps");
        assertTrue(human.out().matches("(?s)zoo\n  SLOT +PID +GENERATION +ATTACHED +STATE\n +\\d+ +" + ProcessHandle.current().pid()
                + " +\\d+ +\\S+ +alive\n"), human.out());
    }

    private Map<String, Object> state(String name) {
        CliRun run = CliRun.of(root, "inspect", "zoo/" + name, "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, Object> json = run.jsonObject();
        assertEquals(name, json.get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) json.get("state");
        return state;
    }

    private static String pad(String label, int column) {
        return label + " ".repeat(column - label.length());
    }

    static List<Path> contents(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
    }
}

package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Pool} keeps, written once and run against each implementation (JCTools'
 * way): a process pool and a thread pool must behave alike for every operation.
 */
@Timeout(120)
abstract class PoolContractTest {
    static final long BOUND_SECONDS = 60;

    private final List<Pool> pools = new ArrayList<>();

    /** @return a new pool of {@code size} workers */
    abstract Pool create(int size);

    /** @return a new pool whose workers run {@code initializer} first */
    abstract Pool create(int size, SerializableRunnable initializer);

    Pool pool(int size) {
        Pool pool = create(size);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void terminatePools() throws InterruptedException {
        for (Pool pool : pools) {
            pool.terminate();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS), pool + " did not terminate");
        }
    }

    @Test
    void applyReturnsTheResultAndApplyAsyncCompletesItsFuture() throws Exception {
        Pool pool = pool(2);
        assertEquals(42, pool.apply(() -> 6 * 7));
        CompletableFuture<String> greeting = pool.applyAsync(() -> "hello " + "pool");
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> callback = greeting.thenAccept(seen::add);
        assertEquals("hello pool", greeting.get(BOUND_SECONDS, TimeUnit.SECONDS));
        callback.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("hello pool"), seen);
        assertNull(pool.apply(() -> null));
    }

    @Test
    void mapKeepsTheInputsOrderWhateverTheChunks() throws Exception {
        Pool pool = pool(2);
        List<Integer> input = IntStream.range(0, 1000).boxed().toList();
        List<Integer> squares = input.stream().map(x -> x * x).toList();
        assertEquals(squares, pool.map(x -> x * x, input));
        assertEquals(squares, pool.map(x -> x * x, input, 1));
        assertEquals(squares, pool.map(x -> x * x, input, 7));
        assertEquals(squares, pool.map(x -> x * x, input, 5000));
        assertEquals(List.of(), pool.map(x -> x, List.of()));
        Iterable<Integer> notACollection = () -> input.iterator();
        assertEquals(squares, pool.map(x -> x * x, notACollection));
    }

    @Test
    void elementsAndResultsOfEveryKindTravel() throws Exception {
        Pool pool = pool(2);
        List<Object> mixed = Arrays.asList(null, "text", 1, 2L, 3.5, 4.5f, (short) 5, (byte) 6, 'c', true, List.of(1, 2), new int[] {7});
        List<Object> back = pool.map(x -> x instanceof int[] a ? a[0] : x, mixed, 3);
        List<Object> expected = new ArrayList<>(mixed);
        expected.set(11, 7);
        assertEquals(expected, back);
    }

    @Test
    void mapAsyncCompletesWithAllResultsOrTheFirstFailure() throws Exception {
        Pool pool = pool(2);
        assertEquals(List.of(2, 4, 6), pool.mapAsync(x -> 2 * x, List.of(1, 2, 3)).get(BOUND_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<List<Integer>> failing = pool.mapAsync(PoolContractTest::reciprocalOfTenDividedBy, List.of(1, 0, 2), 1);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> failing.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(ArithmeticException.class, failed.getCause());
        List<Throwable> errors = new ArrayList<>();
        failing.exceptionally(e -> {
            errors.add(e);
            return null;
        }).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, errors.size(), "the error callback ran");
    }

    @Test
    void starmapAppliesToEachPair() throws Exception {
        Pool pool = pool(2);
        List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(1, 2), Map.entry(3, 4), Map.entry(5, 6));
        assertEquals(List.of(3, 7, 11), pool.starmap(Integer::sum, pairs));
        assertEquals(List.of("1^2", "3^4", "5^6"), pool.starmap((a, b) -> a + "^" + b, pairs, 1));
        assertEquals(List.of(2, 12, 30), pool.starmapAsync((Integer a, Integer b) -> a * b, pairs).get(BOUND_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void imapYieldsInOrderAndImapUnorderedYieldsEverything() throws Exception {
        Pool pool = pool(2);
        List<Integer> input = IntStream.range(0, 200).boxed().toList();
        List<Integer> ordered = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imap(x -> x + 1, input)) {
            results.forEachRemaining(ordered::add);
        }
        assertEquals(input.stream().map(x -> x + 1).toList(), ordered);
        Set<Integer> unordered = new HashSet<>();
        try (ResultIterator<Integer> results = pool.imapUnordered(x -> x + 1, input, 9)) {
            while (results.hasNext()) {
                assertTrue(unordered.add(results.next(BOUND_SECONDS, TimeUnit.SECONDS)));
            }
            assertThrows(NoSuchElementException.class, results::next);
        }
        assertEquals(new HashSet<>(ordered), unordered);
    }

    @Test
    void imapReadsItsInputAWindowAheadNotAllOfIt() throws Exception {
        Pool pool = pool(2);
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.incrementAndGet();
            }
        };
        try (ResultIterator<Integer> results = pool.imap(x -> x * 10, endless, 2)) {
            for (int i = 1; i <= 50; i++) {
                assertEquals(i * 10, results.next(BOUND_SECONDS, TimeUnit.SECONDS));
            }
            int readAfterFifty = read.get();
            assertTrue(readAfterFifty >= 50 && readAfterFifty <= 50 + 2 * (4 * pool.size() + 1),
                    "read " + readAfterFifty + " elements to yield 50");
        }
    }

    @Test
    void aFailedTaskInImapThrowsOnceAndIterationGoesOn() throws Exception {
        Pool pool = pool(2);
        try (ResultIterator<Integer> results = pool.imap(PoolContractTest::reciprocalOfTenDividedBy, List.of(5, 0, 2))) {
            assertEquals(2, results.next());
            CompletionException failed = assertThrows(CompletionException.class, results::next);
            assertInstanceOf(ArithmeticException.class, failed.getCause());
            assertEquals(5, results.next());
            assertFalse(results.hasNext());
        }
    }

    @Test
    void aTaskThatThrowsFailsItsFutureWithTheExceptionAndItsStackAndThePoolCarriesOn() throws Exception {
        Pool pool = pool(2);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> pool.apply(PoolContractTest::refuse));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals("refused: 17", failed.getCause().getMessage());
        assertTrue(Arrays.stream(failed.getCause().getStackTrace()).anyMatch(f -> f.getMethodName().equals("refuse")),
                Arrays.toString(failed.getCause().getStackTrace()));
        ExecutionException inMap = assertThrows(ExecutionException.class,
                () -> pool.map(PoolContractTest::reciprocalOfTenDividedBy, List.of(1, 2, 0, 3)));
        assertInstanceOf(ArithmeticException.class, inMap.getCause());
        assertEquals(List.of(10, 5), pool.map(PoolContractTest::reciprocalOfTenDividedBy, List.of(1, 2)));
    }

    @Test
    void getWithATimeoutThrowsTimeoutExceptionWhileTheTaskRuns() throws Exception {
        Pool pool = pool(2);
        CompletableFuture<Object> blocked = pool.applyAsync(PoolContractTest::blockForever);
        assertThrows(TimeoutException.class, () -> blocked.get(50, TimeUnit.MILLISECONDS));
        assertFalse(blocked.isDone());
        assertEquals(1, pool.apply(() -> 1), "the other worker still works");
    }

    @Test
    void cancellingARunningTaskStopsItAndThePoolKeepsWorking() throws Exception {
        Pool pool = pool(1);
        CompletableFuture<Object> blocked = pool.applyAsync(PoolContractTest::blockForever);
        assertThrows(TimeoutException.class, () -> blocked.get(50, TimeUnit.MILLISECONDS));
        assertTrue(blocked.cancel(true));
        assertThrows(CancellationException.class, blocked::get);
        assertEquals("after", pool.apply(() -> "after"), "the only worker was freed or replaced");
    }

    @Test
    void twoThreadsCanUseOnePoolAtOnce() throws Exception {
        Pool pool = pool(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Integer> input = IntStream.range(0, 300).boxed().toList();
            Callable<List<Integer>> doubling = () -> pool.map(x -> 2 * x, input, 3);
            Callable<List<Integer>> negating = () -> pool.map(x -> -x, input, 5);
            Future<List<Integer>> doubled = callers.submit(doubling);
            Future<List<Integer>> negated = callers.submit(negating);
            assertEquals(input.stream().map(x -> 2 * x).toList(), doubled.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(input.stream().map(x -> -x).toList(), negated.get(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theExecutorServiceMethodsRunOneTaskEach() throws Exception {
        Pool pool = pool(2);
        assertEquals(5, pool.submit((SerializableCallable<Integer>) () -> 5).get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertNull(pool.submit((SerializableRunnable) () -> { }).get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals("done", pool.submit((SerializableRunnable) () -> { }, "done").get(BOUND_SECONDS, TimeUnit.SECONDS));
        List<SerializableCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        List<Future<Integer>> all = pool.invokeAll(tasks);
        List<Integer> values = new ArrayList<>();
        for (Future<Integer> f : all) {
            values.add(f.get());
        }
        assertEquals(List.of(1, 2, 3), values);
        List<SerializableCallable<Integer>> oneWorks = List.of(PoolContractTest::refuseInt, () -> 9);
        assertEquals(9, pool.invokeAny(oneWorks));
    }

    @Test
    void shutdownRunsWhatWasSubmittedThenRefusesAndTerminates() throws Exception {
        Pool pool = pool(2);
        IllegalStateException notYet = assertThrows(IllegalStateException.class, pool::join);
        assertTrue(notYet.getMessage().contains("shut"), notYet.getMessage());
        CompletableFuture<List<Integer>> submitted = pool.mapAsync(x -> x + 1, IntStream.range(0, 100).boxed().toList(), 1);
        pool.shutdown();
        assertTrue(pool.isShutdown());
        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class, () -> pool.applyAsync(() -> 1));
        assertTrue(refused.getMessage().contains("shut down"), refused.getMessage());
        assertEquals(IntStream.range(1, 101).boxed().toList(), submitted.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        pool.join();
    }

    @Test
    void terminateFailsWhatIsStillRunning() throws Exception {
        Pool pool = pool(1);
        CompletableFuture<Object> blocked = pool.applyAsync(PoolContractTest::blockForever);
        CompletableFuture<Integer> queued = pool.applyAsync(() -> 1);
        pool.terminate();
        assertThrows(CancellationException.class, () -> blocked.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> queued.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> pool.apply(() -> 1));
    }

    @Test
    void closeWaitsForTheSubmittedTasks() throws Exception {
        Pool pool = create(2);
        CompletableFuture<Integer> result = pool.applyAsync(() -> 3);
        pool.close();
        assertTrue(pool.isTerminated());
        assertEquals(3, result.getNow(-1));
    }

    @Test
    void eachWorkerRunsTheInitializerBeforeItsFirstTask() throws Exception {
        Pool pool = create(2, () -> Initialised.value = "initialised");
        pools.add(pool);
        assertEquals(List.of("initialised", "initialised", "initialised"),
                pool.map(x -> Initialised.value, List.of(1, 2, 3), 1));
    }

    static int reciprocalOfTenDividedBy(int x) {
        return 10 / x;
    }

    static Object refuse() {
        throw new IllegalStateException("refused: 17");
    }

    static int refuseInt() {
        throw new IllegalStateException("refused");
    }

    static Object blockForever() throws InterruptedException {
        new CountDownLatch(1).await();
        return null;
    }

    /** Set by the initializer in the worker's JVM (or, for threads, in this one). */
    static final class Initialised {
        static volatile String value = "not initialised";
    }
}

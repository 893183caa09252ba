package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.admin.CounterStore.Row;
import tally.analytics.AdminToken;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Token;
import tally.count.Tokens;
import tally.count.UrlKeys;

/**
 * The admin's edits on one instance while another instance counts the same counters: two pools on one database,
 * as two Tally processes would have. No hit's increment is lost, no edit or batch fails, and no transaction of
 * either is chosen as a deadlock victim (each runs once here, without PostgresDatabase's retries).
 */
class PostgresEditsConcurrencyTest {

    private static final String DAY = "2026-11-21";
    private static final long NOW = 1_795_262_400_000L;
    private static final CounterKey X = UrlKeys.url("example.com/x");

    private TestPostgres pg;
    private PostgresDatabase counting;
    private PostgresDatabase editing;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void twoInstancesOnOneDatabase() {
        pg = TestPostgres.create();
        counting = PostgresDatabase.open(pg.url, 4);
        editing = PostgresDatabase.open(pg.url, 2);
    }

    @AfterEach
    void closeThem() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        for (AutoCloseable c : new AutoCloseable[] {editing, counting, pg}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs the work in one transaction, once: a deadlock or any other failure is thrown, not retried. */
    private static <T> T once(PostgresDatabase db, PostgresDatabase.Transaction<T> work) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<CounterState> hits(PostgresDatabase db, List<Hit> hits) throws SQLException {
        return once(db, c -> new PostgresHits(c).applyAll(hits, NOW, NOW - 300_000, DAY));
    }

    private <T> List<T> all(List<Future<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void aSetWhileAnotherInstanceCountsKeepsEveryHitCommittedAfterIt() throws Exception {
        long set = 1_000_000;
        List<Long> answers = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(200);
        List<Future<Object>> counters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            counters.add(threads.submit(() -> {
                for (int b = 0; b < 150; b++) {
                    List<Hit> batch = new ArrayList<>();
                    for (int i = 0; i <= b % 3; i++) {
                        batch.add(new Hit(X, null, false));
                    }
                    batch.add(new Hit(UrlKeys.url("example.com/other" + b % 5), null, false));
                    for (CounterState tally : hits(counting, batch)) {
                        if (tally.key().equals(X)) {
                            answers.add(tally.count());
                            started.countDown();
                        }
                    }
                }
                return null;
            }));
        }
        started.await(60, TimeUnit.SECONDS);
        assertThat(once(editing, c -> PostgresCounterEdits.set(c, X, set, NOW, DAY)).get(0).count()).isEqualTo(set);
        all(counters);
        long hits = answers.size();
        List<Long> after = answers.stream().filter(n -> n > set).sorted().toList();
        List<Long> before = answers.stream().filter(n -> n <= set).sorted().toList();
        assertThat(after).as("the hits committed after the set, each answered with its own count above it")
                .isEqualTo(LongStream.rangeClosed(set + 1, set + after.size()).boxed().toList());
        assertThat(before).isEqualTo(LongStream.rangeClosed(1, before.size()).boxed().toList());
        assertThat(after).isNotEmpty();
        assertThat(new PostgresCounterReads(counting).countOf(X, DAY)).isEqualTo(new CounterState(X, set + after.size(), hits, false));
    }

    @Test
    void importsInModeAddWhileAnotherInstanceCountsAndCreatesTheSameCountersLoseNoHit() throws Exception {
        int keys = 2000;
        int imports = 6;
        AtomicInteger[] counted = new AtomicInteger[keys];
        for (int k = 0; k < keys; k++) {
            counted[k] = new AtomicInteger();
        }
        hits(counting, List.of(new Hit(key(0), null, false), new Hit(key(keys - 1), null, false)));
        counted[0].incrementAndGet();
        counted[keys - 1].incrementAndGet();
        List<Future<Object>> work = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int seed = t;
            work.add(threads.submit(() -> {
                Random random = new Random(seed);
                for (int b = 0; b < 120; b++) {
                    List<Hit> batch = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        int k = random.nextInt(keys);
                        counted[k].incrementAndGet();
                        batch.add(new Hit(key(k), null, false));
                    }
                    hits(counting, batch);
                }
                return null;
            }));
        }
        for (int t = 0; t < 2; t++) {
            work.add(threads.submit(() -> {
                List<Row> rows = new ArrayList<>();
                for (int k = keys - 1; k >= 0; k--) {
                    rows.add(new Row(key(k), 10, null));
                    rows.add(new Row(key(k), 10, DAY));
                }
                for (int i = 0; i < imports / 2; i++) {
                    once(editing, c -> PostgresCounterEdits.importRows(c, rows, true, NOW, DAY, new long[1]));
                }
                return null;
            }));
        }
        all(work);
        PostgresCounterReads reads = new PostgresCounterReads(counting);
        for (int k = 0; k < keys; k++) {
            long expected = 10L * imports + counted[k].get();
            assertThat(reads.countOf(key(k), DAY)).as(key(k).key()).isEqualTo(new CounterState(key(k), expected, expected, false));
        }
    }

    private static CounterKey key(int k) {
        return UrlKeys.url("example.com/k" + k);
    }

    @Test
    void deletesWhileAnotherInstanceCountsTheCounterLeaveItWhole() throws Exception {
        Tokens tokens = new Tokens(counting.tokenSecret(), java.time.Clock.systemUTC());
        Semaphore batches = new Semaphore(0);
        List<Future<Object>> work = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            work.add(threads.submit(() -> {
                for (int b = 0; b < 100; b++) {
                    List<Hit> batch = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        Token token = i == 0 ? null : tokens.fromCookie("cookie-" + thread + "-" + (b + i) % 7 + "-aaaaaaaaaaaaaaaa");
                        batch.add(new Hit(X, token, i % 2 == 0));
                    }
                    batch.add(new Hit(UrlKeys.url("example.com/other"), null, false));
                    long now = NOW + b * 400_000L;
                    counting.inTransaction(c -> new PostgresHits(c).applyAll(batch, now, now - 300_000, DAY));
                    batches.release();
                }
                return null;
            }));
        }
        work.add(threads.submit(() -> {
            for (int d = 0; d < 12; d++) {
                batches.acquire(20); // a delete every 20 batches, as an admin's would come between many hits
                editing.inTransaction(c -> PostgresCounterEdits.delete(c, X));
            }
            return null;
        }));
        all(work);
        assertThat(pg.number("SELECT count FROM counters WHERE key = 'example.com/x'"))
                .as("the total and the day's hits, deleted together and counted together")
                .isEqualTo(pg.number("SELECT hits FROM daily_hits d JOIN counters c ON c.id = d.counter_id WHERE c.key = 'example.com/x'"));
        assertThat(pg.number("SELECT count FROM counters WHERE key = 'example.com/other'")).isEqualTo(300);
    }

    @Test
    void twoInstancesResolvingTheAdminTokenAtOnceGetTheSameOne() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<String> made = Collections.synchronizedList(new ArrayList<>());
        List<Future<String>> both = new ArrayList<>();
        for (PostgresDatabase db : List.of(counting, editing)) {
            both.add(threads.submit(() -> {
                barrier.await();
                return AdminToken.resolve(null, new PostgresSettings(db), made::add).value();
            }));
        }
        List<String> tokens = all(both);
        assertThat(tokens.get(0)).isEqualTo(tokens.get(1));
        assertThat(made).as("only the instance whose token was stored says it made one").containsExactly(tokens.get(0));
        for (int round = 0; round < 30; round++) {
            String name = "setting" + round;
            List<Future<String>> kept = new ArrayList<>();
            for (PostgresDatabase db : List.of(counting, editing)) {
                String fresh = db == counting ? "counting" : "editing";
                kept.add(threads.submit(() -> {
                    barrier.await();
                    return new PostgresSettings(db).keep(name, fresh);
                }));
            }
            List<String> values = all(kept);
            assertThat(values.get(0)).as(name).isEqualTo(values.get(1));
        }
    }
}

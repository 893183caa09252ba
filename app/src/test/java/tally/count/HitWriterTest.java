package tally.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.StorageException;
import tally.TestTally;
import tally.store.sqlite.Database;
import tally.store.sqlite.SqliteLedger;

class HitWriterTest {

    @TempDir
    Path dir;

    private static final CounterKey PAGE = UrlKeys.url("example.com/a");

    @Test
    void countsEachHitAndAnswersTheNewCount() {
        try (TestTally t = TestTally.create(dir)) {
            assertThat(t.counters.hit(PAGE, null, false).join().count()).isEqualTo(1);
            assertThat(t.counters.hit(PAGE, null, false).join().count()).isEqualTo(2);
            CounterState third = t.counters.hit(PAGE, null, false).join();
            assertThat(third.count()).isEqualTo(3);
            assertThat(third.today()).isEqualTo(3);
            assertThat(third.counted()).isTrue();
            assertThat(t.counters.read(PAGE).count()).isEqualTo(3);
        }
    }

    @Test
    void countsOnceWithinTheRefreshWindow() {
        try (TestTally t = TestTally.create(dir)) {
            Token token = t.tokens.fresh();
            assertThat(t.counters.hit(PAGE, token, true).join().counted()).isTrue();
            t.clock.advanceSeconds(299);
            CounterState again = t.counters.hit(PAGE, token, true).join();
            assertThat(again.counted()).isFalse();
            assertThat(again.count()).isEqualTo(1);
            assertThat(again.today()).isEqualTo(1);
            t.clock.advanceSeconds(2);
            assertThat(t.counters.hit(PAGE, token, true).join().count()).isEqualTo(2);
        }
    }

    @Test
    void aTokenIssuedWithAHitSuppressesThatBrowsersReload() {
        try (TestTally t = TestTally.create(dir)) {
            Token issued = t.tokens.fresh();
            assertThat(t.counters.hit(PAGE, issued, false).join().counted()).isTrue();
            assertThat(t.counters.hit(PAGE, issued, true).join().counted()).isFalse();
            assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(1);
        }
    }

    @Test
    void aTokenIsSuppressedPerCounter() {
        try (TestTally t = TestTally.create(dir)) {
            Token token = t.tokens.fresh();
            t.counters.hit(PAGE, token, true).join();
            assertThat(t.counters.hit(UrlKeys.url("example.com/b"), token, true).join().counted()).isTrue();
            assertThat(t.counters.hit(PAGE, t.tokens.fresh(), false).join().counted()).isTrue();
        }
    }

    @Test
    void concurrentHitsWithOneTokenCountOnce() {
        try (TestTally t = TestTally.create(dir)) {
            Token token = t.tokens.fresh();
            List<CompletableFuture<CounterState>> hits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                hits.add(CompletableFuture.supplyAsync(() -> t.counters.hit(PAGE, token, true).join()));
            }
            long counted = hits.stream().map(CompletableFuture::join).filter(CounterState::counted).count();
            assertThat(counted).isEqualTo(1);
            assertThat(t.counters.read(PAGE).count()).isEqualTo(1);
        }
    }

    @Test
    void aThousandConcurrentFirstHitsFromSixtyFourThreadsCountExactlyAThousand() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            CounterKey fresh = UrlKeys.url("example.com/new");
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<CompletableFuture<CounterState>> hits = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                hits.add(CompletableFuture.supplyAsync(() -> t.counters.hit(fresh, null, false).join(), pool));
            }
            List<Long> answers = hits.stream().map(f -> f.join().count()).sorted().toList();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(t.counters.read(fresh).count()).isEqualTo(1000);
            assertThat(t.number("SELECT count(*) FROM counters WHERE key = 'example.com/new'")).isEqualTo(1);
            // every request was answered with its own, distinct new count
            assertThat(answers).doesNotHaveDuplicates().first().isEqualTo(1L);
            assertThat(answers.get(999)).isEqualTo(1000L);
        }
    }

    @Test
    void todayCountsSinceUtcMidnight() {
        try (TestTally t = TestTally.create(dir)) {
            t.counters.hit(PAGE, null, false).join();
            t.counters.hit(PAGE, null, false).join();
            t.clock.advanceSeconds(12 * 3600 + 1);
            CounterState tomorrow = t.counters.hit(PAGE, null, false).join();
            assertThat(tomorrow.count()).isEqualTo(3);
            assertThat(tomorrow.today()).isEqualTo(1);
            assertThat(t.number("SELECT count(*) FROM daily_hits")).isEqualTo(2);
        }
    }

    @Test
    void expiredTokensArePurgedInTheBackground() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            t.counters.hit(PAGE, t.tokens.fresh(), false).join();
            assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(1);
            t.clock.advanceSeconds(400);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (t.number("SELECT count(*) FROM refresh_tokens") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isZero();
            assertThat(t.counters.read(PAGE).count()).isEqualTo(1);
        }
    }

    @Test
    void aBacklogLargerThanOnePurgeStepIsPurgedWholeAndLiveTokensStay() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            long id = t.counters.hit(PAGE, null, false).thenApply(CounterState::count).join();
            int expired = HitWriter.PURGE_STEP * 2 + 123;
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + t.config.counting().database());
                 var s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("""
                        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                        INSERT INTO refresh_tokens (token, counter_id, counted_at)
                        SELECT CAST(printf('%%016d', i) AS BLOB), (SELECT id FROM counters), 0 FROM n
                        """.formatted(expired));
            }
            assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(expired);
            t.clock.advanceSeconds(120);
            Token live = t.tokens.fresh();
            assertThat(t.counters.hit(PAGE, live, false).join().count()).isEqualTo(id + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (t.number("SELECT count(*) FROM refresh_tokens") > 1 && System.nanoTime() < deadline) {
                t.counters.hit(PAGE, null, false).join();
                Thread.sleep(20);
            }
            assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(1);
            assertThat(t.number("SELECT count(*) FROM refresh_tokens WHERE token = X'" + HexFormat.of().formatHex(live.key()) + "'")).isEqualTo(1);
        }
    }

    @Test
    void pageIdsAndUrlsWithTheSameTextAreDifferentCounters() {
        try (TestTally t = TestTally.create(dir)) {
            t.counters.hit(UrlKeys.pageId("example.com/a"), null, false).join();
            t.counters.hit(UrlKeys.pageId("example.com/a"), null, false).join();
            assertThat(t.counters.hit(PAGE, null, false).join().count()).isEqualTo(1);
        }
    }

    @Test
    void closingCommitsEverythingQueued() {
        TestTally t = TestTally.create(dir);
        List<CompletableFuture<CounterState>> hits = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            hits.add(t.counters.hit(PAGE, null, false));
        }
        t.close();
        assertThat(hits).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(t.number("SELECT count FROM counters")).isEqualTo(500);
        assertThat(t.counters.hit(PAGE, null, false)).isCompletedExceptionally();
    }

    @Test
    void hitsSubmittedWhileClosingAreEachAnsweredAndTheAcknowledgedOnesAreStored() throws Exception {
        TestTally t = TestTally.create(dir);
        List<CompletableFuture<CounterState>> hits = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch started = new CountDownLatch(8);
        for (int n = 0; n < 8; n++) {
            pool.execute(() -> {
                started.countDown();
                for (int i = 0; i < 5_000; i++) {
                    hits.add(t.counters.hit(PAGE, null, false));
                }
            });
        }
        started.await();
        t.close();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        long acknowledged = 0;
        for (CompletableFuture<CounterState> hit : hits) {
            // every hit is answered, committed or refused because Tally is stopping; none is left waiting
            try {
                hit.get(5, TimeUnit.SECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StorageException.class);
            }
        }
        assertThat(t.number("SELECT coalesce(sum(count), 0) FROM counters")).isEqualTo(acknowledged);
    }

    @Test
    void aFailedFsyncFailsItsHitsAndTheWriterIsUnhealthyUntilAnFsyncSucceeds() throws Exception {
        AtomicBoolean diskFails = new AtomicBoolean();
        try (Database db = Database.open(dir.resolve("tally.db"), true)) {
            HitWriter writer = new HitWriter(new SqliteLedger(db), Duration.ofMinutes(5), Clock.systemUTC(), () -> {
                if (diskFails.get()) {
                    throw new StorageException("injected: fsync failed", null);
                }
                db.makeDurable();
            }, null);
            try {
                assertThat(writer.submit(new Hit(PAGE, null, false)).join().count()).isEqualTo(1);
                assertThat(writer.healthy()).isTrue();

                diskFails.set(true);
                CompletableFuture<CounterState> unsure = writer.submit(new Hit(PAGE, null, false));
                assertThatThrownBy(unsure::join).hasCauseInstanceOf(StorageException.class).hasMessageContaining("fsync failed");
                assertThat(writer.healthy()).isFalse();

                diskFails.set(false);
                // the refused hit was committed but never acknowledged: a 503 does not promise that it was not counted
                assertThat(writer.submit(new Hit(PAGE, null, false)).join().count()).isEqualTo(3);
                assertThat(writer.healthy()).isTrue();
            } finally {
                writer.close();
            }
        }
    }

    @Test
    void whileTheWriterIsHeldUpAtMostFiftyThousandHitsWaitAndTheNextIsRefused() throws Exception {
        try (TestTally t = TestTally.create(dir);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + t.config.counting().database());
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // the writer waits for this lock (up to its 5 s busy timeout)
            List<CompletableFuture<CounterState>> accepted = new ArrayList<>();
            CompletableFuture<CounterState> hit = null;
            for (int i = 0; i < 100_000; i++) {
                hit = t.counters.hit(PAGE, null, false);
                if (hit.isCompletedExceptionally()) {
                    break;
                }
                accepted.add(hit);
            }
            s.execute("ROLLBACK");
            assertThatThrownBy(hit::join).hasMessageContaining("too many hits queued");
            // 50,000 waiting, plus at most one batch that the writer already took
            assertThat(accepted).hasSizeBetween(50_000, 50_000 + 2_000);
            accepted.forEach(CompletableFuture::join);
            assertThat(t.number("SELECT count FROM counters")).isEqualTo(accepted.size());
        }
    }
}

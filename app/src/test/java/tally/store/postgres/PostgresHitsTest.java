package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Token;
import tally.count.Tokens;
import tally.count.UrlKeys;

class PostgresHitsTest {

    private static final CounterKey A = UrlKeys.url("example.com/a");
    private static final CounterKey B = UrlKeys.url("example.com/b");
    private static final String DAY = "2026-11-21";

    private TestPostgres pg;
    private PostgresDatabase db;

    @BeforeEach
    void freshDatabase() {
        pg = TestPostgres.create();
        db = PostgresDatabase.open(pg.url, 4);
    }

    @AfterEach
    void dropIt() {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private Token token(String cookie) {
        return new Tokens(db.tokenSecret(), Clock.systemUTC()).fromCookie(cookie);
    }

    private static List<CounterState> batch(PostgresDatabase on, long now, List<Hit> hits) throws Exception {
        return on.inTransaction(c -> new PostgresHits(c).applyAll(hits, now, now - 300_000, DAY));
    }

    private List<CounterState> batch(long now, Hit... hits) throws Exception {
        return batch(db, now, List.of(hits));
    }

    @Test
    void aBatchAnswersEachCountedHitWithItsOwnCountInOrder() throws Exception {
        List<CounterState> tallies = batch(1_000_000,
                new Hit(A, token("token-one-aaaaaaaaaaaa"), false),
                new Hit(A, null, false),
                new Hit(B, null, false),
                new Hit(A, token("token-one-aaaaaaaaaaaa"), true),
                new Hit(A, null, false));
        assertThat(tallies).extracting(CounterState::key, CounterState::count, CounterState::today, CounterState::counted).containsExactly(
                tuple(A, 1L, 1L, true),
                tuple(A, 2L, 2L, true),
                tuple(B, 1L, 1L, true),
                tuple(A, 3L, 3L, false),
                tuple(A, 3L, 3L, true));
        assertThat(pg.number("SELECT hits FROM daily_hits d JOIN counters c ON c.id = d.counter_id"
                + " WHERE c.key = 'example.com/a' AND d.day = DATE '2026-11-21'")).isEqualTo(3);
    }

    @Test
    void aReturningTokenIsSuppressedByAnEarlierBatchAndCountedAfterTheWindow() throws Exception {
        batch(1_000_000, new Hit(A, token("token-two-aaaaaaaaaaaa"), false), new Hit(A, null, false));
        assertThat(batch(1_100_000, new Hit(A, token("token-two-aaaaaaaaaaaa"), true)))
                .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(2L, false));
        assertThat(batch(1_400_001, new Hit(A, token("token-two-aaaaaaaaaaaa"), true)))
                .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(3L, true));
    }

    @Test
    void aReturningTokenNeverSeenBeforeCountsOnce() throws Exception {
        assertThat(batch(1_000_000, new Hit(B, token("token-new-aaaaaaaaaaaa"), true),
                new Hit(B, token("token-new-aaaaaaaaaaaa"), true)))
                .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(1L, true), tuple(1L, false));
    }

    @Test
    void aTokenIsSuppressedPerCounter() throws Exception {
        Token t = token("token-per-aaaaaaaaaaaa");
        batch(1_000_000, new Hit(A, t, false));
        assertThat(batch(1_000_001, new Hit(A, t, true), new Hit(B, t, true)))
                .extracting(CounterState::key, CounterState::counted).containsExactly(tuple(A, false), tuple(B, true));
    }

    @Test
    void threeThousandFirstHitsOverThreeInstancesCountExactlyThreeThousandOnOneRow() throws Exception {
        List<PostgresDatabase> instances = List.of(db, PostgresDatabase.open(pg.url, 4), PostgresDatabase.open(pg.url, 4));
        Tokens tokens = new Tokens(db.tokenSecret(), Clock.systemUTC());
        int writers = 12;
        int batches = 10;
        int perBatch = 25; // 12 writers x 10 batches x 25 hits = 3,000
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CyclicBarrier start = new CyclicBarrier(writers);
        try {
            List<Future<List<Long>>> answers = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                PostgresDatabase instance = instances.get(w % 3);
                PostgresDatabase other = instances.get((w + 1) % 3);
                answers.add(threads.submit(writer(instance, other, tokens, batches, perBatch, start)));
            }
            List<Long> counts = new ArrayList<>();
            for (Future<List<Long>> f : answers) {
                counts.addAll(f.get());
            }
            Collections.sort(counts);
            assertThat(counts).containsExactlyElementsOf(LongStream.rangeClosed(1, 3_000).boxed().toList());
            assertThat(pg.number("SELECT count(*) FROM counters")).isEqualTo(1);
            assertThat(pg.number("SELECT count FROM counters")).isEqualTo(3_000);
            assertThat(pg.number("SELECT sum(hits) FROM daily_hits")).isEqualTo(3_000);
            assertThat(pg.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(3_000);
        } finally {
            threads.shutdown();
            instances.get(1).close();
            instances.get(2).close();
        }
    }

    /**
     * Applies batches of first hits (returning tokens never seen) on one instance; after each commit, reads the
     * count through another instance, which must already show at least what was just acknowledged.
     */
    private static Callable<List<Long>> writer(PostgresDatabase instance, PostgresDatabase other, Tokens tokens,
                                               int batches, int perBatch, CyclicBarrier start) {
        return () -> {
            start.await();
            List<Long> acknowledged = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<Hit> hits = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    hits.add(new Hit(A, tokens.fresh(), true));
                }
                long highest = 0;
                for (CounterState t : batch(instance, System.currentTimeMillis(), hits)) {
                    assertThat(t.counted()).isTrue();
                    acknowledged.add(t.count());
                    highest = Math.max(highest, t.count());
                }
                assertThat(countThrough(other)).isGreaterThanOrEqualTo(highest);
            }
            return acknowledged;
        };
    }

    private static long countThrough(PostgresDatabase instance) throws Exception {
        try (Connection c = instance.connection();
             PreparedStatement s = c.prepareStatement("SELECT count FROM counters WHERE kind = ? AND key = ?")) {
            s.setString(1, A.kind().column());
            s.setString(2, A.key());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Test
    void theSameTokenThroughTwoInstancesAtOnceCountsOnce() throws Exception {
        PostgresDatabase second = PostgresDatabase.open(pg.url, 2);
        Tokens tokens = new Tokens(db.tokenSecret(), Clock.systemUTC());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        int rounds = 200;
        try {
            for (int round = 0; round < rounds; round++) {
                List<Hit> hit = List.of(new Hit(A, tokens.fresh(), true));
                long now = System.currentTimeMillis();
                Future<List<CounterState>> one = threads.submit(() -> {
                    together.await();
                    return batch(db, now, hit);
                });
                Future<List<CounterState>> two = threads.submit(() -> {
                    together.await();
                    return batch(second, now, hit);
                });
                assertThat(List.of(one.get().get(0).counted(), two.get().get(0).counted()))
                        .as("round %d", round).containsExactlyInAnyOrder(true, false);
            }
            assertThat(pg.number("SELECT count FROM counters")).isEqualTo(rounds);
        } finally {
            threads.shutdown();
            second.close();
        }
    }

    @Test
    void expiredTokensAreForgottenInSteps() throws Exception {
        batch(1_000_000, new Hit(A, token("token-old-aaaaaaaaaaaa"), false), new Hit(A, token("token-ol2-aaaaaaaaaaaa"), false));
        batch(2_000_000, new Hit(A, token("token-new-aaaaaaaaaaaa"), false));
        assertThat((int) db.inTransaction(c -> PostgresLedger.forgetTokens(c, 1_500_000, 1))).isEqualTo(1);
        assertThat((int) db.inTransaction(c -> PostgresLedger.forgetTokens(c, 1_500_000, 10))).isEqualTo(1);
        assertThat(pg.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(1);
    }
}

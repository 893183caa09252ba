package tally.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Token;
import tally.count.Tokens;
import tally.count.UrlKeys;

class HitStoreTest {

    private static final CounterKey A = UrlKeys.url("example.com/a");
    private static final CounterKey B = UrlKeys.url("example.com/b");
    private static final String DAY = "2026-11-21";

    @TempDir
    Path dir;

    /** The token a browser sending this cookie value has. */
    private static Token token(Database db, String cookie) {
        return new Tokens(db.tokenSecret(), Clock.systemUTC()).fromCookie(cookie);
    }

    private List<CounterState> batch(Database db, long now, Hit... hits) throws Exception {
        return db.inTransaction(c -> new HitStore(db, c).applyAll(List.of(hits), now, now - 300_000, DAY));
    }

    @Test
    void aBatchAnswersEachCountedHitWithItsOwnCountInOrder() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"), true)) {
            List<CounterState> tallies = batch(db, 1_000_000,
                    new Hit(A, token(db, "token-one-aaaaaaaaaaaa"), false),
                    new Hit(A, null, false),
                    new Hit(B, null, false),
                    new Hit(A, token(db, "token-one-aaaaaaaaaaaa"), true),
                    new Hit(A, null, false));
            assertThat(tallies).extracting(CounterState::key, CounterState::count, CounterState::today, CounterState::counted).containsExactly(
                    tuple(A, 1L, 1L, true),
                    tuple(A, 2L, 2L, true),
                    tuple(B, 1L, 1L, true),
                    tuple(A, 3L, 3L, false),
                    tuple(A, 3L, 3L, true));
        }
    }

    @Test
    void aReturningTokenIsSuppressedByAnEarlierBatchAndCountedAfterTheWindow() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"), true)) {
            batch(db, 1_000_000, new Hit(A, token(db, "token-two-aaaaaaaaaaaa"), false), new Hit(A, null, false));
            assertThat(batch(db, 1_100_000, new Hit(A, token(db, "token-two-aaaaaaaaaaaa"), true)))
                    .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(2L, false));
            assertThat(batch(db, 1_400_001, new Hit(A, token(db, "token-two-aaaaaaaaaaaa"), true)))
                    .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(3L, true));
        }
    }

    @Test
    void aReturningTokenNeverSeenBeforeCounts() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"), true)) {
            assertThat(batch(db, 1_000_000, new Hit(B, token(db, "token-new-aaaaaaaaaaaa"), true), new Hit(B, token(db, "token-new-aaaaaaaaaaaa"), true)))
                    .extracting(CounterState::count, CounterState::counted).containsExactly(tuple(1L, true), tuple(1L, false));
        }
    }
}

package tally.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import tally.count.CounterKey;
import tally.count.Hit;
import tally.count.Tally;

/**
 * The statements of one hit, run by the hit writer inside its batch transaction: the refresh-suppression
 * check, the increment, today's row and the token's row. Prepared once per batch.
 */
public final class HitStore {

    private static final String LAST_COUNTED = """
            SELECT c.count, t.counted_at, c.id
            FROM counters c JOIN refresh_tokens t ON t.counter_id = c.id
            WHERE c.kind = ? AND c.key = ? AND t.token = ?
            """;
    private static final String INCREMENT = """
            INSERT INTO counters (kind, key, count, created_at) VALUES (?, ?, 1, ?)
            ON CONFLICT (kind, key) DO UPDATE SET count = counters.count + 1
            RETURNING id, count
            """;
    private static final String COUNT_TODAY = """
            INSERT INTO daily_hits (counter_id, day, hits) VALUES (?, ?, 1)
            ON CONFLICT (counter_id, day) DO UPDATE SET hits = daily_hits.hits + 1
            RETURNING hits
            """;
    private static final String TODAY = "SELECT hits FROM daily_hits WHERE counter_id = ? AND day = ?";
    private static final String REMEMBER_TOKEN = """
            INSERT INTO refresh_tokens (token, counter_id, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (token, counter_id) DO UPDATE SET counted_at = excluded.counted_at
            """;
    private static final String FORGET_TOKENS = """
            DELETE FROM refresh_tokens WHERE (token, counter_id) IN (
                SELECT token, counter_id FROM refresh_tokens WHERE counted_at < ? LIMIT ?
            )
            """;

    private final PreparedStatement lastCounted;
    private final PreparedStatement increment;
    private final PreparedStatement countToday;
    private final PreparedStatement today;
    private final PreparedStatement rememberToken;

    public HitStore(Database db, Connection c) throws SQLException {
        lastCounted = db.prepared(c, LAST_COUNTED);
        increment = db.prepared(c, INCREMENT);
        countToday = db.prepared(c, COUNT_TODAY);
        today = db.prepared(c, TODAY);
        rememberToken = db.prepared(c, REMEMBER_TOKEN);
    }

    /**
     * Counts the hit unless its token was counted for this counter after {@code suppressSince}
     * (epoch milliseconds); a token issued with this very hit has no past, so it is not looked up.
     * {@code day} is the UTC day, ISO formatted.
     */
    public Tally apply(Hit hit, long now, long suppressSince, String day) throws SQLException {
        CounterKey key = hit.key();
        if (hit.returning()) {
            lastCounted.setString(1, key.kind().column());
            lastCounted.setString(2, key.key());
            lastCounted.setString(3, hit.token());
            try (ResultSet rs = lastCounted.executeQuery()) {
                if (rs.next() && rs.getLong(2) >= suppressSince) {
                    return new Tally(key, rs.getLong(1), today(rs.getLong(3), day), false);
                }
            }
        }
        long id;
        long count;
        increment.setString(1, key.kind().column());
        increment.setString(2, key.key());
        increment.setLong(3, now);
        try (ResultSet rs = increment.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
            count = rs.getLong(2);
        }
        long hitsToday;
        countToday.setLong(1, id);
        countToday.setString(2, day);
        try (ResultSet rs = countToday.executeQuery()) {
            rs.next();
            hitsToday = rs.getLong(1);
        }
        if (hit.token() != null) {
            rememberToken.setString(1, hit.token());
            rememberToken.setLong(2, id);
            rememberToken.setLong(3, now);
            rememberToken.executeUpdate();
        }
        return new Tally(key, count, hitsToday, true);
    }

    private long today(long counterId, String day) throws SQLException {
        today.setLong(1, counterId);
        today.setString(2, day);
        try (ResultSet rs = today.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Deletes at most {@code limit} token rows counted before {@code before} (their window is over) and
     * answers how many went: a large backlog is cleared in steps, between batches of hits.
     */
    public static int forgetTokens(Connection c, long before, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FORGET_TOKENS)) {
            s.setLong(1, before);
            s.setInt(2, limit);
            return s.executeUpdate();
        }
    }
}

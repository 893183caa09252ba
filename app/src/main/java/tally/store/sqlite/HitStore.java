package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Token;

/**
 * The statements of a batch of hits, run by the hit writer inside its transaction: the refresh-suppression
 * checks, one increment and one today's row per counter, and the tokens' rows.
 */
public final class HitStore {

    private static final String LAST_COUNTED = """
            SELECT t.counted_at
            FROM counters c JOIN refresh_tokens t ON t.counter_id = c.id
            WHERE c.kind = ? AND c.key = ? AND t.token = ?
            """;
    private static final String INCREMENT = """
            UPDATE counters SET count = count + ?, last_hit = ? WHERE kind = ? AND key = ?
            RETURNING id, count
            """;
    /**
     * Only after INCREMENT found no counter and a hit may create it. A new counter that may not be created is
     * never written: inserting and then deleting it made SQLite check the foreign keys of refresh_tokens, whose
     * counter_id has no index of its own, by reading the whole table (a million rows: 10 hits a second).
     */
    private static final String CREATE = """
            INSERT INTO counters (kind, key, count, created_at, last_hit) VALUES (?, ?, ?, ?, ?4)
            RETURNING id, count
            """;
    private static final String COUNT_TODAY = """
            INSERT INTO daily_hits (counter_id, day, hits) VALUES (?, ?, ?)
            ON CONFLICT (counter_id, day) DO UPDATE SET hits = daily_hits.hits + excluded.hits
            RETURNING hits
            """;
    private static final String TODAY = "SELECT hits FROM daily_hits WHERE counter_id = ? AND day = ?";
    private static final String CURRENT = "SELECT id, count FROM counters WHERE kind = ? AND key = ?";
    private static final String REMEMBER_TOKEN = """
            INSERT INTO refresh_tokens (token, counter_id, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (token, counter_id) DO UPDATE SET counted_at = excluded.counted_at
            """;

    private final PreparedStatement lastCounted;
    private final PreparedStatement increment;
    private final PreparedStatement create;
    private final PreparedStatement countToday;
    private final PreparedStatement today;
    private final PreparedStatement rememberToken;
    private final PreparedStatement current;

    public HitStore(Database db, Connection c) throws SQLException {
        lastCounted = db.prepared(c, LAST_COUNTED);
        increment = db.prepared(c, INCREMENT);
        create = db.prepared(c, CREATE);
        countToday = db.prepared(c, COUNT_TODAY);
        today = db.prepared(c, TODAY);
        rememberToken = db.prepared(c, REMEMBER_TOKEN);
        current = db.prepared(c, CURRENT);
    }

    /** A token counted for a counter earlier in the batch. */
    private record Seen(Token token, CounterKey key) {
    }

    /** A counter's state after the increment of a batch: its id, total and today's hits. */
    private record After(long id, long count, long today) {
    }

    /**
     * Applies a batch of hits in order and answers each one's tally. A hit is not counted when its
     * token was counted for the same counter after {@code suppressSince} (epoch milliseconds), in an
     * earlier batch or earlier in this one; a token issued with the hit itself has no past and is not
     * looked up. The counted hits of one counter become one increment, and the i-th of them is answered
     * with the i-th of the new counts, so every acknowledged count is distinct. A suppressed hit is
     * answered with its counter's state after the batch. {@code day} is the UTC day, ISO formatted.
     */
    public List<CounterState> applyAll(List<Hit> hits, long now, long suppressSince, String day) throws SQLException {
        CounterState[] tallies = new CounterState[hits.size()];
        Map<CounterKey, List<Integer>> counted = new LinkedHashMap<>();
        Set<Seen> countedTokens = new HashSet<>();
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            Seen seen = hit.token() == null ? null : new Seen(hit.token(), hit.key());
            if (seen != null && hit.returning() && (countedTokens.contains(seen) || countedSince(hit, suppressSince))) {
                continue; // suppressed: answered below, with the state after the batch
            }
            if (seen != null) {
                countedTokens.add(seen);
            }
            counted.computeIfAbsent(hit.key(), k -> new ArrayList<>()).add(i);
        }
        Map<CounterKey, After> after = new HashMap<>();
        for (Map.Entry<CounterKey, List<Integer>> e : counted.entrySet()) {
            List<Integer> indexes = e.getValue();
            After state = increment(e.getKey(), indexes.size(), now, day, hits, indexes);
            if (state == null) {
                state = new After(0, 0, 0);
                after.put(e.getKey(), state);
                for (int i : indexes) {
                    tallies[i] = new CounterState(e.getKey(), 0, 0, false);
                }
                continue;
            }
            after.put(e.getKey(), state);
            for (int n = 0; n < indexes.size(); n++) {
                int back = indexes.size() - 1 - n;
                Hit hit = hits.get(indexes.get(n));
                tallies[indexes.get(n)] = new CounterState(hit.key(), state.count() - back, state.today() - back, true);
                if (hit.token() != null) {
                    remember(hit.token(), state.id(), now);
                }
            }
        }
        for (int i = 0; i < tallies.length; i++) {
            if (tallies[i] == null) {
                Hit hit = hits.get(i);
                After state = after.get(hit.key());
                if (state == null) {
                    state = current(hit.key(), day);
                    after.put(hit.key(), state); // later suppressed hits on this counter read it once
                }
                tallies[i] = new CounterState(hit.key(), state.count(), state.today(), false);
            }
        }
        return List.of(tallies);
    }

    private boolean countedSince(Hit hit, long since) throws SQLException {
        lastCounted.setString(1, hit.key().kind().column());
        lastCounted.setString(2, hit.key().key());
        lastCounted.setBytes(3, hit.token().key());
        try (ResultSet rs = lastCounted.executeQuery()) {
            return rs.next() && rs.getLong(1) >= since;
        }
    }

    /** A new counter is kept if one of its hits in the batch may create it; the first that may is charged. */
    private static boolean mayCreate(List<Hit> hits, List<Integer> indexes) {
        for (int i : indexes) {
            if (hits.get(i).creation().allow()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the hits to the counter and to its day. A new counter is created if one of its hits may create
     * it; if none may, nothing is written and the answer is null.
     */
    private After increment(CounterKey key, int hits, long now, String day, List<Hit> batch, List<Integer> indexes)
            throws SQLException {
        increment.setLong(1, hits);
        increment.setLong(2, now);
        increment.setString(3, key.kind().column());
        increment.setString(4, key.key());
        long[] idAndCount = idAndCount(increment);
        if (idAndCount == null) {
            if (!mayCreate(batch, indexes)) {
                return null;
            }
            create.setString(1, key.kind().column());
            create.setString(2, key.key());
            create.setLong(3, hits);
            create.setLong(4, now);
            idAndCount = idAndCount(create);
        }
        countToday.setLong(1, idAndCount[0]);
        countToday.setString(2, day);
        countToday.setLong(3, hits);
        try (ResultSet rs = countToday.executeQuery()) {
            rs.next();
            return new After(idAndCount[0], idAndCount[1], rs.getLong(1));
        }
    }

    private static long[] idAndCount(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
        }
    }

    private void remember(Token token, long counterId, long now) throws SQLException {
        rememberToken.setBytes(1, token.key());
        rememberToken.setLong(2, counterId);
        rememberToken.setLong(3, now);
        rememberToken.executeUpdate();
    }

    /** The state of a counter that no hit of this batch changed (a suppressed hit's counter exists). */
    private After current(CounterKey key, String day) throws SQLException {
        current.setString(1, key.kind().column());
        current.setString(2, key.key());
        try (ResultSet rs = current.executeQuery()) {
            if (!rs.next()) {
                return new After(0, 0, 0);
            }
            long id = rs.getLong(1);
            return new After(id, rs.getLong(2), today(id, day));
        }
    }

    private long today(long counterId, String day) throws SQLException {
        today.setLong(1, counterId);
        today.setString(2, day);
        try (ResultSet rs = today.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

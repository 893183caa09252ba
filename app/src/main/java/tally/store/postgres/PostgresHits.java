package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Hit;

/**
 * The statements of a batch of hits on PostgreSQL, run inside one transaction, with store.HitStore's answers. Many
 * instances write at once, so the refresh-suppression check is not a read: each token's row is claimed by one
 * atomic upsert that only succeeds when the token was last counted before the window, and a second instance
 * claiming the same token waits for the first one's commit and then finds it counted.
 */
public final class PostgresHits {

    /**
     * Changes one row (update count 1) only when the hit counts: the token is new to this counter, or was counted
     * before the window; else 0. Run as one JDBC batch, which pgjdbc sends without waiting for each answer.
     */
    private static final String CLAIM = """
            INSERT INTO refresh_tokens (token, counter_id, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (token, counter_id) DO UPDATE SET counted_at = excluded.counted_at
            WHERE refresh_tokens.counted_at < ?
            """;
    private static final String INCREMENT = "UPDATE counters SET count = count + ?, last_hit = ? WHERE id = ? RETURNING count";
    private static final String COUNT_TODAY = """
            INSERT INTO daily_hits (counter_id, day, hits) VALUES (?, ?, ?)
            ON CONFLICT (counter_id, day) DO UPDATE SET hits = daily_hits.hits + excluded.hits
            RETURNING hits
            """;
    private static final String CURRENT = """
            SELECT c.count, COALESCE(d.hits, 0)
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            WHERE c.id = ?
            """;


    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String SERIALIZATION_FAILURE = "40001";

    /** Every instance takes counters, and each counter's tokens, in this order, so two batches never deadlock. */
    private static final Comparator<CounterKey> KEY_ORDER =
            Comparator.comparing((CounterKey k) -> k.kind().column()).thenComparing(CounterKey::key);

    private final Connection c;
    private final List<PostgresNotifier.Change> changed = new ArrayList<>();

    /** Runs on {@code c}, which must be inside a transaction (PostgresDatabase.inTransaction). */
    public PostgresHits(Connection c) {
        this.c = c;
    }

    /**
     * Applies a batch of hits and answers each one's tally, as HitStore.applyAll does: a returning token counted
     * for the counter at or after {@code suppressSince} (here or by any instance, in an earlier batch or earlier
     * in this one) is not counted; the i-th counted hit of a counter is answered with the i-th of its new counts;
     * a suppressed hit with its counter's state after the batch. {@code day} is the UTC day, ISO formatted.
     */
    public List<CounterState> applyAll(List<Hit> hits, long now, long suppressSince, String day) throws SQLException {
        try {
            return apply(hits, now, suppressSince, day);
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw deleted(e);
            }
            throw e;
        }
    }

    /**
     * A counter of the batch was deleted by another instance (PostgresCounterEdits.delete) after this batch found
     * it: a serialization failure, so PostgresDatabase.inTransaction runs the batch again, which creates it anew.
     */
    private static SQLException deleted(Throwable cause) {
        return new SQLException("a counter of this batch was deleted by another instance meanwhile", SERIALIZATION_FAILURE, cause);
    }

    private List<CounterState> apply(List<Hit> hits, long now, long suppressSince, String day) throws SQLException {
        LocalDate date = LocalDate.parse(day);
        Map<CounterKey, List<Integer>> byKey = new TreeMap<>(KEY_ORDER);
        for (int i = 0; i < hits.size(); i++) {
            byKey.computeIfAbsent(hits.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        CounterState[] tallies = new CounterState[hits.size()];
        Map<CounterKey, Long> ids = new PostgresCounterIds(c).of(byKey, hits, now);
        // A new counter none of whose hits may create it (the new-counter cap) is not written: its hits answer 0.
        byKey.entrySet().removeIf(e -> {
            if (ids.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(i -> tallies[i] = new CounterState(e.getKey(), 0, 0, false));
            return true;
        });
        Map<CounterKey, boolean[]> claimed = claim(hits, byKey, ids, now, suppressSince);
        for (Map.Entry<CounterKey, List<Integer>> e : byKey.entrySet()) {
            CounterKey key = e.getKey();
            long id = ids.get(key);
            boolean[] counts = claimed.get(key);
            int n = 0;
            for (boolean b : counts) {
                n += b ? 1 : 0;
            }
            long[] state = n > 0 ? increment(id, n, now, date) : current(id, date);
            if (n > 0) {
                changed.add(new PostgresNotifier.Change(id, key.kind().column(), key.key(), state[0], state[1]));
            }
            int back = n;
            for (int j = 0; j < counts.length; j++) {
                int i = e.getValue().get(j);
                back -= counts[j] ? 1 : 0;
                tallies[i] = counts[j] ? new CounterState(key, state[0] - back, state[1] - back, true)
                        : new CounterState(key, state[0], state[1], false);
            }
        }
        return List.of(tallies);
    }

    /** The counters this batch incremented, with their states after it: what the instance NOTIFYs. */
    public List<PostgresNotifier.Change> changed() {
        return List.copyOf(changed);
    }

    /**
     * Whether each hit counts, per counter (indexes in arrival order): every claim of the batch goes in one JDBC
     * batch, counters in key order and each counter's tokens in byte order, the same on every instance.
     */
    private Map<CounterKey, boolean[]> claim(List<Hit> hits, Map<CounterKey, List<Integer>> byKey,
                                             Map<CounterKey, Long> ids, long now, long since) throws SQLException {
        Map<CounterKey, boolean[]> counts = new HashMap<>();
        List<boolean[]> targets = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            for (Map.Entry<CounterKey, List<Integer>> e : byKey.entrySet()) {
                List<Integer> indexes = e.getValue();
                boolean[] these = new boolean[indexes.size()];
                counts.put(e.getKey(), these);
                List<Integer> order = new ArrayList<>();
                for (int j = 0; j < indexes.size(); j++) {
                    if (hits.get(indexes.get(j)).token() == null) {
                        these[j] = true;
                    } else {
                        order.add(j);
                    }
                }
                order.sort((a, b) -> Arrays.compareUnsigned(hits.get(indexes.get(a)).token().key(),
                        hits.get(indexes.get(b)).token().key())); // stable: one token's hits keep their order
                for (int j : order) {
                    Hit hit = hits.get(indexes.get(j));
                    s.setBytes(1, hit.token().key());
                    s.setLong(2, ids.get(e.getKey()));
                    s.setLong(3, now);
                    // A token issued with this very hit has no past: it counts, and its row is written either way.
                    s.setLong(4, hit.returning() ? since : Long.MAX_VALUE);
                    s.addBatch();
                    targets.add(these);
                    slots.add(j);
                }
            }
            if (!targets.isEmpty()) {
                int[] changed = s.executeBatch();
                for (int k = 0; k < changed.length; k++) {
                    if (changed[k] < 0) {
                        // pgjdbc answers SUCCESS_NO_INFO when reWriteBatchedInserts=true merges the rows.
                        throw new SQLException("the driver did not say which tokens counted:"
                                + " remove reWriteBatchedInserts from TALLY_DB");
                    }
                    targets.get(k)[slots.get(k)] = changed[k] > 0;
                }
            }
        }
        return counts;
    }

    private long[] increment(long id, int hits, long now, LocalDate day) throws SQLException {
        long count;
        try (PreparedStatement s = c.prepareStatement(INCREMENT)) {
            s.setLong(1, hits);
            s.setLong(2, now);
            s.setLong(3, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw deleted(null);
                }
                count = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(COUNT_TODAY)) {
            s.setLong(1, id);
            s.setObject(2, day);
            s.setLong(3, hits);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {count, rs.getLong(1)};
            }
        }
    }

    private long[] current(long id, LocalDate day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(CURRENT)) {
            s.setObject(1, day);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw deleted(null);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}

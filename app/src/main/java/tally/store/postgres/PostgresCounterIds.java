package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tally.count.CounterKey;
import tally.count.Hit;

/**
 * The ids of a batch's counters on PostgreSQL, inside the batch's transaction: found in one look-up, and a
 * counter not there yet created (or found, when another instance has just created it), in the order given.
 */
final class PostgresCounterIds {

    private static final String COUNTER_ID = "SELECT id FROM counters WHERE kind = ? AND key = ?";
    private static final String COUNTER_IDS = """
            SELECT c.kind, c.key, c.id
            FROM unnest(?::text[], ?::text[]) AS u (kind, key) JOIN counters c ON c.kind = u.kind AND c.key = u.key
            """;
    private static final String CREATE = """
            INSERT INTO counters (kind, key, count, created_at) VALUES (?, ?, 0, ?)
            ON CONFLICT (kind, key) DO NOTHING
            RETURNING id
            """;

    private final Connection c;

    PostgresCounterIds(Connection c) {
        this.c = c;
    }

    /** The ids of these counters, in one look-up; a counter not there yet is created (or found, if another instance just did). */
    Map<CounterKey, Long> of(Map<CounterKey, List<Integer>> byKey, List<Hit> hits, long now) throws SQLException {
        Set<CounterKey> keys = byKey.keySet();
        Map<CounterKey, Long> ids = new HashMap<>();
        String[] kinds = keys.stream().map(k -> k.kind().column()).toArray(String[]::new);
        String[] names = keys.stream().map(CounterKey::key).toArray(String[]::new);
        try (PreparedStatement s = c.prepareStatement(COUNTER_IDS)) {
            s.setArray(1, c.createArrayOf("text", kinds));
            s.setArray(2, c.createArrayOf("text", names));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.put(PostgresCounterListing.key(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }
            }
        }
        for (CounterKey key : keys) {
            if (!ids.containsKey(key) && mayCreate(hits, byKey.get(key))) {
                ids.put(key, counterId(key, now)); // in key order, as every instance creates them
            }
        }
        return ids;
    }

    /** A new counter is made if one of its hits in the batch may create it; the first that may is charged. */
    private static boolean mayCreate(List<Hit> hits, List<Integer> indexes) {
        for (int i : indexes) {
            if (hits.get(i).creation().allow()) {
                return true;
            }
        }
        return false;
    }

    private long counterId(CounterKey key, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COUNTER_ID)) {
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(CREATE)) {
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            s.setLong(3, now);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        // Another instance created it since our look-up and has committed (ON CONFLICT waited for it).
        return counterId(key, now);
    }
}

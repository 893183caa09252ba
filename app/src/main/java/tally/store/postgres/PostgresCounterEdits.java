package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tally.admin.CounterStore.Row;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.store.ImportCeiling;

/**
 * The admin's changes to counters on PostgreSQL, each inside the caller's transaction; store.sqlite.CounterEdits' twin.
 * Other instances count the same counters meanwhile, so every change takes the counter rows it writes in the order
 * PostgresHits does (new counters first, then existing ones, by kind and key) and writes days only under those
 * locks: a concurrent batch of hits waits, or is waited for, and its increment lands on the new value or under it,
 * never lost. Ids come from the identity column and are never reused, so an id another instance still holds for a
 * deleted counter never names a different one.
 */
final class PostgresCounterEdits {

    /** Counters whose new values are handed to live streams after an import; beyond it they show at their next hit. */
    static final int NOTIFY_MAX = 10_000;

    /** A counter's undated lines give its total; a counter with dated lines only gets their sum. */
    private static final String TOTALS = """
            CREATE TEMP TABLE import_totals ON COMMIT DROP AS
            SELECT kind, key, false AS created,
                   CASE WHEN count(day) < count(*) THEN sum(count) FILTER (WHERE day IS NULL) ELSE sum(count) END::bigint AS total
            FROM import_rows GROUP BY kind, key
            """;
    /** Creates the counters that do not exist yet, with their totals, in key order, and marks them. */
    private static final String CREATE = """
            WITH created AS (
                INSERT INTO counters (kind, key, count, created_at)
                SELECT kind, key, total, ? FROM import_totals ORDER BY kind COLLATE "C", key COLLATE "C"
                ON CONFLICT (kind, key) DO NOTHING
                RETURNING kind, key
            )
            UPDATE import_totals t SET created = true FROM created c WHERE t.kind = c.kind AND t.key = c.key
            """;
    /** The existing counters the import names, locked in key order (rows are locked after the sort). */
    private static final String LOCK_EXISTING = """
            SELECT count(*) FROM (
                SELECT c.id FROM import_totals t JOIN counters c ON c.kind = t.kind AND c.key = t.key
                WHERE NOT t.created
                ORDER BY c.kind COLLATE "C", c.key COLLATE "C"
                FOR NO KEY UPDATE OF c
            ) locked
            """;
    private static final String APPLY_TOTALS = """
            UPDATE counters c SET count = CASE WHEN ? THEN c.count + t.total ELSE t.total END
            FROM import_totals t WHERE c.kind = t.kind AND c.key = t.key AND NOT t.created
            """;
    private static final String DAYS = """
            INSERT INTO daily_hits (counter_id, day, hits)
            SELECT c.id, r.day, sum(r.count)
            FROM import_rows r JOIN counters c ON c.kind = r.kind AND c.key = r.key
            WHERE r.day IS NOT NULL GROUP BY c.id, r.day ORDER BY c.id, r.day
            ON CONFLICT (counter_id, day) DO UPDATE SET hits = CASE WHEN ? THEN daily_hits.hits + excluded.hits ELSE excluded.hits END
            """;
    private static final String IMPORTED = """
            SELECT c.kind, c.key, c.count, COALESCE(d.hits, 0)
            FROM import_totals t
            JOIN counters c ON c.kind = t.kind AND c.key = t.key
            LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            LIMIT ?
            """;
    private static final String SET = """
            INSERT INTO counters (kind, key, count, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, key) DO UPDATE SET count = excluded.count
            RETURNING id
            """;
    private static final String TODAY = "SELECT COALESCE((SELECT hits FROM daily_hits WHERE counter_id = ? AND day = ?), 0)";
    private static final String FIND = "SELECT id FROM counters WHERE kind = ? AND key = ?";
    /** The counter's tokens, locked in byte order as PostgresHits claims them. */
    private static final String LOCK_TOKENS = """
            SELECT count(*) FROM (SELECT 1 FROM refresh_tokens WHERE counter_id = ? ORDER BY token FOR UPDATE) locked
            """;
    /** Hits that hold the counter finish first; hits after it wait, so no token or day can be added under it. */
    private static final String LOCK_COUNTER = "SELECT id FROM counters WHERE id = ? FOR UPDATE";

    private PostgresCounterEdits() {
    }

    /**
     * Applies import rows: lines naming the same counter (or day) are summed; {@code add} adds to the stored
     * values instead of replacing them. Answers the state of up to {@link #NOTIFY_MAX} imported counters;
     * {@code counters} receives how many counters the import named. The rows are read once per call.
     */
    public static List<CounterState> importRows(Connection c, Iterable<Row> rows, boolean add, long now, String today,
                                         long[] counters) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp.import_totals");
        }
        PostgresImportRows.stage(c, rows);
        ImportCeiling.check(c, add);
        try (Statement s = c.createStatement()) {
            counters[0] = s.executeUpdate(TOTALS);
        }
        try (PreparedStatement s = c.prepareStatement(CREATE)) {
            s.setLong(1, now);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.executeQuery(LOCK_EXISTING).close();
        }
        try (PreparedStatement s = c.prepareStatement(APPLY_TOTALS)) {
            s.setBoolean(1, add);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(DAYS)) {
            s.setBoolean(1, add);
            s.executeUpdate();
        }
        List<CounterState> changed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(IMPORTED)) {
            s.setObject(1, LocalDate.parse(today));
            s.setInt(2, NOTIFY_MAX);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(new CounterState(PostgresCounterListing.key(rs.getString(1), rs.getString(2)),
                            rs.getLong(3), rs.getLong(4), true));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE import_totals");
            s.execute("DROP TABLE import_rows");
        }
        return changed;
    }

    /** Sets a counter's total (creating it), keeping its days; answers its new state. */
    public static List<CounterState> set(Connection c, CounterKey key, long count, long now, String today) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement(SET)) {
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            s.setLong(3, count);
            s.setLong(4, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(TODAY)) {
            s.setLong(1, id);
            s.setObject(2, LocalDate.parse(today));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of(new CounterState(key, count, rs.getLong(1), true));
            }
        }
    }

    /**
     * Deletes a counter with its days and refresh tokens; answers it at zero, or nothing if there was no such
     * counter. Its tokens are locked first, in the order hits claim them, then the counter itself.
     */
    public static List<CounterState> delete(Connection c, CounterKey key) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                id = rs.getLong(1);
            }
        }
        run(c, LOCK_TOKENS, id);
        try (PreparedStatement s = c.prepareStatement(LOCK_COUNTER)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return List.of(); // deleted by another instance meanwhile
                }
            }
        }
        for (String table : List.of("refresh_tokens", "daily_hits")) {
            run(c, "DELETE FROM " + table + " WHERE counter_id = ?", id);
        }
        run(c, "DELETE FROM counters WHERE id = ?", id);
        return List.of(new CounterState(key, 0, 0, true));
    }

    private static void run(Connection c, String sql, long value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, value);
            s.execute();
        }
    }
}

package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tally.StorageException;
import tally.admin.CounterStore.Row;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.store.ImportCeiling;

/**
 * The admin's changes to counters, each run inside one write transaction (the hit writer's, or the command
 * line's on a stopped server): importing rows, setting a total, deleting a counter with its history.
 */
final class CounterEdits {

    /** Counters whose new values are handed to live streams after an import; beyond it they show at their next hit. */
    static final int NOTIFY_MAX = 10_000;

    private static final String STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS import_rows (kind TEXT NOT NULL, key TEXT NOT NULL, count BIGINT NOT NULL, day TEXT,
                                                         line BIGINT NOT NULL)
            """;
    private static final String STAGE_TOTALS = """
            CREATE TEMP TABLE IF NOT EXISTS import_totals (kind TEXT NOT NULL, key TEXT NOT NULL, total BIGINT NOT NULL,
                                                           PRIMARY KEY (kind, key)) WITHOUT ROWID
            """;
    private static final String STAGE_ROW = "INSERT INTO temp.import_rows (kind, key, count, day, line) VALUES (?, ?, ?, ?, ?)";
    /** A counter's undated lines give its total; a counter with dated lines only gets their sum. */
    private static final String TOTALS = """
            INSERT INTO temp.import_totals (kind, key, total)
            SELECT kind, key, CASE WHEN count(day) < count(*) THEN sum(CASE WHEN day IS NULL THEN count END) ELSE sum(count) END
            FROM temp.import_rows GROUP BY kind, key
            """;
    private static final String APPLY_TOTALS = """
            INSERT INTO counters (kind, key, count, created_at)
            SELECT kind, key, total, ? FROM temp.import_totals WHERE true
            ON CONFLICT (kind, key) DO UPDATE SET count = CASE WHEN ? THEN counters.count + excluded.count ELSE excluded.count END
            """;
    private static final String DAYS = """
            INSERT INTO daily_hits (counter_id, day, hits)
            SELECT c.id, r.day, sum(r.count)
            FROM temp.import_rows r JOIN counters c ON c.kind = r.kind AND c.key = r.key
            WHERE r.day IS NOT NULL GROUP BY c.id, r.day
            ON CONFLICT (counter_id, day) DO UPDATE SET hits = CASE WHEN ? THEN daily_hits.hits + excluded.hits ELSE excluded.hits END
            """;
    private static final String IMPORTED = """
            SELECT c.kind, c.key, c.count, coalesce(d.hits, 0)
            FROM temp.import_totals r
            JOIN counters c ON c.kind = r.kind AND c.key = r.key
            LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            LIMIT ?
            """;
    private static final String SET = """
            INSERT INTO counters (kind, key, count, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, key) DO UPDATE SET count = excluded.count
            RETURNING id
            """;
    private static final String TODAY = "SELECT coalesce((SELECT hits FROM daily_hits WHERE counter_id = ? AND day = ?), 0)";
    private static final String FIND = "SELECT id FROM counters WHERE kind = ? AND key = ?";

    private CounterEdits() {
    }

    /**
     * Applies import rows: lines naming the same counter (or day) are summed; {@code add} adds to the stored
     * values instead of replacing them. Answers the state of up to {@link #NOTIFY_MAX} imported counters;
     * {@code counters} receives how many counters the import named.
     */
    public static List<CounterState> importRows(Connection c, Iterable<Row> rows, boolean add, long now, String today,
                                         long[] counters) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(STAGE);
            s.execute(STAGE_TOTALS);
            s.execute("DELETE FROM temp.import_rows");
            s.execute("DELETE FROM temp.import_totals");
        }
        try (PreparedStatement stage = c.prepareStatement(STAGE_ROW)) {
            for (Row r : rows) {
                stage.setString(1, r.key().kind().column());
                stage.setString(2, r.key().key());
                stage.setLong(3, r.count());
                stage.setString(4, r.day());
                stage.setLong(5, r.line());
                stage.executeUpdate();
            }
        }
        ImportCeiling.check(c, add);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(TOTALS);
        }
        try (PreparedStatement s = c.prepareStatement(APPLY_TOTALS)) {
            s.setLong(1, now);
            s.setInt(2, add ? 1 : 0);
            s.executeUpdate();
        }
        run(c, DAYS, add ? 1 : 0);
        List<CounterState> changed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(IMPORTED)) {
            s.setString(1, today);
            s.setInt(2, NOTIFY_MAX);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(new CounterState(key(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getLong(4), true));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM temp.import_totals")) {
                counters[0] = rs.next() ? rs.getLong(1) : 0;
            }
            s.execute("DELETE FROM temp.import_rows");
            s.execute("DELETE FROM temp.import_totals");
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
            s.setString(2, today);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of(new CounterState(key, count, rs.getLong(1), true));
            }
        }
    }

    /** Deletes a counter with its days and refresh tokens; answers it at zero, or nothing if there was no such counter. */
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
        for (String table : List.of("refresh_tokens", "daily_hits")) {
            run(c, "DELETE FROM " + table + " WHERE counter_id = ?", id);
        }
        run(c, "DELETE FROM counters WHERE id = ?", id);
        return List.of(new CounterState(key, 0, 0, true));
    }

    static CounterKey key(String column, String key) {
        try {
            return new CounterKey(CounterKey.Kind.ofColumn(column), key);
        } catch (IllegalArgumentException e) {
            throw new StorageException(e.getMessage() + " in the database", e);
        }
    }

    private static void run(Connection c, String sql, long value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, value);
            s.executeUpdate();
        }
    }
}

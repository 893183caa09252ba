package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tally.StorageException;
import tally.count.CounterKey;
import tally.count.CounterReads;
import tally.count.CounterState;
import tally.count.History;

/** Reads of counters on SQLite, through the reader pool: they never wait for the writer. */
public final class SqliteCounterReads implements CounterReads {

    private static final String COUNT_OF = """
            SELECT c.count, COALESCE(d.hits, 0)
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            WHERE c.kind = ? AND c.key = ?
            """;

    private static final String DAILY_HITS = """
            SELECT d.day, d.hits
            FROM counters c JOIN daily_hits d ON d.counter_id = c.id
            WHERE c.kind = ? AND c.key = ? AND d.day >= ?
            ORDER BY d.day
            """;

    private final Database db;

    public SqliteCounterReads(Database db) {
        this.db = db;
    }

    /** The counter's total and today's hits, or null for a counter that was never counted. */
    public CounterState countOf(CounterKey key, String day) {
        try (Connection c = db.reader()) {
            PreparedStatement s = db.prepared(c, COUNT_OF);
            s.setString(1, day);
            s.setString(2, key.kind().column());
            s.setString(3, key.key());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new CounterState(key, rs.getLong(1), rs.getLong(2), false) : null;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the count of " + key.kind().column() + " " + key.key()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The counter's days with hits from {@code firstDay} (an ISO date, UTC) on, oldest first; none for a counter never hit. */
    public List<History.Day> dailyHits(CounterKey key, String firstDay) {
        try (Connection c = db.reader()) {
            PreparedStatement s = db.prepared(c, DAILY_HITS);
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            s.setString(3, firstDay);
            List<History.Day> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(new History.Day(LocalDate.parse(rs.getString(1)), rs.getLong(2)));
                }
            }
            return days;
        } catch (SQLException e) {
            throw new StorageException("cannot read the daily hits of " + key.kind().column() + " " + key.key()
                    + ": " + e.getMessage(), e);
        }
    }

    /** True when a reader connection answers a trivial query. */
    public boolean answers() {
        try (Connection c = db.reader(); ResultSet rs = db.prepared(c, "SELECT 1").executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }
}

package tally.store.postgres;

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

/** Reads of counters through the pool, store.CounterReads' twin: they see every instance's committed hits. */
final class PostgresCounterReads implements CounterReads {

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

    private final PostgresDatabase db;

    PostgresCounterReads(PostgresDatabase db) {
        this.db = db;
    }

    /** The counter's total and the hits of {@code day} (ISO date, UTC), or null for a counter that was never counted. */
    @Override
    public CounterState countOf(CounterKey key, String day) {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(COUNT_OF)) {
            s.setObject(1, LocalDate.parse(day));
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
    @Override
    public List<History.Day> dailyHits(CounterKey key, String firstDay) {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(DAILY_HITS)) {
            s.setString(1, key.kind().column());
            s.setString(2, key.key());
            s.setObject(3, LocalDate.parse(firstDay));
            List<History.Day> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(new History.Day(rs.getObject(1, LocalDate.class), rs.getLong(2)));
                }
            }
            return days;
        } catch (SQLException e) {
            throw new StorageException("cannot read the daily hits of " + key.kind().column() + " " + key.key()
                    + ": " + e.getMessage(), e);
        }
    }

    /** True when a pooled connection answers a trivial query. */
    @Override
    public boolean answers() {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement("SELECT 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }
}

package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tally.StorageException;
import tally.admin.CounterStore.Listed;
import tally.admin.CounterStore.Page;
import tally.admin.CounterStore.Sink;
import tally.count.CounterKey;

/** The admin's reads of counters through the reader pool: a page of a search, and everything for an export. */
final class CounterListing {

    /** Orders by name; the SQL comes from this fixed table, never from the request. */
    private static final Map<String, String> ORDER = Map.of(
            "count", "c.count DESC, c.id",
            "today", "today DESC, c.count DESC, c.id",
            "last", "c.last_hit IS NULL, c.last_hit DESC, c.id",
            "key", "c.key, c.kind");
    private static final String MATCHING = "SELECT count(*) FROM counters c WHERE instr(lower(c.key), lower(?)) > 0";
    private static final String PAGE = """
            SELECT c.kind, c.key, c.count, coalesce(d.hits, 0) AS today, c.last_hit
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            WHERE instr(lower(c.key), lower(?)) > 0
            ORDER BY %s LIMIT ? OFFSET ?
            """;
    private static final String EXPORT = """
            SELECT c.kind, c.key, c.count, d.day, d.hits
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id
            ORDER BY c.id, d.day
            """;

    private final Database db;

    CounterListing(Database db) {
        this.db = db;
    }

    /** Counters whose key contains {@code q} (any case), sorted by {@code sort} (one of CounterStore.SORTS). */
    public Page page(String q, String sort, int limit, long offset, String today) {
        try (Connection c = db.reader()) {
            long total;
            try (PreparedStatement s = c.prepareStatement(MATCHING)) {
                s.setString(1, q);
                try (ResultSet rs = s.executeQuery()) {
                    total = rs.next() ? rs.getLong(1) : 0;
                }
            }
            List<Listed> listed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(PAGE.formatted(ORDER.get(sort)))) {
                s.setString(1, today);
                s.setString(2, q);
                s.setInt(3, limit);
                s.setLong(4, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(5);
                        Long lastHit = rs.wasNull() ? null : last;
                        listed.add(new Listed(CounterEdits.key(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getLong(4), lastHit));
                    }
                }
            }
            return new Page(total, listed);
        } catch (SQLException e) {
            throw new StorageException("cannot list counters: " + e.getMessage(), e);
        }
    }

    /** Hands every counter and day to the sink in one read transaction: a consistent snapshot, streamed. */
    public static void export(Connection c, Sink sink) throws SQLException, java.io.IOException {
        try (PreparedStatement s = c.prepareStatement(EXPORT); ResultSet rs = s.executeQuery()) {
            CounterKey last = null;
            String lastKind = null;
            String lastKey = null;
            while (rs.next()) {
                String kind = rs.getString(1);
                String key = rs.getString(2);
                if (!kind.equals(lastKind) || !key.equals(lastKey)) {
                    last = CounterEdits.key(kind, key);
                    lastKind = kind;
                    lastKey = key;
                    sink.counter(last, rs.getLong(3));
                }
                String day = rs.getString(4);
                if (day != null) {
                    sink.day(last, day, rs.getLong(5));
                }
            }
        }
    }

    /** As {@link #export(Connection, Sink)}, on a reader connection. */
    public void export(Sink sink) throws java.io.IOException {
        try (Connection c = db.reader()) {
            export(c, sink);
        } catch (SQLException e) {
            throw new StorageException("cannot export counters: " + e.getMessage(), e);
        }
    }
}

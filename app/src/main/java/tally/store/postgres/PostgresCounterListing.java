package tally.store.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tally.StorageException;
import tally.admin.CounterStore.Listed;
import tally.admin.CounterStore.Page;
import tally.admin.CounterStore.Sink;
import tally.count.CounterKey;

/** The admin's reads of counters through the pool, store.sqlite.CounterListing's twin: a page of a search, and an export. */
final class PostgresCounterListing {

    /**
     * Orders by name; the SQL comes from this fixed table, never from the request. Keys compare byte by byte
     * (COLLATE "C"), as SQLite's do, whatever the database's own collation.
     */
    private static final Map<String, String> ORDER = Map.of(
            "count", "c.count DESC, c.id",
            "today", "today DESC, c.count DESC, c.id",
            "last", "c.last_hit DESC NULLS LAST, c.id",
            "key", "c.key COLLATE \"C\", c.kind COLLATE \"C\"");
    private static final String MATCHING = "SELECT count(*) FROM counters c WHERE strpos(lower(c.key), lower(?)) > 0";
    private static final String PAGE = """
            SELECT c.kind, c.key, c.count, COALESCE(d.hits, 0) AS today, c.last_hit
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id AND d.day = ?
            WHERE strpos(lower(c.key), lower(?)) > 0
            ORDER BY %s LIMIT ? OFFSET ?
            """;
    private static final String EXPORT = """
            SELECT c.kind, c.key, c.count, d.day, d.hits
            FROM counters c LEFT JOIN daily_hits d ON d.counter_id = c.id
            ORDER BY c.id, d.day
            """;
    /** Rows fetched from the export's cursor at a time: the export holds this many in memory, not the table. */
    static final int FETCH = 1_000;

    private final PostgresDatabase db;

    PostgresCounterListing(PostgresDatabase db) {
        this.db = db;
    }

    /** Counters whose key contains {@code q} (any case), sorted by {@code sort} (one of CounterStore.SORTS). */
    public Page page(String q, String sort, int limit, long offset, String today) {
        if (!ORDER.containsKey(sort)) {
            throw new IllegalArgumentException("unknown sort " + sort);
        }
        try (Connection c = db.connection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement(MATCHING)) {
                s.setString(1, q);
                try (ResultSet rs = s.executeQuery()) {
                    total = rs.next() ? rs.getLong(1) : 0;
                }
            }
            List<Listed> listed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(PAGE.formatted(ORDER.get(sort)))) {
                s.setObject(1, LocalDate.parse(today));
                s.setString(2, q);
                s.setInt(3, limit);
                s.setLong(4, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(5);
                        Long lastHit = rs.wasNull() ? null : last;
                        listed.add(new Listed(key(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getLong(4), lastHit));
                    }
                }
            }
            return new Page(total, listed);
        } catch (SQLException e) {
            throw new StorageException("cannot list counters: " + e.getMessage(), e);
        }
    }

    /**
     * Hands every counter and day to the sink from one statement (a consistent snapshot), streamed through a
     * cursor: pgjdbc fetches {@link #FETCH} rows at a time only with autocommit off, so this turns it off for the
     * export and rolls the read-only transaction back after.
     */
    public static void export(Connection c, Sink sink) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(EXPORT)) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery()) {
                CounterKey last = null;
                String lastKind = null;
                String lastKey = null;
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String key = rs.getString(2);
                    if (!kind.equals(lastKind) || !key.equals(lastKey)) {
                        last = key(kind, key);
                        lastKind = kind;
                        lastKey = key;
                        sink.counter(last, rs.getLong(3));
                    }
                    LocalDate day = rs.getObject(4, LocalDate.class);
                    if (day != null) {
                        sink.day(last, day.toString(), rs.getLong(5));
                    }
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** As {@link #export(Connection, Sink)}, on a pooled connection. */
    public void export(Sink sink) throws IOException {
        try (Connection c = db.connection()) {
            export(c, sink);
        } catch (SQLException e) {
            throw new StorageException("cannot export counters: " + e.getMessage(), e);
        }
    }

    /** The key of a row: its kind as stored in {@code counters.kind}, and its text. */
    static CounterKey key(String column, String key) {
        try {
            return new CounterKey(CounterKey.Kind.ofColumn(column), key);
        } catch (IllegalArgumentException e) {
            throw new StorageException(e.getMessage() + " in the database", e);
        }
    }
}

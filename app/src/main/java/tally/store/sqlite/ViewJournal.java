package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import tally.analytics.View;

/**
 * Page views committed but not yet folded into the aggregates: one appended row per view, derived values only
 * (never an address or a User-Agent). Appending a row costs a fraction of the up to 31 upserts a view folds into,
 * and touches only the table's last pages; the ledger folds the rows into the aggregates every second or so, in
 * one transaction with their deletion. The reports read through views that add these rows to the aggregates.
 */
final class ViewJournal {

    private static final String ADD = """
            INSERT INTO analytics_pending (site, hour, page, title, bot, opted_out, new_visitor, new_on_page,
                new_from_referrer, referrer, browser, version, os, device, country, resolution)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String FIRST = """
            SELECT id, site, hour, page, title, bot, opted_out, new_visitor, new_on_page, new_from_referrer,
                referrer, browser, version, os, device, country, resolution
            FROM analytics_pending ORDER BY id LIMIT ?
            """;

    /** The oldest views of the journal, and the id of the last of them. */
    record Chunk(List<View> views, long lastId) {
    }

    private final Database db;

    ViewJournal(Database db) {
        this.db = db;
    }

    /** Appends the views, inside the writer's transaction. */
    void add(Connection c, List<View> views) throws SQLException {
        PreparedStatement s = db.prepared(c, ADD);
        for (View v : views) {
            s.setString(1, v.site());
            s.setLong(2, v.hour());
            text(s, 3, v.page());
            text(s, 4, v.title());
            s.setInt(5, v.bot() ? 1 : 0);
            s.setInt(6, v.optedOut() ? 1 : 0);
            s.setInt(7, v.newVisitor() ? 1 : 0);
            s.setInt(8, v.newOnPage() ? 1 : 0);
            s.setInt(9, v.newFromReferrer() ? 1 : 0);
            text(s, 10, v.referrer());
            text(s, 11, v.browser());
            text(s, 12, v.version());
            text(s, 13, v.os());
            text(s, 14, v.device());
            text(s, 15, v.country());
            text(s, 16, v.resolution());
            s.addBatch();
        }
        s.executeBatch();
    }

    /** How many views the journal holds. */
    static int size(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics_pending")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** At most {@code limit} of the journal's views, oldest first. */
    static Chunk first(Connection c, int limit) throws SQLException {
        List<View> views = new ArrayList<>();
        long last = 0;
        try (PreparedStatement s = c.prepareStatement(FIRST)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    views.add(new View(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6) != 0,
                            rs.getInt(7) != 0, rs.getInt(8) != 0, rs.getInt(9) != 0, rs.getInt(10) != 0, rs.getString(11),
                            rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                            rs.getString(17)));
                }
            }
        }
        return new Chunk(views, last);
    }

    /** Deletes the views up to {@code lastId}, once they are folded in the same transaction. */
    static void deleteUpTo(Connection c, long lastId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM analytics_pending WHERE id <= ?")) {
            s.setLong(1, lastId);
            s.executeUpdate();
        }
    }

    /** Empties the journal, once its views are folded in the same transaction. */
    static void clear(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM analytics_pending");
        }
    }

    private static void text(PreparedStatement s, int i, String value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.VARCHAR);
        } else {
            s.setString(i, value);
        }
    }
}

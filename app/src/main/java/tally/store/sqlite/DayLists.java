package tally.store.sqlite;

import static tally.analytics.DayList.DAY;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tally.analytics.DayList;
import tally.StorageException;

/**
 * Each finished day's lists over all its pages (analytics_day_lists): the views per (site, dimension, value),
 * the page list's value being the page. The hourly rows are kept per page, so that a report can be filtered by one;
 * an unfiltered report over months would add up every page's every hour, where a day's list has a row per value.
 * Days are added one at a time by the writer's chores, oldest first, once they are over and folded;
 * {@link #until()} is the day before which all are in.
 */
final class DayLists {

    /** No day is in yet, or the watermark was not read. */
    static final long NONE = Long.MIN_VALUE;

    static final String UNTIL = "SELECT day FROM analytics_day_lists_until";
    private static final String FIRST_UNTIL = "INSERT INTO analytics_day_lists_until (day) VALUES (?)";
    private static final String SET_UNTIL = "UPDATE analytics_day_lists_until SET day = ?";
    private static final String FIRST_HOUR = "SELECT min(hour) FROM analytics_hours";
    private static final String SITES_OF_DAY = "SELECT DISTINCT site FROM analytics_hours WHERE hour >= ? AND hour < ?";
    private static final String JOURNAL_BEFORE = "SELECT 1 FROM analytics_pending WHERE hour < ? LIMIT 1";
    private static final String ADD_DAY = """
            INSERT INTO analytics_day_lists (site, dimension, day, value, views)
            SELECT site, dimension, ?2, CASE WHEN dimension = 'page' THEN page ELSE value END, SUM(views)
            FROM analytics_values
            WHERE site = ?1 AND dimension IN ('page', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
                AND hour >= ?2 AND hour < ?3
            GROUP BY site, dimension, 4
            ON CONFLICT (site, dimension, day, value) DO UPDATE SET views = analytics_day_lists.views + excluded.views
            """;
    private static final String ADD = """
            INSERT INTO analytics_day_lists (site, dimension, day, value, views) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (site, dimension, day, value) DO UPDATE SET views = analytics_day_lists.views + excluded.views
            """;

    private final Database db;
    /** The writer's: set after its transaction commits (reports read the table's, see AnalyticsReads). */
    private volatile long until;

    DayLists(Database db) {
        this.db = db;
        try (Connection c = db.reader(); PreparedStatement s = c.prepareStatement(UNTIL); ResultSet rs = s.executeQuery()) {
            until = rs.next() ? rs.getLong(1) : NONE;
        } catch (SQLException e) {
            throw new StorageException("cannot read the analytics day lists: " + e.getMessage(), e);
        }
    }

    /** Every day before this is in the lists (epoch s, a UTC midnight), or NONE. */
    long until() {
        return until;
    }

    /** After the transaction of {@link #addOneDay} committed. */
    void advanced(long day) {
        until = day;
    }

    /**
     * Adds the first day not yet in, if it ended before {@code before} and the journal holds none of its views;
     * answers the new watermark, for {@link #advanced} once committed (unchanged when there was nothing to add).
     */
    long addOneDay(Connection c, long before) throws SQLException {
        long day = until;
        if (day == NONE) {
            Long first = number(c, FIRST_HOUR);
            day = first == null ? DayList.floor(before) : DayList.floor(first);
            try (PreparedStatement s = c.prepareStatement(FIRST_UNTIL)) {
                s.setLong(1, day);
                s.executeUpdate();
            }
        }
        if (day + DAY > before || number(c, JOURNAL_BEFORE, day + DAY) != null) {
            return day;
        }
        List<String> sites = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SITES_OF_DAY)) {
            s.setLong(1, day);
            s.setLong(2, day + DAY);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sites.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(ADD_DAY)) {
            for (String site : sites) {
                s.setString(1, site);
                s.setLong(2, day);
                s.setLong(3, day + DAY);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement(SET_UNTIL)) {
            s.setLong(1, day + DAY);
            s.executeUpdate();
        }
        return day + DAY;
    }

    /** A view of a day already in that was folded only now (a fold that failed until then): added to its day's list too. */
    void addLate(Connection c, String site, long hour, String page, String dimension, String value, long views) throws SQLException {
        PreparedStatement s = db.prepared(c, ADD);
        s.setString(1, site);
        s.setString(2, dimension);
        s.setLong(3, DayList.floor(hour));
        s.setString(4, DayList.value(dimension, page, value));
        s.setLong(5, views);
        s.executeUpdate();
    }


    private static Long number(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long n = rs.getLong(1);
                return rs.wasNull() ? null : n;
            }
        }
    }
}

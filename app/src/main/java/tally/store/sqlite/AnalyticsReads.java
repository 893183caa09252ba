package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tally.StorageException;
import tally.analytics.AnalyticsStore.Entry;
import tally.analytics.AnalyticsStore.Point;
import tally.analytics.DayList;
import tally.analytics.Dimension;
import tally.analytics.Filter;

/** The analytics reports' queries, on the reader connections: never waiting for the writer. */
final class AnalyticsReads {

    private static final String SITES = "SELECT DISTINCT site FROM analytics_hours_all";
    private static final String SITES_SINCE = "SELECT site FROM analytics_hours_all GROUP BY site HAVING MIN(hour) >= ?";
    private static final String SITE_VIEWS = """
            SELECT site, SUM(CASE WHEN hour >= ? THEN views ELSE 0 END) AS recent FROM analytics_hours_all
            GROUP BY site ORDER BY recent DESC, site
            """;
    private static final String TOTALS = """
            SELECT hour, SUM(views), SUM(uniques), SUM(bots) FROM analytics_hours_all WHERE site = ? AND hour >= ? AND hour < ?
            GROUP BY hour ORDER BY hour
            """;
    private static final String PAGE_SERIES = """
            SELECT hour, SUM(CASE WHEN dimension = 'page' THEN views ELSE 0 END),
                   SUM(CASE WHEN dimension = 'unique' THEN views ELSE 0 END)
            FROM analytics_values_all WHERE site = ? AND hour >= ? AND hour < ? AND page = ? AND dimension IN ('page', 'unique')
            GROUP BY hour ORDER BY hour
            """;
    /** The views from the page buckets, the uniques from the pairs. */
    private static final String VALUE_SERIES = """
            SELECT hour, SUM(v), SUM(u) FROM (
                SELECT hour, views AS v, 0 AS u FROM analytics_values_all
                WHERE site = ?1 AND hour >= ?2 AND hour < ?3 AND dimension = ?4 AND value = ?5
                UNION ALL
                SELECT hour, 0, views FROM analytics_pairs_all
                WHERE site = ?1 AND hour >= ?2 AND hour < ?3 AND by_dimension = ?4 AND by_value = ?5 AND dimension = 'unique'
            ) GROUP BY hour ORDER BY hour
            """;
    private static final String TOP = """
            SELECT value, SUM(views) AS n FROM analytics_values_all
            WHERE site = ? AND hour >= ? AND hour < ? AND dimension = ? AND (? IS NULL OR page = ?)
            GROUP BY value ORDER BY n DESC, value LIMIT ?
            """;
    private static final String TOP_PAIRED = """
            SELECT value, SUM(views) AS n FROM analytics_pairs_all
            WHERE site = ? AND hour >= ? AND hour < ? AND by_dimension = ? AND by_value = ? AND dimension = ?
            GROUP BY value ORDER BY n DESC, value LIMIT ?
            """;
    private static final String TOP_PAGES = """
            SELECT v.page, coalesce(p.title, t.title), SUM(v.views) AS n FROM analytics_values_all v
            LEFT JOIN analytics_titles t ON t.site = v.site AND t.page = v.page
            LEFT JOIN (SELECT site, page, title, max(id) FROM analytics_pending WHERE site = ?1 AND title <> ''
                       GROUP BY site, page) p ON p.site = v.site AND p.page = v.page
            WHERE v.site = ?1 AND v.hour >= ?2 AND v.hour < ?3 AND v.dimension = ?4 AND v.value = ?5 AND (?6 IS NULL OR v.page = ?6)
            GROUP BY v.page ORDER BY n DESC, v.page LIMIT ?7
            """;

    /*
     * The same two lists over a range whose whole days (?3 to ?4 below) are in analytics_day_lists: those days from
     * there, a row per value, and only the hours before and after them from the per-page hourly rows.
     */
    private static final String TOP_BY_DAYS = """
            SELECT value, SUM(n) AS n FROM (
                SELECT value, views AS n FROM analytics_values_all WHERE site = ?1 AND dimension = ?2 AND hour >= ?3 AND hour < ?4
                UNION ALL
                SELECT value, views FROM analytics_day_lists WHERE site = ?1 AND dimension = ?2 AND day >= ?4 AND day < ?5
                UNION ALL
                SELECT value, views FROM analytics_values_all WHERE site = ?1 AND dimension = ?2 AND hour >= ?5 AND hour < ?6
            ) GROUP BY value ORDER BY n DESC, value LIMIT ?7
            """;
    private static final String TOP_PAGES_BY_DAYS = """
            SELECT g.page, coalesce(p.title, t.title), g.n FROM (
                SELECT page, SUM(n) AS n FROM (
                    SELECT page, views AS n FROM analytics_values_all
                    WHERE site = ?1 AND dimension = 'page' AND value = '' AND hour >= ?2 AND hour < ?3
                    UNION ALL
                    SELECT value, views FROM analytics_day_lists WHERE site = ?1 AND dimension = 'page' AND day >= ?3 AND day < ?4
                    UNION ALL
                    SELECT page, views FROM analytics_values_all
                    WHERE site = ?1 AND dimension = 'page' AND value = '' AND hour >= ?4 AND hour < ?5
                ) GROUP BY page ORDER BY n DESC, page LIMIT ?6
            ) g
            LEFT JOIN analytics_titles t ON t.site = ?1 AND t.page = g.page
            LEFT JOIN (SELECT page, title, max(id) FROM analytics_pending WHERE site = ?1 AND title <> ''
                       GROUP BY page) p ON p.page = g.page
            ORDER BY g.n DESC, g.page
            """;

    private final Database db;

    AnalyticsReads(Database db) {
        this.db = db;
    }

    Set<String> sites() {
        Set<String> sites = new HashSet<>();
        query(SITES, rs -> sites.add(rs.getString(1)));
        return sites;
    }

    Set<String> sitesFirstSeenSince(long since) {
        Set<String> sites = new HashSet<>();
        query(SITES_SINCE, rs -> sites.add(rs.getString(1)), since);
        return sites;
    }

    List<Entry> siteViews(long since) {
        List<Entry> out = new ArrayList<>();
        query(SITE_VIEWS, rs -> out.add(new Entry(rs.getString(1), null, rs.getLong(2))), since);
        return out;
    }

    List<Point> totals(String site, long start, long end) {
        List<Point> out = new ArrayList<>();
        query(TOTALS, rs -> out.add(new Point(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))), site, start, end);
        return out;
    }

    List<Point> filtered(String site, Filter filter, long start, long end) {
        List<Point> out = new ArrayList<>();
        if (filter.byPage()) {
            query(PAGE_SERIES, rs -> out.add(new Point(rs.getLong(1), rs.getLong(2), rs.getLong(3), null)),
                    site, start, end, filter.value());
        } else {
            query(VALUE_SERIES, rs -> out.add(new Point(rs.getLong(1), rs.getLong(2), rs.getLong(3), null)),
                    site, start, end, filter.dimension().key(), filter.value());
        }
        return out;
    }

    List<Entry> top(String site, Dimension dimension, Filter filter, long start, long end, int limit) {
        List<Entry> out = new ArrayList<>();
        long from = DayList.ceil(start);
        long to = Math.min(DayList.floor(end), daysUntil());
        if (filter == null && from < to) {
            query(TOP_BY_DAYS, rs -> out.add(new Entry(rs.getString(1), null, rs.getLong(2))),
                    site, dimension.key(), start, from, to, end, limit);
        } else if (filter == null || filter.byPage()) {
            String page = filter == null ? null : filter.value();
            query(TOP, rs -> out.add(new Entry(rs.getString(1), null, rs.getLong(2))),
                    site, start, end, dimension.key(), page, page, limit);
        } else {
            query(TOP_PAIRED, rs -> out.add(new Entry(rs.getString(1), null, rs.getLong(2))),
                    site, start, end, filter.dimension().key(), filter.value(), dimension.key(), limit);
        }
        return out;
    }

    List<Entry> topPages(String site, Filter filter, long start, long end, int limit) {
        List<Entry> out = new ArrayList<>();
        long from = DayList.ceil(start);
        long to = Math.min(DayList.floor(end), daysUntil());
        if (filter == null && from < to) {
            query(TOP_PAGES_BY_DAYS, rs -> out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3))),
                    site, start, from, to, end, limit);
            return out;
        }
        String dimension = filter == null || filter.byPage() ? Dimension.PAGE.key() : filter.dimension().key();
        String value = filter == null || filter.byPage() ? "" : filter.value();
        String page = filter != null && filter.byPage() ? filter.value() : null;
        query(TOP_PAGES, rs -> out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3))),
                site, start, end, dimension, value, page, limit);
        return out;
    }

    /**
     * Read for each list, not remembered: the writer adds a day's lists and moves this in one transaction, and the
     * hours stay, so a list read before or after a day was added adds up the same.
     */
    private long daysUntil() {
        long[] until = {DayLists.NONE};
        query(DayLists.UNTIL, rs -> until[0] = rs.getLong(1));
        return until[0];
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Object... params) {
        try (Connection c = db.reader(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the analytics: " + e.getMessage(), e);
        }
    }
}

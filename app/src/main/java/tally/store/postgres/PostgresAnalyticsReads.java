package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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

/**
 * The analytics reports' queries on PostgreSQL, on pooled connections, answering as store.AnalyticsReads does: ties
 * are ordered by {@code COLLATE "C"}, the UTF-8 byte order SQLite compares text in, whatever the database's collation.
 */
final class PostgresAnalyticsReads {

    private static final String SITES = "SELECT DISTINCT site FROM analytics_hours";
    private static final String SITES_SINCE = "SELECT site FROM analytics_hours GROUP BY site HAVING MIN(hour) >= ?";
    private static final String SITE_VIEWS = """
            SELECT site, SUM(CASE WHEN hour >= ? THEN views ELSE 0 END)::bigint AS recent FROM analytics_hours
            GROUP BY site ORDER BY recent DESC, site COLLATE "C"
            """;
    private static final String TOTALS = """
            SELECT hour, views, uniques, bots FROM analytics_hours WHERE site = ? AND hour >= ? AND hour < ? ORDER BY hour
            """;
    private static final String PAGE_SERIES = """
            SELECT hour, SUM(CASE WHEN dimension = 'page' THEN views ELSE 0 END)::bigint,
                   SUM(CASE WHEN dimension = 'unique' THEN views ELSE 0 END)::bigint
            FROM analytics_values WHERE site = ? AND hour >= ? AND hour < ? AND page = ? AND dimension IN ('page', 'unique')
            GROUP BY hour ORDER BY hour
            """;
    /** The views from the page buckets, the uniques from the pairs. */
    private static final String VALUE_SERIES = """
            SELECT hour, SUM(v)::bigint, SUM(u)::bigint FROM (
                SELECT hour, views AS v, 0 AS u FROM analytics_values
                WHERE site = ? AND hour >= ? AND hour < ? AND dimension = ? AND value = ?
                UNION ALL
                SELECT hour, 0, views FROM analytics_pairs
                WHERE site = ? AND hour >= ? AND hour < ? AND by_dimension = ? AND by_value = ? AND dimension = 'unique'
            ) AS both_kinds GROUP BY hour ORDER BY hour
            """;
    private static final String TOP = """
            SELECT value, SUM(views)::bigint AS n FROM analytics_values
            WHERE site = ? AND hour >= ? AND hour < ? AND dimension = ? AND (?::text IS NULL OR page = ?)
            GROUP BY value ORDER BY n DESC, value COLLATE "C" LIMIT ?
            """;
    private static final String TOP_PAIRED = """
            SELECT value, SUM(views)::bigint AS n FROM analytics_pairs
            WHERE site = ? AND hour >= ? AND hour < ? AND by_dimension = ? AND by_value = ? AND dimension = ?
            GROUP BY value ORDER BY n DESC, value COLLATE "C" LIMIT ?
            """;
    private static final String TOP_PAGES = """
            SELECT v.page, t.title, SUM(v.views)::bigint AS n FROM analytics_values v
            LEFT JOIN analytics_titles t ON t.site = v.site AND t.page = v.page
            WHERE v.site = ? AND v.hour >= ? AND v.hour < ? AND v.dimension = ? AND v.value = ?
                AND (?::text IS NULL OR v.page = ?)
            GROUP BY v.page, t.title ORDER BY n DESC, v.page COLLATE "C" LIMIT ?
            """;

    /*
     * The same two lists over a range with whole days, from ?1 (its first midnight) to ?2 (its last): the days the
     * watermark says are in analytics_day_lists from there, a row per value, and only the hours before and after
     * them from the per-page hourly rows. The watermark is read in the same statement, so in the same snapshot as
     * the lists and the hours: a report read while a day is being added adds up the same.
     */
    private static final String DAYS_IN = """
            WITH days AS (
                SELECT GREATEST(?::bigint, LEAST(?::bigint, coalesce((SELECT day FROM analytics_day_lists_until), ?::bigint))) AS until
            )
            """;
    private static final String TOP_BY_DAYS = DAYS_IN + """
            SELECT value, SUM(n)::bigint AS n FROM (
                SELECT value, views AS n FROM analytics_values WHERE site = ? AND dimension = ? AND hour >= ? AND hour < ?
                UNION ALL
                SELECT value, views FROM analytics_day_lists
                WHERE site = ? AND dimension = ? AND day >= ? AND day < (SELECT until FROM days)
                UNION ALL
                SELECT value, views FROM analytics_values
                WHERE site = ? AND dimension = ? AND hour >= (SELECT until FROM days) AND hour < ?
            ) AS parts GROUP BY value ORDER BY n DESC, value COLLATE "C" LIMIT ?
            """;
    private static final String TOP_PAGES_BY_DAYS = DAYS_IN + """
            SELECT g.page, t.title, g.n FROM (
                SELECT page, SUM(n)::bigint AS n FROM (
                    SELECT page, views AS n FROM analytics_values
                    WHERE site = ? AND dimension = 'page' AND value = '' AND hour >= ? AND hour < ?
                    UNION ALL
                    SELECT value, views FROM analytics_day_lists
                    WHERE site = ? AND dimension = 'page' AND day >= ? AND day < (SELECT until FROM days)
                    UNION ALL
                    SELECT page, views FROM analytics_values
                    WHERE site = ? AND dimension = 'page' AND value = '' AND hour >= (SELECT until FROM days) AND hour < ?
                ) AS parts GROUP BY page ORDER BY n DESC, page COLLATE "C" LIMIT ?
            ) AS g
            LEFT JOIN analytics_titles t ON t.site = ? AND t.page = g.page
            ORDER BY g.n DESC, g.page COLLATE "C"
            """;

    private final PostgresDatabase db;

    PostgresAnalyticsReads(PostgresDatabase db) {
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
            String by = filter.dimension().key();
            query(VALUE_SERIES, rs -> out.add(new Point(rs.getLong(1), rs.getLong(2), rs.getLong(3), null)),
                    site, start, end, by, filter.value(), site, start, end, by, filter.value());
        }
        return out;
    }

    List<Entry> top(String site, Dimension dimension, Filter filter, long start, long end, int limit) {
        List<Entry> out = new ArrayList<>();
        long from = DayList.ceil(start);
        long to = DayList.floor(end);
        if (filter == null && from < to) {
            String key = dimension.key();
            query(TOP_BY_DAYS, rs -> out.add(new Entry(rs.getString(1), null, rs.getLong(2))),
                    from, to, from, site, key, start, from, site, key, from, site, key, end, limit);
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
        long to = DayList.floor(end);
        if (filter == null && from < to) {
            query(TOP_PAGES_BY_DAYS, rs -> out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3))),
                    from, to, from, site, start, from, site, from, site, end, limit, site);
            return out;
        }
        String dimension = filter == null || filter.byPage() ? Dimension.PAGE.key() : filter.dimension().key();
        String value = filter == null || filter.byPage() ? "" : filter.value();
        String page = filter != null && filter.byPage() ? filter.value() : null;
        query(TOP_PAGES, rs -> out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3))),
                site, start, end, dimension, value, page, page, limit);
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Object... params) {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    s.setNull(i + 1, Types.VARCHAR);
                } else {
                    s.setObject(i + 1, params[i]);
                }
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

package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tally.analytics.AnalyticsStore;
import tally.analytics.DayList;
import tally.analytics.Dimension;
import tally.analytics.Filter;
import tally.analytics.Increments;

/** The analytics aggregates in SQLite: the writer's increments and roll-ups here, the reports' queries in AnalyticsReads. */
public final class AnalyticsSql implements AnalyticsStore {

    private static final long DAY = 86_400;
    private static final String ADD_TOTALS = """
            INSERT INTO analytics_hours (site, hour, views, uniques, bots) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (site, hour) DO UPDATE SET views = analytics_hours.views + excluded.views,
                uniques = analytics_hours.uniques + excluded.uniques, bots = analytics_hours.bots + excluded.bots
            """;
    private static final String ADD_VALUE = """
            INSERT INTO analytics_values (site, hour, page, dimension, value, views) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (site, hour, page, dimension, value) DO UPDATE SET views = analytics_values.views + excluded.views
            """;
    private static final String ADD_PAIR = """
            INSERT INTO analytics_pairs (site, hour, by_dimension, by_value, dimension, value, views) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (site, hour, by_dimension, by_value, dimension, value)
            DO UPDATE SET views = analytics_pairs.views + excluded.views
            """;
    private static final String SET_TITLE = """
            INSERT INTO analytics_titles (site, page, title) VALUES (?, ?, ?)
            ON CONFLICT (site, page) DO UPDATE SET title = excluded.title
            """;
    private static final String OLDEST_HOURLY = """
            SELECT site, hour FROM analytics_hours WHERE hour >= ? AND hour < ? AND hour % 86400 <> 0
            ORDER BY hour LIMIT 1
            """;
    private static final String ROLL_TOTALS = """
            INSERT INTO analytics_hours (site, hour, views, uniques, bots)
            SELECT site, ?, SUM(views), SUM(uniques), SUM(bots) FROM analytics_hours
            WHERE site = ? AND hour > ? AND hour < ? GROUP BY site
            ON CONFLICT (site, hour) DO UPDATE SET views = analytics_hours.views + excluded.views,
                uniques = analytics_hours.uniques + excluded.uniques, bots = analytics_hours.bots + excluded.bots
            """;
    /*
     * The values and pairs are keyed by their dimensions before the hour, so that a report's list reads only its
     * own rows: naming every dimension a row can hold makes a day's rows a few ranges of the key, not a scan of
     * the whole site's. A dimension left out here would stay hourly, never be lost.
     */
    private static final String ROLL_VALUES = """
            INSERT INTO analytics_values (site, hour, page, dimension, value, views)
            SELECT site, ?, page, dimension, value, SUM(views) FROM analytics_values
            WHERE site = ? AND hour > ? AND hour < ?
                AND dimension IN ('page', 'unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
            GROUP BY site, page, dimension, value
            ON CONFLICT (site, hour, page, dimension, value) DO UPDATE SET views = analytics_values.views + excluded.views
            """;
    private static final String ROLL_PAIRS = """
            INSERT INTO analytics_pairs (site, hour, by_dimension, by_value, dimension, value, views)
            SELECT site, ?, by_dimension, by_value, dimension, value, SUM(views) FROM analytics_pairs
            WHERE site = ? AND hour > ? AND hour < ?
                AND by_dimension IN ('referrer', 'country', 'browser')
                AND dimension IN ('unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
            GROUP BY site, by_dimension, by_value, dimension, value
            ON CONFLICT (site, hour, by_dimension, by_value, dimension, value)
            DO UPDATE SET views = analytics_pairs.views + excluded.views
            """;
    private static final String DROP_TOTALS = "DELETE FROM analytics_hours WHERE site = ? AND hour > ? AND hour < ?";
    private static final String DROP_VALUES = """
            DELETE FROM analytics_values WHERE site = ? AND hour > ? AND hour < ?
                AND dimension IN ('page', 'unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
            """;
    private static final String DROP_PAIRS = """
            DELETE FROM analytics_pairs WHERE site = ? AND hour > ? AND hour < ?
                AND by_dimension IN ('referrer', 'country', 'browser')
                AND dimension IN ('unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
            """;

    private final Database db;
    private final DayLists days;
    private final AnalyticsReads reads;
    /** Every hour before this was rolled up already: the writer thread's own note, so each step starts where the last ended. */
    private long rolledUntil;

    public AnalyticsSql(Database db) {
        this.db = db;
        this.days = new DayLists(db);
        this.reads = new AnalyticsReads(db);
    }

    /** Adds a batch's folded increments, inside the hit writer's transaction. */
    public void apply(Connection c, Increments inc) throws SQLException {
        PreparedStatement totals = db.prepared(c, ADD_TOTALS);
        for (Map.Entry<Increments.SiteHour, Increments.Totals> e : inc.totals().entrySet()) {
            bind(totals, e.getKey().site(), e.getKey().hour());
            totals.setLong(3, e.getValue().views());
            totals.setLong(4, e.getValue().uniques());
            totals.setLong(5, e.getValue().bots());
            totals.executeUpdate();
        }
        PreparedStatement values = db.prepared(c, ADD_VALUE);
        long daysUntil = days.until();
        for (Map.Entry<Increments.Bucket, Long> e : inc.values().entrySet()) {
            Increments.Bucket b = e.getKey();
            bind(values, b.site(), b.hour());
            values.setString(3, b.page());
            values.setString(4, b.dimension());
            values.setString(5, b.value());
            values.setLong(6, e.getValue());
            values.executeUpdate();
            if (b.hour() < daysUntil && DayList.DIMENSIONS.contains(b.dimension())) {
                days.addLate(c, b.site(), b.hour(), b.page(), b.dimension(), b.value(), e.getValue());
            }
        }
        PreparedStatement pairs = db.prepared(c, ADD_PAIR);
        for (Map.Entry<Increments.Pair, Long> e : inc.pairs().entrySet()) {
            Increments.Pair p = e.getKey();
            bind(pairs, p.site(), p.hour());
            pairs.setString(3, p.by());
            pairs.setString(4, p.byValue());
            pairs.setString(5, p.dimension());
            pairs.setString(6, p.value());
            pairs.setLong(7, e.getValue());
            pairs.executeUpdate();
        }
        PreparedStatement titles = db.prepared(c, SET_TITLE);
        for (Map.Entry<Increments.Page, String> e : inc.titles().entrySet()) {
            titles.setString(1, e.getKey().site());
            titles.setString(2, e.getKey().page());
            titles.setString(3, e.getValue());
            titles.executeUpdate();
        }
    }

    /** Rolls one site's day of hourly rows before {@code before} into one row at the day's start; false when none was left. */
    public boolean rollUpOneDay(Connection c, long before) throws SQLException {
        long cutoff = before - Math.floorMod(before, DAY);
        String site;
        long day;
        try (PreparedStatement s = c.prepareStatement(OLDEST_HOURLY)) {
            s.setLong(1, rolledUntil);
            s.setLong(2, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    rolledUntil = cutoff;
                    return false;
                }
                site = rs.getString(1);
                day = rs.getLong(2) - Math.floorMod(rs.getLong(2), DAY);
            }
        }
        for (String[] sql : new String[][] {{ROLL_TOTALS, DROP_TOTALS}, {ROLL_VALUES, DROP_VALUES}, {ROLL_PAIRS, DROP_PAIRS}}) {
            try (PreparedStatement roll = c.prepareStatement(sql[0]); PreparedStatement drop = c.prepareStatement(sql[1])) {
                roll.setLong(1, day);
                roll.setString(2, site);
                roll.setLong(3, day);
                roll.setLong(4, day + DAY);
                roll.executeUpdate();
                drop.setString(1, site);
                drop.setLong(2, day);
                drop.setLong(3, day + DAY);
                drop.executeUpdate();
            }
        }
        rolledUntil = day;
        return true;
    }

    /** Adds the first finished day not yet in the day lists (see DayLists); answers the watermark to pass to {@link #daysAdded}. */
    public long addOneDay(Connection c, long before) throws SQLException {
        return days.addOneDay(c, before);
    }

    /** Once the transaction of {@link #addOneDay} committed. */
    public void daysAdded(long until) {
        days.advanced(until);
    }

    /** Every day before this is in the day lists (epoch s), or Long.MIN_VALUE: as this instance last saw or made it. */
    public long daysUntil() {
        return days.until();
    }

    private static void bind(PreparedStatement s, String site, long hour) throws SQLException {
        s.setString(1, site);
        s.setLong(2, hour);
    }

    @Override
    public Set<String> sites() {
        return reads.sites();
    }

    @Override
    public Set<String> sitesFirstSeenSince(long since) {
        return reads.sitesFirstSeenSince(since);
    }

    @Override
    public List<Entry> siteViews(long since) {
        return reads.siteViews(since);
    }

    @Override
    public List<Point> totals(String site, long start, long end) {
        return reads.totals(site, start, end);
    }

    @Override
    public List<Point> filtered(String site, Filter filter, long start, long end) {
        return reads.filtered(site, filter, start, end);
    }

    @Override
    public List<Entry> top(String site, Dimension dimension, Filter filter, long start, long end, int limit) {
        return reads.top(site, dimension, filter, start, end, limit);
    }

    @Override
    public List<Entry> topPages(String site, Filter filter, long start, long end, int limit) {
        return reads.topPages(site, filter, start, end, limit);
    }
}

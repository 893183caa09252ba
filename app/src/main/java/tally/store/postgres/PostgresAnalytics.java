package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tally.analytics.AnalyticsStore;
import tally.analytics.Dimension;
import tally.analytics.Filter;
import tally.analytics.Increments;

/**
 * The analytics aggregates on PostgreSQL, with store.AnalyticsSql's answers: the writer's increments and roll-ups
 * here, the reports' queries in PostgresAnalyticsReads. Many instances write at once, so each batch takes its rows
 * in one fixed order, and a day's hours are rolled up by one instance at a time, each hour row summed once.
 */
public final class PostgresAnalytics implements AnalyticsStore {

    private static final long DAY = 86_400;
    /** Held by the instance rolling up, until its transaction ends; the others skip their turn meanwhile. */
    private static final long ROLL_UP_LOCK = 0x7461_6C6C_7930_0002L;

    /** Every instance sorts its rows so, and the statements insert them in array order: batches never deadlock. */
    private static final Comparator<Increments.SiteHour> HOUR_ORDER =
            Comparator.comparing(Increments.SiteHour::site).thenComparingLong(Increments.SiteHour::hour);
    private static final Comparator<Increments.Bucket> BUCKET_ORDER = Comparator.comparing(Increments.Bucket::site)
            .thenComparingLong(Increments.Bucket::hour).thenComparing(Increments.Bucket::page)
            .thenComparing(Increments.Bucket::dimension).thenComparing(Increments.Bucket::value);
    private static final Comparator<Increments.Pair> PAIR_ORDER = Comparator.comparing(Increments.Pair::site)
            .thenComparingLong(Increments.Pair::hour).thenComparing(Increments.Pair::by)
            .thenComparing(Increments.Pair::byValue).thenComparing(Increments.Pair::dimension)
            .thenComparing(Increments.Pair::value);
    private static final Comparator<Increments.Page> PAGE_ORDER =
            Comparator.comparing(Increments.Page::site).thenComparing(Increments.Page::page);

    private static final String ADD_TOTALS = """
            INSERT INTO analytics_hours AS h (site, hour, views, uniques, bots)
            SELECT site, hour, views, uniques, bots
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                AS u (site, hour, views, uniques, bots, n)
            ORDER BY n
            ON CONFLICT (site, hour) DO UPDATE SET views = h.views + excluded.views,
                uniques = h.uniques + excluded.uniques, bots = h.bots + excluded.bots
            """;
    private static final String ADD_VALUES = """
            INSERT INTO analytics_values AS v (site, hour, page, dimension, value, views)
            SELECT site, hour, page, dimension, value, views
            FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY
                AS u (site, hour, page, dimension, value, views, n)
            ORDER BY n
            ON CONFLICT (site, hour, page, dimension, value) DO UPDATE SET views = v.views + excluded.views
            """;
    private static final String ADD_PAIRS = """
            INSERT INTO analytics_pairs AS p (site, hour, by_dimension, by_value, dimension, value, views)
            SELECT site, hour, by_dimension, by_value, dimension, value, views
            FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY
                AS u (site, hour, by_dimension, by_value, dimension, value, views, n)
            ORDER BY n
            ON CONFLICT (site, hour, by_dimension, by_value, dimension, value) DO UPDATE SET views = p.views + excluded.views
            """;
    private static final String SET_TITLES = """
            INSERT INTO analytics_titles AS t (site, page, title)
            SELECT site, page, title FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u (site, page, title, n)
            ORDER BY n
            ON CONFLICT (site, page) DO UPDATE SET title = excluded.title
            """;

    private final PostgresAnalyticsReads reads;
    /** Every hour before this was rolled up already: the writer thread's own note, so each step starts where the last ended. */
    private long rolledUntil;

    public PostgresAnalytics(PostgresDatabase db) {
        this.reads = new PostgresAnalyticsReads(db);
    }

    /** Four statements, whatever the batch's size: each table's rows go in one array per column. */
    public void apply(Connection c, Increments inc) throws SQLException {
        List<Increments.SiteHour> hours = sorted(inc.totals(), HOUR_ORDER);
        if (!hours.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(ADD_TOTALS)) {
                s.setArray(1, c.createArrayOf("text", hours.stream().map(Increments.SiteHour::site).toArray()));
                s.setArray(2, c.createArrayOf("int8", hours.stream().map(Increments.SiteHour::hour).toArray()));
                s.setArray(3, c.createArrayOf("int8", hours.stream().map(h -> inc.totals().get(h).views()).toArray()));
                s.setArray(4, c.createArrayOf("int8", hours.stream().map(h -> inc.totals().get(h).uniques()).toArray()));
                s.setArray(5, c.createArrayOf("int8", hours.stream().map(h -> inc.totals().get(h).bots()).toArray()));
                s.executeUpdate();
            }
        }
        List<Increments.Bucket> buckets = sorted(inc.values(), BUCKET_ORDER);
        if (!buckets.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(ADD_VALUES)) {
                s.setArray(1, c.createArrayOf("text", buckets.stream().map(Increments.Bucket::site).toArray()));
                s.setArray(2, c.createArrayOf("int8", buckets.stream().map(Increments.Bucket::hour).toArray()));
                s.setArray(3, c.createArrayOf("text", buckets.stream().map(Increments.Bucket::page).toArray()));
                s.setArray(4, c.createArrayOf("text", buckets.stream().map(Increments.Bucket::dimension).toArray()));
                s.setArray(5, c.createArrayOf("text", buckets.stream().map(Increments.Bucket::value).toArray()));
                s.setArray(6, c.createArrayOf("int8", buckets.stream().map(inc.values()::get).toArray()));
                s.executeUpdate();
            }
        }
        List<Increments.Pair> pairs = sorted(inc.pairs(), PAIR_ORDER);
        if (!pairs.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(ADD_PAIRS)) {
                s.setArray(1, c.createArrayOf("text", pairs.stream().map(Increments.Pair::site).toArray()));
                s.setArray(2, c.createArrayOf("int8", pairs.stream().map(Increments.Pair::hour).toArray()));
                s.setArray(3, c.createArrayOf("text", pairs.stream().map(Increments.Pair::by).toArray()));
                s.setArray(4, c.createArrayOf("text", pairs.stream().map(Increments.Pair::byValue).toArray()));
                s.setArray(5, c.createArrayOf("text", pairs.stream().map(Increments.Pair::dimension).toArray()));
                s.setArray(6, c.createArrayOf("text", pairs.stream().map(Increments.Pair::value).toArray()));
                s.setArray(7, c.createArrayOf("int8", pairs.stream().map(inc.pairs()::get).toArray()));
                s.executeUpdate();
            }
        }
        List<Increments.Page> pages = sorted(inc.titles(), PAGE_ORDER);
        if (!pages.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(SET_TITLES)) {
                s.setArray(1, c.createArrayOf("text", pages.stream().map(Increments.Page::site).toArray()));
                s.setArray(2, c.createArrayOf("text", pages.stream().map(Increments.Page::page).toArray()));
                s.setArray(3, c.createArrayOf("text", pages.stream().map(inc.titles()::get).toArray()));
                s.executeUpdate();
            }
        }
    }

    private static <K> List<K> sorted(Map<K, ?> map, Comparator<K> order) {
        List<K> keys = new ArrayList<>(map.keySet());
        keys.sort(order);
        return keys;
    }

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?)";
    private static final String OLDEST_HOURLY = """
            SELECT site, hour FROM analytics_hours WHERE hour >= ? AND hour < ? AND hour % 86400 <> 0
            ORDER BY hour LIMIT 1
            """;
    /** The rows summed are exactly the rows deleted, in one statement: each hour is added to its day once. */
    private static final String ROLL_TOTALS = """
            WITH gone AS (
                DELETE FROM analytics_hours WHERE site = ? AND hour > ? AND hour < ? RETURNING views, uniques, bots
            )
            INSERT INTO analytics_hours AS h (site, hour, views, uniques, bots)
            SELECT ?::text, ?::bigint, SUM(views), SUM(uniques), SUM(bots) FROM gone HAVING count(*) > 0
            ON CONFLICT (site, hour) DO UPDATE SET views = h.views + excluded.views,
                uniques = h.uniques + excluded.uniques, bots = h.bots + excluded.bots
            """;
    /* Every dimension named, as in AnalyticsSql: a day's rows are ranges of the dimension-first keys. */
    private static final String ROLL_VALUES = """
            WITH gone AS (
                DELETE FROM analytics_values WHERE site = ? AND hour > ? AND hour < ?
                    AND dimension IN ('page', 'unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
                RETURNING page, dimension, value, views
            )
            INSERT INTO analytics_values AS v (site, hour, page, dimension, value, views)
            SELECT ?::text, ?::bigint, page, dimension, value, SUM(views) FROM gone GROUP BY page, dimension, value
            ON CONFLICT (site, hour, page, dimension, value) DO UPDATE SET views = v.views + excluded.views
            """;

    private static final String ROLL_PAIRS = """
            WITH gone AS (
                DELETE FROM analytics_pairs WHERE site = ? AND hour > ? AND hour < ?
                    AND by_dimension IN ('referrer', 'country', 'browser')
                    AND dimension IN ('unique', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
                RETURNING by_dimension, by_value, dimension, value, views
            )
            INSERT INTO analytics_pairs AS p (site, hour, by_dimension, by_value, dimension, value, views)
            SELECT ?::text, ?::bigint, by_dimension, by_value, dimension, value, SUM(views) FROM gone
            GROUP BY by_dimension, by_value, dimension, value
            ON CONFLICT (site, hour, by_dimension, by_value, dimension, value) DO UPDATE SET views = p.views + excluded.views
            """;

    /**
     * As AnalyticsSql.rollUpOneDay, by one instance at a time: while another instance holds the roll-up lock this
     * answers false at once, leaving the backlog to that instance, and never makes the hit writer wait for it.
     */
    public boolean rollUpOneDay(Connection c, long before) throws SQLException {
        long cutoff = before - Math.floorMod(before, DAY);
        try (PreparedStatement s = c.prepareStatement(TRY_LOCK)) {
            s.setLong(1, ROLL_UP_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
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
        for (String sql : new String[] {ROLL_TOTALS, ROLL_VALUES, ROLL_PAIRS}) {
            try (PreparedStatement roll = c.prepareStatement(sql)) {
                roll.setString(1, site);
                roll.setLong(2, day);
                roll.setLong(3, day + DAY);
                roll.setString(4, site);
                roll.setLong(5, day);
                roll.executeUpdate();
            }
        }
        rolledUntil = day;
        return true;
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

package tally.store.postgres;

import static tally.analytics.DayList.DAY;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tally.analytics.DayList;
import tally.analytics.Increments;

/**
 * PostgreSQL's day lists, as store.sqlite.DayLists: each finished day's views per (site, dimension, value) over all
 * its pages, added a day at a time by one instance, with the views that batches commit into days already added.
 *
 * <p>Batches commit from many instances under READ COMMITTED, so the adder and a batch holding a view of the day
 * being added order themselves on the watermark's row: the adder locks it FOR UPDATE and only then, in a later
 * statement (a later snapshot), adds the day's hours up; a batch that may hold such a view locks it FOR SHARE and
 * adds its views of days before the watermark it read to their lists. If the batch locks first, the adder does not
 * wait: it leaves its turn (NOWAIT), and adds the day, with the batch's views, once the batch committed. If the
 * adder locks first, the batch waits for its commit and then reads the new watermark, so it adds its views of
 * that day to the list itself. Either way each view is in its day's list once.
 */
final class PostgresDayLists {

    /** Held by the instance adding a day, until its transaction ends; the others skip their turn meanwhile. */
    private static final long ADD_LOCK = 0x7461_6C6C_7930_0003L;
    /** The row is locked by a batch: PostgreSQL's lock_not_available, answered at once by NOWAIT. */
    static final String BUSY = "55P03";
    /**
     * A batch locks the watermark when one of its views is of a day that ends within this long by this instance's
     * clock, or has ended. The adder adds a day 10 minutes after it ended by its own clock, so the instances' clocks
     * may be up to 70 minutes apart before a batch could miss a day being added; any batch of today's views alone
     * runs no extra statement for 23 hours of the day.
     */
    private static final long CLOCK_MARGIN = 3_600;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?)";
    private static final String UNTIL = "SELECT day FROM analytics_day_lists_until";
    private static final String UNTIL_FOR_UPDATE = "SELECT day FROM analytics_day_lists_until FOR UPDATE NOWAIT";
    private static final String UNTIL_FOR_SHARE = "SELECT day FROM analytics_day_lists_until FOR SHARE";
    private static final String SET_UNTIL = "UPDATE analytics_day_lists_until SET day = ?";
    private static final String FIRST_HOUR = "SELECT min(hour) FROM analytics_hours";
    private static final String SITES_OF_DAY = "SELECT DISTINCT site FROM analytics_hours WHERE hour >= ? AND hour < ?";
    private static final String ADD_DAY = """
            INSERT INTO analytics_day_lists AS d (site, dimension, day, value, views)
            SELECT site, dimension, ?::bigint, CASE WHEN dimension = 'page' THEN page ELSE value END, SUM(views)::bigint
            FROM analytics_values
            WHERE site = ? AND dimension IN ('page', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
                AND hour >= ? AND hour < ?
            GROUP BY site, dimension, 4
            ON CONFLICT (site, dimension, day, value) DO UPDATE SET views = d.views + excluded.views
            """;
    private static final String ADD_LATE = """
            INSERT INTO analytics_day_lists AS d (site, dimension, day, value, views)
            SELECT site, dimension, day, value, views
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[]) WITH ORDINALITY
                AS u (site, dimension, day, value, views, n)
            ORDER BY n
            ON CONFLICT (site, dimension, day, value) DO UPDATE SET views = d.views + excluded.views
            """;

    /** A row of a day's list; every instance writes them in this order, as the batches' other rows. */
    private record ListRow(String site, String dimension, long day, String value) {
    }

    private static final Comparator<ListRow> ROW_ORDER = Comparator.comparing(ListRow::site).thenComparing(ListRow::dimension)
            .thenComparingLong(ListRow::day).thenComparing(ListRow::value);

    private PostgresDayLists() {
    }

    /** True when the batch holds a view of a day that some instance may have added already: it must {@link #lockUntil} first. */
    static boolean mayBeLate(Increments inc, long now) {
        long soon = DayList.floor(now + CLOCK_MARGIN);
        for (Increments.Bucket b : inc.values().keySet()) {
            if (b.hour() < soon && DayList.DIMENSIONS.contains(b.dimension())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The watermark, share-locked until the batch's transaction ends: taken first, so that a batch waiting for a
     * day being added holds no other row meanwhile. Long.MIN_VALUE while no day is in. Where the server's default
     * isolation is stricter than READ COMMITTED, a share lock that waited for the adder fails as a serialization
     * failure instead, and PostgresDatabase runs the batch again.
     */
    static long lockUntil(Connection c) throws SQLException {
        return watermark(c, UNTIL_FOR_SHARE);
    }

    /** Adds the batch's views of days before {@code until} to their lists, merged per row and written in a fixed order. */
    static void addLate(Connection c, Increments inc, long until) throws SQLException {
        Map<ListRow, Long> late = new TreeMap<>(ROW_ORDER);
        for (Map.Entry<Increments.Bucket, Long> e : inc.values().entrySet()) {
            Increments.Bucket b = e.getKey();
            if (b.hour() < until && DayList.DIMENSIONS.contains(b.dimension())) {
                String value = DayList.value(b.dimension(), b.page(), b.value());
                late.merge(new ListRow(b.site(), b.dimension(), DayList.floor(b.hour()), value), e.getValue(), Long::sum);
            }
        }
        if (late.isEmpty()) {
            return;
        }
        List<ListRow> rows = new ArrayList<>(late.keySet());
        try (PreparedStatement s = c.prepareStatement(ADD_LATE)) {
            s.setArray(1, c.createArrayOf("text", rows.stream().map(ListRow::site).toArray()));
            s.setArray(2, c.createArrayOf("text", rows.stream().map(ListRow::dimension).toArray()));
            s.setArray(3, c.createArrayOf("int8", rows.stream().map(ListRow::day).toArray()));
            s.setArray(4, c.createArrayOf("text", rows.stream().map(ListRow::value).toArray()));
            s.setArray(5, c.createArrayOf("int8", rows.stream().map(late::get).toArray()));
            s.executeUpdate();
        }
    }

    /**
     * Adds the first day not yet in, if it ended before {@code before}, by one instance at a time; answers whether
     * the next day is over too. Throws lock_not_available ({@link #BUSY}) while a batch holds the watermark.
     */
    static boolean addOneDay(Connection c, long before) throws SQLException {
        try (Statement s = c.createStatement()) {
            // whatever the server's default: the day is read by a statement after the lock, seeing what committed by then
            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
        long seen = watermark(c, UNTIL);
        if (seen != Long.MIN_VALUE && seen + DAY > before) {
            return false; // nothing due, as most minutes: no lock taken (a watermark read late is only lower)
        }
        try (PreparedStatement s = c.prepareStatement(TRY_LOCK)) {
            s.setLong(1, ADD_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        long day = watermark(c, UNTIL_FOR_UPDATE);
        if (day == Long.MIN_VALUE) {
            day = DayList.floor(firstHour(c, before));
            setUntil(c, day);
        }
        if (day + DAY > before) {
            return false;
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
                s.setLong(1, day);
                s.setString(2, site);
                s.setLong(3, day);
                s.setLong(4, day + DAY);
                s.addBatch();
            }
            s.executeBatch();
        }
        setUntil(c, day + DAY);
        return day + 2 * DAY <= before;
    }

    /** The watermark as this statement reads it, Long.MIN_VALUE while no day is in. */
    private static long watermark(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("analytics_day_lists_until has lost its row");
            }
            long day = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : day;
        }
    }

    /** The first hour with views, or {@code before} when there is none. */
    private static long firstHour(Connection c, long before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIRST_HOUR); ResultSet rs = s.executeQuery()) {
            rs.next();
            long first = rs.getLong(1);
            return rs.wasNull() ? before : first;
        }
    }

    private static void setUntil(Connection c, long day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SET_UNTIL)) {
            s.setLong(1, day);
            s.executeUpdate();
        }
    }

}

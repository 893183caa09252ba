package tally.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.analytics.Dimension;
import tally.analytics.View;

/**
 * Unfiltered reports over long ranges read finished days from their day lists: they must add up to what the
 * hourly rows give, whatever the range's edges, and a view folded late into a day already added must count.
 */
class DayListsTest {

    private static final long H = 3_600;
    private static final long DAY = 86_400;
    /** 2025-12-01T00:00Z. */
    private static final long D0 = 20_423 * DAY;
    private static final String[] PAGES = {"/a", "/b", "/c"};
    private static final String[] BROWSERS = {"Firefox", "Chrome", "Safari"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP"};

    @TempDir
    Path dir;

    private static View view(long hour, int i) {
        return new View("a.example", hour, PAGES[i % 3], "Title of " + PAGES[i % 3], false, false, i % 2 == 0, i % 3 == 0,
                false, i % 4 == 0 ? null : "news.example", BROWSERS[i % 3], String.valueOf(100 + i % 5), "Windows",
                "desktop", COUNTRIES[i % 4], i % 2 == 0 ? "1280x720" : "390x844");
    }

    /** Five days of views at four hours each, folded into the hourly rows. */
    private static void fiveDays(SqliteLedger ledger) {
        int i = 0;
        for (int day = 0; day < 5; day++) {
            for (long hour : new long[] {1, 7, 13, 23}) {
                List<View> views = new ArrayList<>();
                for (int k = 0; k < 3 + day + (int) hour % 5; k++) {
                    views.add(view(D0 + day * DAY + hour * H, i++));
                }
                ledger.commit(List.of(), views, 0, 0, "2025-12-01");
            }
        }
        ledger.settle();
    }

    /** Every list of the report over the range: the pages (with titles) and each listed dimension. */
    private static String lists(AnalyticsSql store, long start, long end) {
        StringBuilder out = new StringBuilder(store.topPages("a.example", null, start, end, 100).toString());
        for (Dimension d : Dimension.LISTED) {
            out.append('\n').append(d).append(' ').append(store.top("a.example", d, null, start, end, 100));
        }
        return out.toString();
    }

    private static final long[][] RANGES = {
        {D0, D0 + 5 * DAY}, {D0 + 6 * H, D0 + 4 * DAY + 2 * H}, {D0 + DAY, D0 + 3 * DAY}, {D0 - 3 * DAY, D0 + 30 * DAY},
    };

    @Test
    void anUnfilteredReportOverFinishedDaysAddsUpTheSameFromTheirLists() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            AnalyticsSql store = new AnalyticsSql(db);
            fiveDays(ledger);
            List<String> hourly = new ArrayList<>();
            for (long[] r : RANGES) {
                hourly.add(lists(store, r[0], r[1]));
            }
            assertThat(hourly.get(0)).contains("Chrome").contains("/a");

            int steps = 0;
            while (ledger.addOneDayList(D0 + 5 * DAY + 600) && steps < 20) {
                steps++;
            }
            assertThat(number(db, "SELECT day FROM analytics_day_lists_until")).isEqualTo(D0 + 5 * DAY);
            assertThat(number(db, "SELECT count(DISTINCT day) FROM analytics_day_lists")).isEqualTo(5);
            assertThat(ledger.addOneDayList(D0 + 5 * DAY + 600)).isFalse();
            for (int k = 0; k < RANGES.length; k++) {
                assertThat(lists(store, RANGES[k][0], RANGES[k][1])).as("range %d", k).isEqualTo(hourly.get(k));
            }

            // the whole days of a long range come from the lists, not the hours: without a day's hourly rows it is the same
            execute(db, "DELETE FROM analytics_values WHERE dimension = 'browser' AND hour >= " + (D0 + DAY) + " AND hour < " + (D0 + 2 * DAY));
            assertThat(lists(store, D0, D0 + 5 * DAY)).isEqualTo(hourly.get(0));
        }
    }

    @Test
    void aDayIsAddedOnlyOnceItIsOverAndAViewFoldedIntoItLaterCountsInItsList() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            AnalyticsSql store = new AnalyticsSql(db);
            fiveDays(ledger);
            // four minutes before the second day ends: only the first is over
            while (ledger.addOneDayList(D0 + 2 * DAY - 240)) {
                continue;
            }
            assertThat(number(db, "SELECT day FROM analytics_day_lists_until")).isEqualTo(D0 + DAY);

            ledger.commit(List.of(), List.of(view(D0 + 5 * H, 1), view(D0 + 5 * H, 2)), 0, 0, "2025-12-01");
            ledger.settle();
            assertThat(number(db, "SELECT sum(views) FROM analytics_day_lists WHERE dimension = 'page'"))
                    .isEqualTo(number(db, "SELECT sum(views) FROM analytics_values WHERE dimension = 'page' AND hour < " + (D0 + DAY)));
            assertThat(store.top("a.example", Dimension.BROWSER, null, D0, D0 + DAY, 100).toString())
                    .isEqualTo(hourlyBrowsers(db, D0, D0 + DAY));
        }
    }

    @Test
    void aLedgerOpenedOnTheSameFileGoesOnFromTheDayTheLastOneStoppedAt() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger first = new SqliteLedger(db);
            AnalyticsSql store = new AnalyticsSql(db);
            fiveDays(first);
            String hourly = lists(store, D0, D0 + 5 * DAY);
            // the first call starts at the first day with views; the two days over by then are added, no more
            for (int k = 0; k < 4; k++) {
                first.addOneDayList(D0 + 2 * DAY + 600);
            }
            assertThat(number(db, "SELECT day FROM analytics_day_lists_until")).isEqualTo(D0 + 2 * DAY);

            SqliteLedger second = new SqliteLedger(db);
            while (second.addOneDayList(D0 + 5 * DAY + 600)) {
                continue;
            }
            assertThat(number(db, "SELECT day FROM analytics_day_lists_until")).isEqualTo(D0 + 5 * DAY);
            assertThat(lists(store, D0, D0 + 5 * DAY)).isEqualTo(hourly);
        }
    }

    /** The browser list as the hourly rows give it, in the store's order. */
    private static String hourlyBrowsers(Database db, long start, long end) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.reader(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value, SUM(views) AS n FROM analytics_values WHERE dimension = 'browser' AND hour >= "
                     + start + " AND hour < " + end + " GROUP BY value ORDER BY n DESC, value")) {
            while (rs.next()) {
                out.add("Entry[value=" + rs.getString(1) + ", title=null, views=" + rs.getLong(2) + "]");
            }
        }
        return out.toString();
    }

    private static long number(Database db, String sql) throws SQLException {
        try (Connection c = db.reader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Database db, String sql) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }
}

package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.analytics.Dimension;
import tally.analytics.Increments;
import tally.analytics.View;

/**
 * PostgreSQL's day lists (PostgresDayLists), as store.sqlite.DayListsTest: unfiltered reports over long ranges add
 * up the same from them, a view committed into a day already added counts, also while another instance adds it,
 * and a move leaves them to the target to add up again.
 */
class PostgresDayListsTest {

    private static final long H = 3_600;
    private static final long DAY = 86_400;
    /** 2025-12-01T00:00Z. */
    private static final long D0 = 20_423 * DAY;
    private static final String[] PAGES = {"/a", "/b", "/c"};
    private static final String[] BROWSERS = {"Firefox", "Chrome", "Safari"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP"};
    private static final String UNTIL = "SELECT day FROM analytics_day_lists_until";

    private TestPostgres pg;
    private final List<PostgresDatabase> pools = new ArrayList<>();
    private ExecutorService threads;

    /** One Tally instance's storage on the test database. */
    private record Instance(PostgresLedger ledger, PostgresAnalytics store) {
    }

    @BeforeEach
    void freshDatabase() {
        threads = Executors.newFixedThreadPool(2);
        pg = TestPostgres.create();
    }

    @AfterEach
    void dropIt() {
        threads.shutdownNow();
        pools.forEach(PostgresDatabase::close);
        if (pg != null) {
            pg.close();
        }
    }

    private Instance instance() {
        PostgresDatabase db = PostgresDatabase.open(pg.url, 4);
        pools.add(db);
        PostgresAnalytics store = new PostgresAnalytics(db);
        return new Instance(new PostgresLedger(db, new PostgresNotifier(db), store), store);
    }

    private static View view(long hour, int i) {
        return new View("a.example", hour, PAGES[i % 3], "Title of " + PAGES[i % 3], false, false, i % 2 == 0, i % 3 == 0,
                false, i % 4 == 0 ? null : "news.example", BROWSERS[i % 3], String.valueOf(100 + i % 5), "Windows",
                "desktop", COUNTRIES[i % 4], i % 2 == 0 ? "1280x720" : "390x844");
    }

    /** Commits these views as a batch of the writer at {@code now} (epoch s). */
    private static void commit(Instance at, long now, View... views) {
        at.ledger().commit(List.of(), List.of(views), now * 1000, 0, "2025-12-01");
    }

    /** Five days of views at four hours each, each batch committed within its hour. */
    private static void fiveDays(Instance at) {
        int i = 0;
        for (int day = 0; day < 5; day++) {
            for (long hour : new long[] {1, 7, 13, 23}) {
                List<View> views = new ArrayList<>();
                for (int k = 0; k < 3 + day + (int) hour % 5; k++) {
                    views.add(view(D0 + day * DAY + hour * H, i++));
                }
                commit(at, D0 + day * DAY + hour * H + 1_800, views.toArray(View[]::new));
            }
        }
    }

    /** Adds the days over by {@code before} as the writer's chores do, step after step while one answers true. */
    private static void addDays(Instance at, long before) {
        for (int steps = 0; at.ledger().addOneDayList(before); steps++) {
            assertThat(steps).as("steps to add five days").isLessThan(10);
        }
    }

    /** Every list of the report over the range: the pages (with titles) and each listed dimension. */
    private static String lists(PostgresAnalytics store, long start, long end) {
        StringBuilder out = new StringBuilder(store.topPages("a.example", null, start, end, 100).toString());
        for (Dimension d : Dimension.LISTED) {
            out.append('\n').append(d).append(' ').append(store.top("a.example", d, null, start, end, 100));
        }
        return out.toString();
    }

    private static final long[][] RANGES = {
        {D0, D0 + 5 * DAY}, {D0 + 6 * H, D0 + 4 * DAY + 2 * H}, {D0 + DAY, D0 + 3 * DAY}, {D0 - 3 * DAY, D0 + 30 * DAY},
        {D0 + 2 * H, D0 + 20 * H},
    };

    @Test
    void anUnfilteredReportOverFinishedDaysAddsUpTheSameFromTheirLists() {
        Instance at = instance();
        fiveDays(at);
        List<String> hourly = new ArrayList<>();
        for (long[] r : RANGES) {
            hourly.add(lists(at.store(), r[0], r[1]));
        }
        assertThat(hourly.get(0)).contains("Chrome").contains("/a").contains("Title of /a");

        addDays(at, D0 + 5 * DAY + 600);
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + 5 * DAY);
        assertThat(pg.number("SELECT count(DISTINCT day) FROM analytics_day_lists")).isEqualTo(5);
        assertThat(at.ledger().addOneDayList(D0 + 5 * DAY + 600)).isFalse();
        for (int k = 0; k < RANGES.length; k++) {
            assertThat(lists(at.store(), RANGES[k][0], RANGES[k][1])).as("range %d", k).isEqualTo(hourly.get(k));
        }

        // the whole days of a long range come from the lists, not the hours: without a day's hourly rows it is the same
        pg.execute("DELETE FROM analytics_values WHERE dimension IN ('browser', 'page') AND hour >= " + (D0 + DAY)
                + " AND hour < " + (D0 + 2 * DAY));
        assertThat(lists(at.store(), D0, D0 + 5 * DAY)).isEqualTo(hourly.get(0));
    }

    @Test
    void aDayIsAddedOnlyOnceItIsOverAndAViewCommittedIntoItLaterCountsInItsList() throws SQLException {
        Instance at = instance();
        fiveDays(at);
        // four minutes before the second day ends: only the first is over
        addDays(at, D0 + 2 * DAY - 240);
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + DAY);

        commit(at, D0 + 2 * DAY - 200, view(D0 + 5 * H, 1), view(D0 + 5 * H, 2));
        assertThat(pg.number("SELECT sum(views) FROM analytics_day_lists WHERE dimension = 'page'"))
                .isEqualTo(pg.number("SELECT sum(views) FROM analytics_values WHERE dimension = 'page' AND hour < " + (D0 + DAY)));
        assertThat(mismatches(D0)).isZero();
        assertThat(at.store().top("a.example", Dimension.BROWSER, null, D0, D0 + DAY, 100).toString())
                .isEqualTo(hourlyBrowsers(D0, D0 + DAY));
    }

    @Test
    void anotherInstanceGoesOnFromTheDayTheFirstStoppedAt() {
        Instance first = instance();
        fiveDays(first);
        String hourly = lists(first.store(), D0, D0 + 5 * DAY);
        // the first call starts at the first day with views; the two days over by then are added, no more
        for (int k = 0; k < 4; k++) {
            first.ledger().addOneDayList(D0 + 2 * DAY + 600);
        }
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + 2 * DAY);

        Instance second = instance();
        addDays(second, D0 + 5 * DAY + 600);
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + 5 * DAY);
        assertThat(lists(second.store(), D0, D0 + 5 * DAY)).isEqualTo(hourly);
        for (long day = D0; day < D0 + 5 * DAY; day += DAY) {
            assertThat(mismatches(day)).as("day %d", day).isZero();
        }
    }

    @Test
    void aViewCommittedByAnotherInstanceWhileItsDayIsBeingAddedIsInItsListOnce() throws Exception {
        Instance adder = instance();
        Instance writer = instance();
        fiveDays(adder);
        addDays(adder, D0 + DAY + 600);
        long day = D0 + DAY;
        assertThat(pg.number(UNTIL)).isEqualTo(day);
        long viewsOfDay = pageViews(day);
        Future<Boolean> adding;
        Future<?> late;
        try (Connection x = connection()) {
            // x holds a row the adder will insert: the adder stops there, holding the watermark, its day's hours read
            x.setAutoCommit(false);
            try (Statement s = x.createStatement()) {
                s.execute("INSERT INTO analytics_day_lists VALUES ('a.example', 'page', " + day + ", '/a', 0)");
            }
            adding = threads.submit(() -> adder.ledger().addOneDayList(D0 + 2 * DAY + 600));
            awaitWaiting(1, adding);
            late = threads.submit(() -> commit(writer, D0 + 2 * DAY + 700, view(day + 5 * H, 1), view(day + 5 * H, 2)));
            // the batch waits for the adder's commit, then reads the new watermark
            awaitWaiting(2, late);
            x.rollback();
        }
        assertThat(adding.get(10, TimeUnit.SECONDS)).isFalse();
        late.get(10, TimeUnit.SECONDS);
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + 2 * DAY);
        assertThat(pageViews(day)).isEqualTo(viewsOfDay + 2);
        assertThat(mismatches(day)).isZero();
    }

    @Test
    void aDayIsAddedOnlyOnceABatchOfAnotherInstanceHoldingOneOfItsViewsHasCommitted() throws Exception {
        Instance adder = instance();
        Instance writer = instance();
        fiveDays(adder);
        addDays(adder, D0 + DAY + 600);
        long day = D0 + DAY;
        assertThat(pg.number(UNTIL)).isEqualTo(day);
        long viewsOfDay = pageViews(day);
        Future<?> late;
        try (Connection x = connection()) {
            // x holds the hour the batch adds to: the batch stops there, holding the watermark's share lock
            x.setAutoCommit(false);
            try (Statement s = x.createStatement()) {
                s.execute("INSERT INTO analytics_hours VALUES ('a.example', " + (day + 5 * H) + ", 0, 0, 0)");
            }
            late = threads.submit(() -> commit(writer, D0 + 2 * DAY + 700, view(day + 5 * H, 1), view(day + 5 * H, 2)));
            awaitWaiting(1, late);
            Future<Boolean> adding = threads.submit(() -> adder.ledger().addOneDayList(D0 + 2 * DAY + 600));
            // the adder does not wait for the batch: it leaves its turn
            assertThat(adding.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(pg.number(UNTIL)).isEqualTo(day);
            x.rollback();
        }
        late.get(10, TimeUnit.SECONDS);
        addDays(adder, D0 + 2 * DAY + 600);
        assertThat(pg.number(UNTIL)).isEqualTo(D0 + 2 * DAY);
        assertThat(pageViews(day)).isEqualTo(viewsOfDay + 2);
        assertThat(mismatches(day)).isZero();
    }

    @Test
    void rollingUpTheHoursOfDaysInTheListsChangesNoList() {
        Instance at = instance();
        fiveDays(at);
        addDays(at, D0 + 5 * DAY + 600);
        String before = lists(at.store(), D0, D0 + 5 * DAY);
        long rows = pg.number("SELECT count(*) FROM analytics_day_lists");
        while (at.ledger().rollUpOneDay(D0 + 5 * DAY)) {
            continue;
        }
        assertThat(pg.number("SELECT count(*) FROM analytics_values WHERE hour % 86400 <> 0")).isZero();
        assertThat(pg.number("SELECT count(*) FROM analytics_day_lists")).isEqualTo(rows);
        assertThat(lists(at.store(), D0, D0 + 5 * DAY)).isEqualTo(before);
        commit(at, D0 + 6 * DAY, view(D0 + 2 * DAY + 5 * H, 1));
        for (long day = D0; day < D0 + 5 * DAY; day += DAY) {
            assertThat(mismatches(day)).as("day %d", day).isZero();
        }
    }

    @Test
    void aMoveCopiesNoDayListAndTheTargetAddsThemUpAgainFromItsFirstHour() {
        Instance source = instance();
        fiveDays(source);
        addDays(source, D0 + 5 * DAY + 600);
        String lists = lists(source.store(), D0 + 6 * H, D0 + 5 * DAY);
        try (TestPostgres target = TestPostgres.create()) {
            MigrateToTest.Result r = MigrateToTest.run(Map.of("TALLY_DB", pg.url.redacted(), "TALLY_DB_PASSWORD", pg.url.password()),
                    "migrate-to", target.url.redacted());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(target.number("SELECT count(*) FROM analytics_day_lists")).isZero();
            assertThat(target.number("SELECT count(*) FROM analytics_day_lists_until WHERE day IS NULL")).isEqualTo(1);
            try (PostgresDatabase db = PostgresDatabase.open(target.url, 2)) {
                PostgresAnalytics store = new PostgresAnalytics(db);
                Instance moved = new Instance(new PostgresLedger(db, new PostgresNotifier(db), store), store);
                addDays(moved, D0 + 5 * DAY + 600);
                assertThat(target.number(UNTIL)).isEqualTo(D0 + 5 * DAY);
                assertThat(target.number("SELECT count(*) FROM analytics_day_lists"))
                        .isEqualTo(pg.number("SELECT count(*) FROM analytics_day_lists"));
                assertThat(lists(store, D0 + 6 * H, D0 + 5 * DAY)).isEqualTo(lists);
            }
        }
    }

    @Test
    void onlyABatchWithAViewOfADayEndingWithinTheHourLocksTheWatermark() {
        Increments today = Increments.fold(List.of(view(D0 + 5 * H, 1), view(D0 + 22 * H, 2)));
        assertThat(PostgresDayLists.mayBeLate(today, D0 + 12 * H)).isFalse();
        assertThat(PostgresDayLists.mayBeLate(today, D0 + 23 * H - 1)).isFalse();
        assertThat(PostgresDayLists.mayBeLate(today, D0 + 23 * H)).isTrue();
        assertThat(PostgresDayLists.mayBeLate(today, D0 + DAY + 60)).isTrue();
        assertThat(PostgresDayLists.mayBeLate(Increments.fold(List.of(view(D0 + DAY, 1))), D0 + DAY + 60)).isFalse();
    }

    /** Rows in which the day's lists differ from its hourly rows added up. */
    private long mismatches(long day) {
        return pg.number("""
                SELECT count(*) FROM (
                    SELECT site, dimension, CASE WHEN dimension = 'page' THEN page ELSE value END AS value, SUM(views) AS views
                    FROM analytics_values
                    WHERE dimension IN ('page', 'referrer', 'browser', 'version', 'os', 'device', 'country', 'resolution')
                        AND hour >= %d AND hour < %d
                    GROUP BY 1, 2, 3
                ) AS h FULL JOIN (SELECT site, dimension, value, views FROM analytics_day_lists WHERE day = %d) AS d
                USING (site, dimension, value) WHERE h.views IS DISTINCT FROM d.views
                """.formatted(day, day + DAY, day));
    }

    /** The browser list as the hourly rows give it, in the store's order. */
    private String hourlyBrowsers(long start, long end) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value, SUM(views) AS n FROM analytics_values WHERE dimension = 'browser'"
                     + " AND hour >= " + start + " AND hour < " + end + " GROUP BY value ORDER BY n DESC, value COLLATE \"C\"")) {
            while (rs.next()) {
                out.add("Entry[value=" + rs.getString(1) + ", title=null, views=" + rs.getLong(2) + "]");
            }
        }
        return out.toString();
    }

    private long pageViews(long day) {
        return pg.number("SELECT sum(views) FROM analytics_values WHERE dimension = 'page' AND hour >= " + day + " AND hour < " + (day + DAY));
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(pg.url.jdbcUrl(), pg.url.properties());
    }

    /** Until {@code n} sessions of the test's database wait for a lock, or the task ended (then the assertions tell). */
    private void awaitWaiting(int n, Future<?> task) throws InterruptedException {
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
        for (int i = 0; i < 1_000; i++) {
            if (pg.number(waiting) >= n || task.isDone()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("no session waited for a lock");
    }
}

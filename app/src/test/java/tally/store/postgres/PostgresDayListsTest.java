package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static tally.store.postgres.DayListsSite.D0;
import static tally.store.postgres.DayListsSite.DAY;
import static tally.store.postgres.DayListsSite.H;
import static tally.store.postgres.DayListsSite.UNTIL;
import static tally.store.postgres.DayListsSite.view;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.analytics.Dimension;
import tally.analytics.Increments;
import tally.store.postgres.DayListsSite.Instance;

/**
 * PostgreSQL's day lists (PostgresDayLists), as store.sqlite.DayListsTest: unfiltered reports over long ranges add
 * up the same from them, a view committed into a day already added counts, and a move leaves them to the target to
 * add up again. PostgresDayListsRaceTest races two instances over a day.
 */
class PostgresDayListsTest {

    private static final long[][] RANGES = {
        {D0, D0 + 5 * DAY}, {D0 + 6 * H, D0 + 4 * DAY + 2 * H}, {D0 + DAY, D0 + 3 * DAY}, {D0 - 3 * DAY, D0 + 30 * DAY},
        {D0 + 2 * H, D0 + 20 * H},
    };

    private DayListsSite site;

    @BeforeEach
    void freshDatabase() {
        site = new DayListsSite();
    }

    @AfterEach
    void dropIt() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void anUnfilteredReportOverFinishedDaysAddsUpTheSameFromTheirLists() {
        Instance at = site.instance();
        at.fiveDays();
        List<String> hourly = new ArrayList<>();
        for (long[] r : RANGES) {
            hourly.add(at.lists(r[0], r[1]));
        }
        assertThat(hourly.get(0)).contains("Chrome").contains("/a").contains("Title of /a");

        at.addDays(D0 + 5 * DAY + 600);
        assertThat(site.until()).isEqualTo(D0 + 5 * DAY);
        assertThat(site.pg.number("SELECT count(DISTINCT day) FROM analytics_day_lists")).isEqualTo(5);
        assertThat(at.ledger().addOneDayList(D0 + 5 * DAY + 600)).isFalse();
        for (int k = 0; k < RANGES.length; k++) {
            assertThat(at.lists(RANGES[k][0], RANGES[k][1])).as("range %d", k).isEqualTo(hourly.get(k));
        }

        // the whole days of a long range come from the lists, not the hours: without a day's hourly rows it is the same
        site.pg.execute("DELETE FROM analytics_values WHERE dimension IN ('browser', 'page') AND hour >= " + (D0 + DAY)
                + " AND hour < " + (D0 + 2 * DAY));
        assertThat(at.lists(D0, D0 + 5 * DAY)).isEqualTo(hourly.get(0));
    }

    @Test
    void aDayIsAddedOnlyOnceItIsOverAndAViewCommittedIntoItLaterCountsInItsList() throws SQLException {
        Instance at = site.instance();
        at.fiveDays();
        // four minutes before the second day ends: only the first is over
        at.addDays(D0 + 2 * DAY - 240);
        assertThat(site.until()).isEqualTo(D0 + DAY);

        at.commit(D0 + 2 * DAY - 200, view(D0 + 5 * H, 1), view(D0 + 5 * H, 2));
        assertThat(site.pg.number("SELECT sum(views) FROM analytics_day_lists WHERE dimension = 'page'"))
                .isEqualTo(site.pg.number("SELECT sum(views) FROM analytics_values WHERE dimension = 'page' AND hour < " + (D0 + DAY)));
        assertThat(site.mismatches(D0)).isZero();
        assertThat(at.store().top("a.example", Dimension.BROWSER, null, D0, D0 + DAY, 100).toString())
                .isEqualTo(hourlyBrowsers(D0, D0 + DAY));
    }

    @Test
    void anotherInstanceGoesOnFromTheDayTheFirstStoppedAt() {
        Instance first = site.instance();
        first.fiveDays();
        String hourly = first.lists(D0, D0 + 5 * DAY);
        // the first call starts at the first day with views; the two days over by then are added, no more
        for (int k = 0; k < 4; k++) {
            first.ledger().addOneDayList(D0 + 2 * DAY + 600);
        }
        assertThat(site.until()).isEqualTo(D0 + 2 * DAY);

        Instance second = site.instance();
        second.addDays(D0 + 5 * DAY + 600);
        assertThat(site.until()).isEqualTo(D0 + 5 * DAY);
        assertThat(second.lists(D0, D0 + 5 * DAY)).isEqualTo(hourly);
        for (long day = D0; day < D0 + 5 * DAY; day += DAY) {
            assertThat(site.mismatches(day)).as("day %d", day).isZero();
        }
    }

    @Test
    void rollingUpTheHoursOfDaysInTheListsChangesNoList() {
        Instance at = site.instance();
        at.fiveDays();
        at.addDays(D0 + 5 * DAY + 600);
        String before = at.lists(D0, D0 + 5 * DAY);
        long rows = site.pg.number("SELECT count(*) FROM analytics_day_lists");
        while (at.ledger().rollUpOneDay(D0 + 5 * DAY)) {
            continue;
        }
        assertThat(site.pg.number("SELECT count(*) FROM analytics_values WHERE hour % 86400 <> 0")).isZero();
        assertThat(site.pg.number("SELECT count(*) FROM analytics_day_lists")).isEqualTo(rows);
        assertThat(at.lists(D0, D0 + 5 * DAY)).isEqualTo(before);
        at.commit(D0 + 6 * DAY, view(D0 + 2 * DAY + 5 * H, 1));
        for (long day = D0; day < D0 + 5 * DAY; day += DAY) {
            assertThat(site.mismatches(day)).as("day %d", day).isZero();
        }
    }

    @Test
    void aMoveCopiesNoDayListAndTheTargetAddsThemUpAgainFromItsFirstHour() {
        Instance source = site.instance();
        source.fiveDays();
        source.addDays(D0 + 5 * DAY + 600);
        String lists = source.lists(D0 + 6 * H, D0 + 5 * DAY);
        try (TestPostgres target = TestPostgres.create()) {
            MigrateToTest.Result r = MigrateToTest.run(Map.of("TALLY_DB", site.pg.url.redacted(),
                    "TALLY_DB_PASSWORD", site.pg.url.password()), "migrate-to", target.url.redacted());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(target.number("SELECT count(*) FROM analytics_day_lists")).isZero();
            assertThat(target.number("SELECT count(*) FROM analytics_day_lists_until WHERE day IS NULL")).isEqualTo(1);
            try (PostgresDatabase db = PostgresDatabase.open(target.url, 2)) {
                Instance moved = Instance.on(db);
                moved.addDays(D0 + 5 * DAY + 600);
                assertThat(target.number(UNTIL)).isEqualTo(D0 + 5 * DAY);
                assertThat(target.number("SELECT count(*) FROM analytics_day_lists"))
                        .isEqualTo(site.pg.number("SELECT count(*) FROM analytics_day_lists"));
                assertThat(moved.lists(D0 + 6 * H, D0 + 5 * DAY)).isEqualTo(lists);
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

    /** The browser list as the hourly rows give it, in the store's order. */
    private String hourlyBrowsers(long start, long end) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = site.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value, SUM(views) AS n FROM analytics_values WHERE dimension = 'browser'"
                     + " AND hour >= " + start + " AND hour < " + end + " GROUP BY value ORDER BY n DESC, value COLLATE \"C\"")) {
            while (rs.next()) {
                out.add("Entry[value=" + rs.getString(1) + ", title=null, views=" + rs.getLong(2) + "]");
            }
        }
        return out.toString();
    }
}

package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tally.analytics.Dimension;
import tally.analytics.View;

/** A database of its own for the day lists' tests: Tally instances on it, a site's views, its lists checked against its hours. */
final class DayListsSite implements AutoCloseable {

    static final long H = 3_600;
    static final long DAY = 86_400;
    /** 2025-12-01T00:00Z. */
    static final long D0 = 20_423 * DAY;
    static final String UNTIL = "SELECT day FROM analytics_day_lists_until";
    private static final String[] PAGES = {"/a", "/b", "/c"};
    private static final String[] BROWSERS = {"Firefox", "Chrome", "Safari"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP"};

    final TestPostgres pg = TestPostgres.create();
    private final List<PostgresDatabase> pools = new ArrayList<>();

    /** One Tally instance's storage. */
    record Instance(PostgresLedger ledger, PostgresAnalytics store) {

        static Instance on(PostgresDatabase db) {
            PostgresAnalytics store = new PostgresAnalytics(db);
            return new Instance(new PostgresLedger(db, new PostgresNotifier(db), store), store);
        }

        /** Commits these views as a batch of the writer at {@code now} (epoch s). */
        void commit(long now, View... views) {
            ledger.commit(List.of(), List.of(views), now * 1000, 0, "2025-12-01");
        }

        /** Five days of views at four hours each, each batch committed within its hour. */
        void fiveDays() {
            int i = 0;
            for (int day = 0; day < 5; day++) {
                for (long hour : new long[] {1, 7, 13, 23}) {
                    List<View> views = new ArrayList<>();
                    for (int k = 0; k < 3 + day + (int) hour % 5; k++) {
                        views.add(view(D0 + day * DAY + hour * H, i++));
                    }
                    commit(D0 + day * DAY + hour * H + 1_800, views.toArray(View[]::new));
                }
            }
        }

        /** Adds the days over by {@code before} as the writer's chores do, step after step while one answers true. */
        void addDays(long before) {
            for (int steps = 0; ledger.addOneDayList(before); steps++) {
                assertThat(steps).as("steps to add five days").isLessThan(10);
            }
        }

        /** Every list of the report over the range: the pages (with titles) and each listed dimension. */
        String lists(long start, long end) {
            StringBuilder out = new StringBuilder(store.topPages("a.example", null, start, end, 100).toString());
            for (Dimension d : Dimension.LISTED) {
                out.append('\n').append(d).append(' ').append(store.top("a.example", d, null, start, end, 100));
            }
            return out.toString();
        }
    }

    Instance instance() {
        PostgresDatabase db = PostgresDatabase.open(pg.url, 4);
        pools.add(db);
        return Instance.on(db);
    }

    static View view(long hour, int i) {
        return new View("a.example", hour, PAGES[i % 3], "Title of " + PAGES[i % 3], false, false, i % 2 == 0, i % 3 == 0,
                false, i % 4 == 0 ? null : "news.example", BROWSERS[i % 3], String.valueOf(100 + i % 5), "Windows",
                "desktop", COUNTRIES[i % 4], i % 2 == 0 ? "1280x720" : "390x844");
    }

    /** Every day before this is in the lists. */
    long until() {
        return pg.number(UNTIL);
    }

    /** Rows in which the day's lists differ from its hourly rows added up. */
    long mismatches(long day) {
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

    long pageViews(long day) {
        return pg.number("SELECT sum(views) FROM analytics_values WHERE dimension = 'page' AND hour >= " + day + " AND hour < " + (day + DAY));
    }

    /** A connection of its own, outside any instance's pool. */
    Connection connection() throws SQLException {
        return DriverManager.getConnection(pg.url.jdbcUrl(), pg.url.properties());
    }

    @Override
    public void close() {
        pools.forEach(PostgresDatabase::close);
        pg.close();
    }
}

package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.analytics.AnalyticsStore;
import tally.analytics.Dimension;
import tally.analytics.Filter;
import tally.analytics.Increments;
import tally.analytics.ReportQuery;
import tally.analytics.Reports;
import tally.analytics.View;

/** PostgresAnalytics with several instances on one database, and against SQLite on random data. */
class PostgresAnalyticsTest {

    private static final long DAY = 86_400;
    private static final long H = 3600;
    private static final long D0 = 20_423 * DAY;

    @TempDir
    Path dir;
    private TestPostgres pg;
    private final List<PostgresDatabase> pools = new ArrayList<>();
    private ExecutorService threads;

    @BeforeEach
    void freshDatabase() {
        threads = Executors.newFixedThreadPool(6);
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

    private PostgresDatabase instance() {
        PostgresDatabase db = PostgresDatabase.open(pg.url, 4);
        pools.add(db);
        return db;
    }

    @Test
    void twoInstancesAddingToTheSameBucketsAtOnceGiveExactSumsAndNeverDeadlock() throws Exception {
        List<PostgresDatabase> instances = List.of(instance(), instance());
        Map<Object, Long> expected = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(6);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            PostgresDatabase db = instances.get(w % 2);
            PostgresAnalytics store = new PostgresAnalytics(db);
            Random random = new Random(w);
            writers.add(() -> {
                start.await();
                for (int batch = 0; batch < 40; batch++) {
                    Increments inc = shuffledIncrements(random);
                    // One try, no retry: a deadlock between the instances' batches fails the test.
                    try (Connection c = db.connection()) {
                        c.setAutoCommit(false);
                        store.apply(c, inc);
                        c.commit();
                    }
                    // views, uniques and bots in one number: each stays under 1,000 here
                    inc.totals().forEach((k, t) -> expected.merge(k, t.views() * 1_000_000 + t.uniques() * 1_000 + t.bots(), Long::sum));
                    inc.values().forEach((k, v) -> expected.merge(k, v, Long::sum));
                    inc.pairs().forEach((k, v) -> expected.merge(k, v, Long::sum));
                }
                return null;
            });
        }
        for (Future<Void> f : threads.invokeAll(writers)) {
            f.get();
        }

        Map<Object, Long> stored = new HashMap<>();
        query("SELECT site, hour, views * 1000000 + uniques * 1000 + bots FROM analytics_hours",
                rs -> stored.put(new Increments.SiteHour(rs.getString(1), rs.getLong(2)), rs.getLong(3)));
        query("SELECT site, hour, page, dimension, value, views FROM analytics_values", rs -> stored.put(
                new Increments.Bucket(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6)));
        query("SELECT site, hour, by_dimension, by_value, dimension, value, views FROM analytics_pairs", rs -> stored.put(
                new Increments.Pair(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)), rs.getLong(7)));
        assertThat(stored).isEqualTo(expected);
        assertThat(pg.number("SELECT count(*) FROM analytics_titles")).isEqualTo(2 * 10);
    }

    /** Some of 6 site-hours, 300 buckets, 300 pairs and 20 pages, in a random order: every instance must take them in one order. */
    private static Increments shuffledIncrements(Random random) {
        List<Increments.SiteHour> hours = new ArrayList<>();
        List<Increments.Bucket> buckets = new ArrayList<>();
        List<Increments.Pair> pairs = new ArrayList<>();
        List<Increments.Page> pages = new ArrayList<>();
        for (String site : List.of("a.example", "b.example")) {
            for (int p = 0; p < 10; p++) {
                pages.add(new Increments.Page(site, "/p" + p));
            }
            for (long hour = D0; hour < D0 + 3 * H; hour += H) {
                hours.add(new Increments.SiteHour(site, hour));
                for (int p = 0; p < 10; p++) {
                    for (int r = 0; r < 5; r++) {
                        buckets.add(new Increments.Bucket(site, hour, "/p" + p, "referrer", "r" + r + ".example"));
                        pairs.add(new Increments.Pair(site, hour, "referrer", "r" + r + ".example", "browser", "B" + p));
                    }
                }
            }
        }
        Collections.shuffle(hours, random);
        Collections.shuffle(buckets, random);
        Collections.shuffle(pairs, random);
        Collections.shuffle(pages, random);
        Map<Increments.SiteHour, Increments.Totals> totals = new LinkedHashMap<>();
        hours.subList(0, 1 + random.nextInt(hours.size())).forEach(k ->
                totals.put(k, new Increments.Totals(1 + random.nextInt(3), random.nextInt(2), random.nextInt(2))));
        Map<Increments.Bucket, Long> values = new LinkedHashMap<>();
        buckets.subList(0, 1 + random.nextInt(buckets.size())).forEach(k -> values.put(k, 1L + random.nextInt(3)));
        Map<Increments.Pair, Long> paired = new LinkedHashMap<>();
        pairs.subList(0, 1 + random.nextInt(pairs.size())).forEach(k -> paired.put(k, 1L + random.nextInt(3)));
        Map<Increments.Page, String> titles = new LinkedHashMap<>();
        pages.subList(0, 1 + random.nextInt(pages.size())).forEach(k -> titles.put(k, "Title " + random.nextInt(100)));
        return new Increments(totals, values, paired, titles);
    }

    @Test
    void twoInstancesRollingUpAtOnceRollEachDayOnceAndKeepTheTotals() throws Exception {
        PostgresDatabase first = instance();
        PostgresAnalytics writer = new PostgresAnalytics(first);
        for (int day = 0; day < 20; day++) {
            List<View> views = new ArrayList<>();
            for (String site : List.of("a.example", "b.example", "c.example")) {
                for (long hour = 1; hour < 24; hour += 4) {
                    views.add(AnalyticsStoreContractTest.visitor(site, D0 + day * DAY + hour * H, "/p" + hour % 3, "T", hour == 1, hour < 9));
                }
            }
            Increments inc = Increments.fold(views);
            first.inTransaction(c -> {
                writer.apply(c, inc);
                return null;
            });
        }
        String sums = """
                SELECT site || ' ' || SUM(views) || '/' || SUM(uniques) || '/' || SUM(bots) FROM analytics_hours GROUP BY site
                UNION ALL SELECT concat_ws(' ', site, hour / 86400, page, dimension, value) || ': ' || SUM(views)
                FROM analytics_values GROUP BY site, hour / 86400, page, dimension, value
                """;
        List<String> before = rows(sums);
        long cutoff = D0 + 15 * DAY;
        String hourlyLeft = "SELECT count(*) FROM analytics_hours WHERE hour < " + cutoff + " AND hour % 86400 <> 0";

        AtomicInteger rolled = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(4);
        List<Callable<Void>> rollers = new ArrayList<>();
        PostgresDatabase second = instance();
        for (PostgresDatabase db : List.of(first, second, first, second)) {
            PostgresAnalytics store = new PostgresAnalytics(db);
            rollers.add(() -> {
                start.await();
                // Until none is left: a step that finds another instance rolling up answers false, and is tried again.
                while (true) {
                    if (db.inTransaction(c -> store.rollUpOneDay(c, cutoff))) {
                        rolled.incrementAndGet();
                    } else if (pg.number(hourlyLeft) == 0) {
                        return null;
                    }
                }
            });
        }
        for (Future<Void> f : threads.invokeAll(rollers)) {
            f.get();
        }

        assertThat(rows(sums)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(rolled).hasValue(3 * 15);
        assertThat(pg.number(hourlyLeft)).isZero();
        assertThat(pg.number("SELECT count(*) FROM analytics_hours WHERE hour < " + cutoff)).isEqualTo(3 * 15);
        assertThat(pg.number("SELECT count(*) FROM analytics_hours WHERE hour >= " + cutoff)).isEqualTo(3 * 5 * 6);
    }

    @Test
    void randomViewsGiveTheSameReportsOnSqliteAndOnPostgres() throws Exception {
        try (AnalyticsBackend sqlite = AnalyticsBackend.open(AnalyticsBackend.SQLITE, dir);
             AnalyticsBackend postgres = AnalyticsBackend.open(AnalyticsBackend.POSTGRES, dir)) {
            Random random = new Random(16);
            for (int batch = 0; batch < 20; batch++) {
                View[] views = new View[50];
                for (int i = 0; i < views.length; i++) {
                    views[i] = randomView(random);
                }
                sqlite.views(views);
                postgres.views(views);
            }
            assertThat(answers(postgres.store)).isEqualTo(answers(sqlite.store));
            assertThat(postgres.rollUpAll(D0 + 4 * DAY + 5 * H)).isEqualTo(sqlite.rollUpAll(D0 + 4 * DAY + 5 * H)).isPositive();
            assertThat(answers(postgres.store)).isEqualTo(answers(sqlite.store));
        }
    }

    private static final List<String> SITES = List.of("a.example", "B.example", "b.example");
    private static final List<String> PAGES = List.of("/", "/a", "/A", "/a-b", "/ab", "/é");
    private static final List<String> REFERRERS = List.of("news.example", "News.example", "x-y.example", "xy.example", "é.example");

    private static View randomView(Random r) {
        String site = SITES.get(r.nextInt(SITES.size()));
        long hour = D0 + r.nextInt(6 * 24) * H;
        int kind = r.nextInt(20);
        if (kind == 0) {
            return new View(site, hour, null, null, true, false, false, false, false, null, null, null, null, null, null, null);
        }
        if (kind == 1) {
            return new View(site, hour, null, null, false, true, r.nextBoolean(), false, false, null, null, null, null, null, null, null);
        }
        String page = PAGES.get(r.nextInt(PAGES.size()));
        String title = r.nextInt(3) == 0 ? null : "Title " + r.nextInt(4);
        return new View(site, hour, page, title, false, false, r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                REFERRERS.get(r.nextInt(REFERRERS.size())), r.nextBoolean() ? "Chrome" : "Firefox", "1" + r.nextInt(3),
                r.nextBoolean() ? "Linux" : "iOS", r.nextBoolean() ? "desktop" : "mobile", r.nextBoolean() ? "DE" : "FR",
                r.nextBoolean() ? "1920x1080" : "390x844");
    }

    /** Every report over several ranges, filters and limits, with the sites: all a dashboard can ask. */
    private static List<Object> answers(AnalyticsStore store) {
        Reports reports = new Reports(store);
        List<Object> out = new ArrayList<>();
        out.add(reports.sites(D0 + 31 * DAY));
        out.add(store.sites());
        List<Filter> filters = new ArrayList<>();
        filters.add(null);
        PAGES.forEach(p -> filters.add(new Filter(Dimension.PAGE, p)));
        REFERRERS.forEach(v -> filters.add(new Filter(Dimension.REFERRER, v)));
        filters.add(new Filter(Dimension.COUNTRY, "DE"));
        filters.add(new Filter(Dimension.BROWSER, "Firefox"));
        for (String site : SITES) {
            out.add(reports.report(new ReportQuery(site, D0, D0 + 7 * DAY, 3, null)));
            for (long[] range : new long[][] {{D0, D0 + DAY}, {D0 + DAY + 5 * H, D0 + 3 * DAY}, {D0, D0 + 7 * DAY}}) {
                for (Filter f : filters) {
                    out.add(reports.report(new ReportQuery(site, range[0], range[1], f == null ? 100 : 3, f)));
                }
            }
        }
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) throws SQLException {
        try (Connection c = pools.get(0).connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        query(sql, rs -> out.add(rs.getString(1)));
        return out;
    }
}

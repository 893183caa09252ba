package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tally.analytics.AnalyticsStore.Entry;
import tally.analytics.AnalyticsStore.Point;
import tally.analytics.Dimension;
import tally.analytics.Filter;
import tally.analytics.ReportQuery;
import tally.analytics.Reports;
import tally.analytics.View;

/** One set of cases for every analytics store, run on SQLite and on PostgreSQL: the same data gives the same answers. */
class AnalyticsStoreContractTest {

    private static final long DAY = 86_400;
    private static final long H = 3600;
    /** 2025-12-01T00:00Z. */
    private static final long D0 = 20_423 * DAY;

    @TempDir
    Path dir;
    private AnalyticsBackend b;

    private AnalyticsBackend open(String backend) {
        b = AnalyticsBackend.open(backend, dir);
        return b;
    }

    @AfterEach
    void close() {
        if (b != null) {
            b.close();
        }
    }

    static View view(String site, long hour, String page, String referrer, String country) {
        return new View(site, hour, page, null, false, false, false, false, false, referrer, "Chrome", "131", "Linux",
                "desktop", country, "1920x1080");
    }

    static View visitor(String site, long hour, String page, String title, boolean newVisitor, boolean newOnPage) {
        return new View(site, hour, page, title, false, false, newVisitor, newOnPage, newVisitor, "news.example", "Firefox", "133",
                "Windows", "desktop", "DE", "1280x720");
    }

    static View bot(String site, long hour) {
        return new View(site, hour, null, null, true, false, false, false, false, null, null, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void totalsAreOnePointPerStoredHourAddedUpAcrossBatches(String backend) throws Exception {
        open(backend).views(visitor("a.example", D0 + H, "/", null, true, true), visitor("a.example", D0 + H, "/", null, false, false),
                bot("a.example", D0 + H), visitor("a.example", D0 + 2 * H, "/", null, false, false),
                visitor("b.example", D0 + H, "/", null, true, true));
        b.views(visitor("a.example", D0 + H, "/x", null, true, true));

        assertThat(b.store.totals("a.example", D0, D0 + DAY)).containsExactly(
                new Point(D0 + H, 3, 2L, 1L), new Point(D0 + 2 * H, 1, 0L, 0L));
        assertThat(b.store.totals("a.example", D0 + H, D0 + 2 * H)).containsExactly(new Point(D0 + H, 3, 2L, 1L));
        assertThat(b.store.totals("nobody.example", D0, D0 + DAY)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void reportsHaveHourlyPointsUpToThreeDaysAndDailyPointsBeyond(String backend) throws Exception {
        open(backend).views(visitor("a.example", D0 + H, "/", null, true, true),
                visitor("a.example", D0 + DAY + 2 * H, "/", null, false, false),
                visitor("a.example", D0 + DAY + 5 * H, "/", null, true, false));
        Reports reports = new Reports(b.store);

        Map<String, Object> hourly = reports.report(new ReportQuery("a.example", D0, D0 + 2 * DAY, 10, null));
        assertThat(hourly.get("granularity")).isEqualTo("hour");
        assertThat((List<?>) hourly.get("series")).hasSize(48);
        assertThat(hourly.get("totals")).isEqualTo(Map.of("views", 3L, "uniques", 2L, "bots", 0L));
        assertThat(((List<?>) hourly.get("series")).get(26)).isEqualTo(Map.of("t", D0 + DAY + 2 * H, "views", 1L, "uniques", 0L));

        Map<String, Object> daily = reports.report(new ReportQuery("a.example", D0, D0 + 7 * DAY, 10, null));
        assertThat(daily.get("granularity")).isEqualTo("day");
        assertThat((List<?>) daily.get("series")).hasSize(7);
        assertThat(((List<?>) daily.get("series")).subList(0, 3)).isEqualTo(List.of(Map.of("t", D0, "views", 1L, "uniques", 1L),
                Map.of("t", D0 + DAY, "views", 2L, "uniques", 1L), Map.of("t", D0 + 2 * DAY, "views", 0L, "uniques", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void topListsAreMostViewedFirstThenInByteOrderAndStopAtTheLimit(String backend) throws Exception {
        open(backend);
        for (String referrer : List.of("apple", "ab", "a-c", "Zeta", "news.example", "apple", "ab", "a-c", "Zeta", "news.example")) {
            b.views(view("a.example", D0 + H, "/", referrer, "FR"));
        }
        b.views(view("a.example", D0 + 2 * H, "/", "news.example", "FR"), view("a.example", D0 + 2 * H, "/b", "ab", "DE"));

        assertThat(b.store.top("a.example", Dimension.REFERRER, null, D0, D0 + DAY, 4)).containsExactly(
                new Entry("ab", null, 3), new Entry("news.example", null, 3), new Entry("Zeta", null, 2), new Entry("a-c", null, 2));
        assertThat(b.store.top("a.example", Dimension.REFERRER, new Filter(Dimension.PAGE, "/b"), D0, D0 + DAY, 10)).containsExactly(new Entry("ab", null, 1));
        assertThat(b.store.top("a.example", Dimension.COUNTRY, null, D0 + 2 * H, D0 + DAY, 10)).containsExactly(
                new Entry("DE", null, 1), new Entry("FR", null, 1));
        assertThat(b.store.top("a.example", Dimension.BROWSER, null, D0 + 3 * H, D0 + DAY, 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void everyFilterGivesViewsAndUniquesPerHour(String backend) throws Exception {
        open(backend).views(visitor("a.example", D0 + H, "/a", null, true, true), visitor("a.example", D0 + H, "/a", null, false, false),
                view("a.example", D0 + H, "/b", "x.example", "DE"), view("a.example", D0 + 2 * H, "/a", "x.example", "FR"));

        assertThat(b.store.filtered("a.example", new Filter(Dimension.PAGE, "/a"), D0, D0 + DAY)).containsExactly(
                new Point(D0 + H, 2, 1L, null), new Point(D0 + 2 * H, 1, 0L, null));
        assertThat(b.store.filtered("a.example", new Filter(Dimension.COUNTRY, "DE"), D0, D0 + DAY)).containsExactly(
                new Point(D0 + H, 3, 1L, null));
        assertThat(b.store.filtered("a.example", new Filter(Dimension.REFERRER, "x.example"), D0 + 2 * H, D0 + DAY))
                .containsExactly(new Point(D0 + 2 * H, 1, 0L, null));
        assertThat(b.store.filtered("a.example", new Filter(Dimension.REFERRER, "news.example"), D0, D0 + DAY))
                .containsExactly(new Point(D0 + H, 2, 1L, null));
        assertThat(b.store.filtered("a.example", new Filter(Dimension.BROWSER, "Chrome"), D0, D0 + DAY))
                .containsExactly(new Point(D0 + H, 1, 0L, null), new Point(D0 + 2 * H, 1, 0L, null));
        assertThat(b.store.filtered("a.example", new Filter(Dimension.PAGE, "/none"), D0, D0 + DAY)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void aReferrerCountryOrBrowserFilterBreaksDownEveryOtherList(String backend) throws Exception {
        open(backend).views(view("a.example", D0 + H, "/a", "x.example", "DE"), view("a.example", D0 + H, "/b", "x.example", "FR"),
                visitor("a.example", D0 + H, "/a", null, true, true), bot("a.example", D0 + H));
        b.views(view("a.example", D0 + 30 * H, "/a", "x.example", "DE"));
        Filter x = new Filter(Dimension.REFERRER, "x.example");
        Filter de = new Filter(Dimension.COUNTRY, "DE");
        Filter chrome = new Filter(Dimension.BROWSER, "Chrome");

        assertThat(b.store.top("a.example", Dimension.COUNTRY, x, D0, D0 + DAY, 10)).containsExactly(
                new Entry("DE", null, 1), new Entry("FR", null, 1));
        assertThat(b.store.top("a.example", Dimension.BROWSER, x, D0, D0 + DAY, 10)).containsExactly(new Entry("Chrome", null, 2));
        assertThat(b.store.top("a.example", Dimension.REFERRER, de, D0, D0 + DAY, 10)).containsExactly(
                new Entry("news.example", null, 1), new Entry("x.example", null, 1));
        assertThat(b.store.top("a.example", Dimension.REFERRER, de, D0, D0 + 2 * DAY, 1)).containsExactly(new Entry("x.example", null, 2));
        assertThat(b.store.top("a.example", Dimension.OS, de, D0, D0 + DAY, 10)).containsExactly(
                new Entry("Linux", null, 1), new Entry("Windows", null, 1));
        assertThat(b.store.top("a.example", Dimension.VERSION, chrome, D0, D0 + DAY, 10)).containsExactly(new Entry("131", null, 2));
        assertThat(b.store.top("a.example", Dimension.RESOLUTION, chrome, D0, D0 + DAY, 10)).containsExactly(new Entry("1920x1080", null, 2));
        assertThat(b.store.top("a.example", Dimension.DEVICE, new Filter(Dimension.BROWSER, "Firefox"), D0, D0 + DAY, 10))
                .containsExactly(new Entry("desktop", null, 1));
        assertThat(b.store.top("a.example", Dimension.OS, new Filter(Dimension.COUNTRY, "JP"), D0, D0 + DAY, 10)).isEmpty();
        assertThat(b.store.topPages("a.example", de, D0, D0 + DAY, 10)).containsExactly(new Entry("/a", null, 2));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void topPagesCarryTheLatestTitleAndFollowTheFilter(String backend) throws Exception {
        open(backend).views(visitor("a.example", D0 + H, "/a", "Old title", true, true),
                visitor("a.example", D0 + H, "/a", null, false, false), view("a.example", D0 + H, "/b", "x.example", "FR"));
        b.views(visitor("a.example", D0 + 2 * H, "/a", "New title", false, false), view("a.example", D0 + 2 * H, "/B", "x.example", "FR"));

        assertThat(b.store.topPages("a.example", null, D0, D0 + DAY, 10)).containsExactly(
                new Entry("/a", "New title", 3), new Entry("/B", null, 1), new Entry("/b", null, 1));
        assertThat(b.store.topPages("a.example", null, D0, D0 + DAY, 1)).containsExactly(new Entry("/a", "New title", 3));
        assertThat(b.store.topPages("a.example", new Filter(Dimension.COUNTRY, "FR"), D0, D0 + DAY, 10)).containsExactly(
                new Entry("/B", null, 1), new Entry("/b", null, 1));
        assertThat(b.store.topPages("a.example", new Filter(Dimension.PAGE, "/b"), D0, D0 + DAY, 10)).containsExactly(
                new Entry("/b", null, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void textThatLooksLikeSqlOrArraySyntaxIsStoredAsItCame(String backend) throws Exception {
        String page = "/{a,b}\"c\\d'e NULL";
        open(backend).views(visitor("a.example", D0 + H, page, "NULL", true, true), view("a.example", D0 + H, "/NULL", "NULL", "{}"),
                view("a.example", D0 + H, "/", "\"", "\\"), visitor("a.example", D0 + H, "/é", "\"{é}\" ,", false, false));

        assertThat(b.store.topPages("a.example", null, D0, D0 + DAY, 10)).containsExactly(new Entry("/", null, 1),
                new Entry("/NULL", null, 1), new Entry(page, "NULL", 1), new Entry("/é", "\"{é}\" ,", 1));
        assertThat(b.store.top("a.example", Dimension.REFERRER, null, D0, D0 + DAY, 10)).containsExactly(
                new Entry("news.example", null, 2), new Entry("\"", null, 1), new Entry("NULL", null, 1));
        assertThat(b.store.top("a.example", Dimension.COUNTRY, null, D0, D0 + DAY, 10)).containsExactly(
                new Entry("DE", null, 2), new Entry("\\", null, 1), new Entry("{}", null, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void sitesAreEveryOneRecordedWithTheirRecentViewsMostFirst(String backend) throws Exception {
        open(backend).views(visitor("old.example", D0, "/", null, true, true), visitor("b.example", D0 + 5 * DAY, "/", null, true, true),
                visitor("B.example", D0 + 5 * DAY, "/", null, true, true), bot("bots.example", D0 + 5 * DAY));

        assertThat(b.store.sites()).containsExactlyInAnyOrder("old.example", "b.example", "B.example", "bots.example");
        assertThat(b.store.sitesFirstSeenSince(D0 + DAY)).containsExactlyInAnyOrder("b.example", "B.example", "bots.example");
        assertThat(b.store.sitesFirstSeenSince(D0 + 6 * DAY)).isEmpty();
        assertThat(b.store.siteViews(D0 + DAY)).containsExactly(new Entry("B.example", null, 1), new Entry("b.example", null, 1),
                new Entry("bots.example", null, 0), new Entry("old.example", null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyticsBackend.SQLITE, AnalyticsBackend.POSTGRES})
    void aRollUpFoldsEachDayIntoOneRowAtMidnightWithTheSameReports(String backend) throws Exception {
        open(backend);
        for (long hour : new long[] {D0, D0 + 5 * H, D0 + 23 * H, D0 + DAY + 2 * H, D0 + DAY + 4 * H, D0 + 3 * DAY + H}) {
            b.views(visitor("a.example", hour, "/a", "A", true, true), view("a.example", hour, "/b", "x.example", "DE"), bot("a.example", hour));
        }
        b.views(view("b.example", D0 + 7 * H, "/", "y.example", "FR"));
        Reports reports = new Reports(b.store);
        ReportQuery week = new ReportQuery("a.example", D0, D0 + 7 * DAY, 10, null);
        ReportQuery byCountry = new ReportQuery("a.example", D0, D0 + 7 * DAY, 10, new Filter(Dimension.COUNTRY, "DE"));
        ReportQuery byPage = new ReportQuery("a.example", D0, D0 + 7 * DAY, 10, new Filter(Dimension.PAGE, "/a"));
        ReportQuery byReferrer = new ReportQuery("a.example", D0, D0 + 7 * DAY, 10, new Filter(Dimension.REFERRER, "news.example"));
        List<ReportQuery> queries = List.of(week, byCountry, byPage, byReferrer);
        List<Map<String, Object>> before = queries.stream().map(reports::report).toList();

        assertThat(b.rollUpAll(D0 + 3 * DAY + 12 * H)).isEqualTo(3);

        assertThat(queries.stream().map(reports::report).toList()).isEqualTo(before);
        assertThat(before.get(3).toString()).contains("totals={views=6, uniques=6, bots=null}", "countries=[{value=DE, views=6}]");
        assertThat(b.store.totals("a.example", D0, D0 + 7 * DAY)).containsExactly(new Point(D0, 6, 3L, 3L),
                new Point(D0 + DAY, 4, 2L, 2L), new Point(D0 + 3 * DAY + H, 2, 1L, 1L));
        assertThat(b.store.totals("b.example", D0, D0 + DAY)).containsExactly(new Point(D0, 1, 0L, 0L));
        assertThat(b.number("SELECT count(*) FROM analytics_values WHERE hour < " + (D0 + 3 * DAY) + " AND hour % 86400 <> 0")).isZero();
        assertThat(b.number("SELECT count(*) FROM analytics_values WHERE hour = " + (D0 + 3 * DAY + H))).isPositive();
        assertThat(b.number("SELECT count(*) FROM analytics_pairs WHERE hour < " + (D0 + 3 * DAY) + " AND hour % 86400 <> 0")).isZero();
        assertThat(b.number("SELECT count(*) FROM analytics_pairs WHERE hour = " + D0)).isPositive();
        assertThat(b.rollUpAll(D0 + 3 * DAY + 12 * H)).isZero();
    }
}

package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** Pixels sent over HTTP to a whole Tally, read back through the admin API. */
class AnalyticsEndToEndTest {

    /** Addresses the shipped database maps to a country (looked up below, so the test follows the data). */
    static final List<String> ADDRESSES = List.of("8.8.8.8", "193.99.144.80", "81.2.69.142", "133.242.0.3",
            "200.147.67.142", "2a00:1450:4001:80b::200e", "1.1.1.1");
    static final Countries COUNTRIES = Countries.shipped().ready();

    @TempDir
    Path dir;

    private void run(List<String> sites, BiConsumer<TestTally, Pixels> test) {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, sites, 400))) {
            JavalinTest.test(t.app, (server, client) -> test.accept(t, new Pixels(server.port())));
        }
    }

    @Test
    void twentyRealUserAgentsFromSeveralCountriesGiveTheExpectedAggregates() throws Exception {
        Set<String> countries = new LinkedHashSet<>();
        ADDRESSES.forEach(a -> countries.add(COUNTRIES.of(a)));
        assertThat(countries).doesNotContainNull().hasSizeGreaterThanOrEqualTo(4);
        List<String> bots = Bots.instances().stream().filter(ua -> ua.startsWith("Mozilla")).distinct().limit(8).toList();
        run(List.of(), (t, p) -> {
            Map<String, Map<String, Long>> expected = new HashMap<>();
            for (int i = 0; i < AgentsTest.PEOPLE.size(); i++) {
                List<String> person = AgentsTest.PEOPLE.get(i);
                String address = ADDRESSES.get(i % ADDRESSES.size());
                String page = "/post-" + (i % 3);
                assertThat(p.view("blog.example", page, person.get(0), address).statusCode()).isEqualTo(200);
                count(expected, "pages", page);
                count(expected, "browsers", person.get(1));
                count(expected, "os", person.get(3));
                count(expected, "devices", person.get(4));
                count(expected, "countries", COUNTRIES.of(address));
            }
            for (String bot : bots) {
                assertThat(p.view("blog.example", "/post-0", bot, "8.8.8.8").statusCode()).isEqualTo(200);
            }
            t.clock.advanceSeconds(60);
            JsonNode r = p.report("site=blog.example&limit=50");
            assertThat(r.path("totals").path("views").asLong()).isEqualTo(12);
            assertThat(r.path("totals").path("uniques").asLong()).isEqualTo(12);
            assertThat(r.path("totals").path("bots").asLong()).isEqualTo(bots.size()).isEqualTo(8);
            expected.forEach((list, counts) -> assertThat(Pixels.list(r, list)).as(list).isEqualTo(sorted(counts)));
            assertThat(Pixels.list(r, "devices")).containsEntry("desktop", 5L).containsEntry("mobile", 4L).containsEntry("tablet", 3L);
        });
    }

    @Test
    void doNotTrackAndGlobalPrivacyControlCountInTheTotalsOnly() {
        run(List.of(), (t, p) -> {
            Map<String, String> params = Map.of("site", "blog.example", "path", "/secret", "title", "T", "referrer", "https://github.com/x", "resolution", "800,600");
            p.send(params, Pixels.CHROME, "8.8.8.8", Map.of("DNT", "1"));
            p.send(params, Pixels.CHROME, "1.1.1.1", Map.of("Sec-GPC", "1"));
            t.clock.advanceSeconds(60);
            JsonNode r = p.report("site=blog.example");
            assertThat(r.path("totals").path("views").asLong()).isEqualTo(2);
            assertThat(r.path("totals").path("uniques").asLong()).isZero();
            assertThat(t.number("SELECT count(*) FROM analytics_values")).isZero();
            assertThat(t.number("SELECT count(*) FROM analytics_titles")).isZero();
        });
    }

    @Test
    void aBotThatSendsDoNotTrackIsStillABotAndNotAView() {
        run(List.of(), (t, p) -> {
            String googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
            p.send(Map.of("site", "blog.example", "path", "/a"), googlebot, "8.8.8.8", Map.of("DNT", "1"));
            p.send(Map.of("site", "blog.example", "path", "/a"), googlebot, "1.1.1.1", Map.of("Sec-GPC", "1"));
            t.clock.advanceSeconds(60);
            JsonNode r = p.report("site=blog.example");
            assertThat(r.path("totals").path("views").asLong()).isZero();
            assertThat(r.path("totals").path("bots").asLong()).isEqualTo(2);
        });
    }

    @Test
    void timeSlicesSelectTheRightHours() {
        run(List.of(), (t, p) -> {
            long h0 = t.clock.millis() / 1000;
            p.view("blog.example", "/a", Pixels.CHROME, "8.8.8.8");
            t.clock.advanceSeconds(3600);
            p.view("blog.example", "/b", Pixels.CHROME, "8.8.8.8");
            p.view("blog.example", "/b", Pixels.CHROME, "1.1.1.1");
            t.clock.advanceSeconds(2 * 3600);
            p.view("blog.example", "/c", Pixels.CHROME, "8.8.8.8");
            JsonNode middle = p.report("site=blog.example&start=" + (h0 + 3600) + "&end=" + (h0 + 3 * 3600));
            assertThat(middle.path("granularity").asText()).isEqualTo("hour");
            assertThat(middle.path("totals").path("views").asLong()).isEqualTo(2);
            assertThat(Pixels.list(middle, "pages")).containsExactly(Map.entry("/b", 2L));
            assertThat(middle.path("series").toString()).isEqualTo("[{\"t\":" + (h0 + 3600) + ",\"views\":2,\"uniques\":1},{\"t\":"
                    + (h0 + 7200) + ",\"views\":0,\"uniques\":0}]");
            JsonNode all = p.report("site=blog.example&start=" + h0 + "&end=" + (h0 + 4 * 3600));
            assertThat(all.path("totals").path("views").asLong()).isEqualTo(4);
            assertThat(all.path("series")).hasSize(4);
            JsonNode week = p.report("site=blog.example&start=" + (h0 - 6 * 86_400) + "&end=" + (h0 + 86_400));
            assertThat(week.path("granularity").asText()).isEqualTo("day");
            assertThat(week.path("series")).hasSize(8); // every UTC day the range touches
            assertThat(week.path("totals").path("views").asLong()).isEqualTo(4);
            JsonNode page = p.report("site=blog.example&start=" + h0 + "&end=" + (h0 + 4 * 3600) + "&page=/b");
            assertThat(page.path("filter").toString()).isEqualTo("{\"page\":\"/b\"}");
            assertThat(page.path("totals").path("views").asLong()).isEqualTo(2);
            assertThat(page.path("totals").path("uniques").asLong()).isEqualTo(2);
            assertThat(Pixels.list(page, "countries")).hasSize(2);
            JsonNode country = p.report("site=blog.example&start=" + h0 + "&end=" + (h0 + 4 * 3600) + "&country=us");
            assertThat(country.path("totals").path("views").asLong()).isEqualTo(3);
            assertThat(country.path("totals").path("uniques").asLong()).isEqualTo(1);
            assertThat(Pixels.list(country, "browsers")).containsExactly(Map.entry("Chrome", 3L));
            assertThat(Pixels.list(country, "pages")).containsOnlyKeys("/a", "/b", "/c");
        });
    }

    @Test
    void aRangeCountsEveryHourItOverlapsSinceViewsAreKnownToTheHour() {
        run(List.of(), (t, p) -> {
            long noon = t.clock.millis() / 1000; // 12:00
            t.clock.advanceSeconds(20 * 60);
            p.view("blog.example", "/a", Pixels.CHROME, "8.8.8.8"); // 12:20
            t.clock.advanceSeconds(60);
            long now = t.clock.millis() / 1000;
            for (String range : List.of("start=" + (noon + 1800) + "&end=" + (noon + 3600), "start=" + (now - 60) + "&end=" + (now + 60),
                    "start=" + (noon - 1800) + "&end=" + (noon + 600), "start=" + (now - 10))) {
                JsonNode r = p.report("site=blog.example&" + range);
                assertThat(r.path("totals").path("views").asLong()).as(range).isEqualTo(1);
                assertThat(Pixels.list(r, "pages")).as(range).containsExactly(Map.entry("/a", 1L));
            }
            JsonNode half = p.report("site=blog.example&start=" + (noon + 1800) + "&end=" + (noon + 5400));
            assertThat(half.path("series").toString()).isEqualTo("[{\"t\":" + noon + ",\"views\":1,\"uniques\":1},{\"t\":"
                    + (noon + 3600) + ",\"views\":0,\"uniques\":0}]");
            assertThat(p.report("site=blog.example&start=" + (noon + 3600) + "&end=" + (noon + 7200)).path("totals").path("views").asLong()).isZero();
            assertThat(p.report("site=blog.example&start=" + (noon - 3600) + "&end=" + noon).path("totals").path("views").asLong()).isZero();
        });
    }

    @Test
    void aReferrerCountryOrBrowserFilterNarrowsEveryListAndTheUniques() {
        String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        String us = "8.8.8.8";
        String de = "193.99.144.80";
        assertThat(COUNTRIES.of(us)).isEqualTo("US");
        assertThat(COUNTRIES.of(de)).isEqualTo("DE");
        run(List.of(), (t, p) -> {
            String hn = "https://news.ycombinator.com/item?id=1";
            p.send(Map.of("site", "blog.example", "path", "/a"), Pixels.CHROME, us, Map.of());
            p.send(Map.of("site", "blog.example", "path", "/b", "referrer", hn), Pixels.CHROME, us, Map.of());
            p.send(Map.of("site", "blog.example", "path", "/c", "referrer", hn), Pixels.CHROME, us, Map.of());
            p.send(Map.of("site", "blog.example", "path", "/a", "referrer", hn, "resolution", "1280,720"), firefox, de, Map.of());
            p.send(Map.of("site", "blog.example", "path", "/a", "referrer", "https://www.reddit.com/r/java"), firefox, us, Map.of());
            t.clock.advanceSeconds(60);

            JsonNode byReferrer = p.report("site=blog.example&referrer=Hacker%20News");
            assertThat(byReferrer.path("totals").path("views").asLong()).isEqualTo(3);
            assertThat(byReferrer.path("totals").path("uniques").asLong()).as("the Chrome visitor's first view had no referrer").isEqualTo(2);
            assertThat(Pixels.list(byReferrer, "browsers")).containsExactly(Map.entry("Chrome", 2L), Map.entry("Firefox", 1L));
            assertThat(Pixels.list(byReferrer, "countries")).containsExactly(Map.entry("US", 2L), Map.entry("DE", 1L));
            assertThat(Pixels.list(byReferrer, "resolutions")).containsExactly(Map.entry("1280x720", 1L));
            assertThat(Pixels.list(byReferrer, "pages")).containsOnlyKeys("/a", "/b", "/c");
            assertThat(Pixels.list(byReferrer, "referrers")).containsExactly(Map.entry("Hacker News", 3L));

            JsonNode byBrowser = p.report("site=blog.example&browser=Firefox");
            assertThat(byBrowser.path("totals").path("uniques").asLong()).isEqualTo(2);
            assertThat(Pixels.list(byBrowser, "referrers")).containsExactly(Map.entry("Hacker News", 1L), Map.entry("Reddit", 1L));
            assertThat(Pixels.list(byBrowser, "os")).containsExactly(Map.entry("Linux", 2L));

            JsonNode byCountry = p.report("site=blog.example&country=us");
            assertThat(byCountry.path("totals").path("views").asLong()).isEqualTo(4);
            assertThat(byCountry.path("totals").path("uniques").asLong()).isEqualTo(2);
            assertThat(byCountry.path("totals").path("bots").isNull()).as("bots have no country").isTrue();
            assertThat(Pixels.list(byCountry, "referrers")).containsExactly(Map.entry("Hacker News", 2L), Map.entry("Reddit", 1L));
            assertThat(Pixels.list(byCountry, "browsers")).containsExactly(Map.entry("Chrome", 3L), Map.entry("Firefox", 1L));
        });
    }

    @Test
    void aDaysUniquesCountOneClientOnce() {
        run(List.of(), (t, p) -> {
            for (String page : List.of("/a", "/b", "/a", "/c", "/a")) {
                p.view("blog.example", page, Pixels.CHROME, "8.8.8.8");
            }
            p.view("blog.example", "/a", AgentsTest.PEOPLE.get(1).get(0), "8.8.8.8");
            t.clock.advanceSeconds(60);
            JsonNode today = p.report("site=blog.example");
            assertThat(today.path("totals").path("views").asLong()).isEqualTo(6);
            assertThat(today.path("totals").path("uniques").asLong()).isEqualTo(2);
            assertThat(p.report("site=blog.example&page=/a").path("totals").path("uniques").asLong()).isEqualTo(2);
            t.clock.advanceSeconds(86_400);
            p.view("blog.example", "/a", Pixels.CHROME, "8.8.8.8");
            t.clock.advanceSeconds(60);
            assertThat(p.report("site=blog.example").path("totals").path("uniques").asLong()).isEqualTo(3);
        });
    }

    @Test
    void aClientThatKeepsBringingNewValuesHasItsLaterViewsCountedInTheTotalsOnly() {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400)
                .withNewValuesPerHour(3))) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                for (int i = 1; i <= 5; i++) {
                    assertThat(p.view("blog.example", "/made-up-" + i, Pixels.CHROME, "8.8.8.8").statusCode()).isEqualTo(200);
                }
                p.view("blog.example", "/made-up-1", Pixels.CHROME, "8.8.8.8"); // seen this hour: nothing new, recorded
                p.view("blog.example", "/other-reader", Pixels.CHROME, "1.1.1.1"); // another address has its own allowance
                t.clock.advanceSeconds(60);
                JsonNode report = p.report("site=blog.example");
                assertThat(report.path("totals").path("views").asLong()).isEqualTo(7);
                assertThat(Pixels.list(report, "pages")).containsOnly(Map.entry("/made-up-1", 2L),
                        Map.entry("/made-up-2", 1L), Map.entry("/made-up-3", 1L), Map.entry("/other-reader", 1L));
                assertThat(Pixels.list(report, "browsers").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);

                t.clock.advanceSeconds(3600); // a new hour: every value is new to it again, and this client's allowance is spent
                long hour = Math.floorDiv(t.clock.millis() / 1000, 3600) * 3600;
                p.view("blog.example", "/made-up-1", Pixels.CHROME, "8.8.8.8");
                p.view("blog.example", "/made-up-1", Pixels.CHROME, "1.1.1.1");
                t.clock.advanceSeconds(60);
                JsonNode later = p.report("site=blog.example&start=" + hour);
                assertThat(later.path("totals").path("views").asLong()).isEqualTo(2);
                assertThat(Pixels.list(later, "pages")).containsOnly(Map.entry("/made-up-1", 1L));
            });
        }
    }

    @Test
    void theApiRefusesWithoutTheTokenAndSlowsDownGuessing() {
        run(List.of(), (t, p) -> {
            HttpResponse<String> none = Http.get(p.port(), "/api/sites", Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).startsWith("{\"error\":");
            assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(Http.get(p.port(), "/api/analytics?site=blog.example", Map.of()).statusCode()).isEqualTo(401);
            assertThat(p.api("/api/sites").statusCode()).isEqualTo(200);
            for (int i = 0; i < 10; i++) {
                assertThat(Http.get(p.port(), "/api/sites", Map.of("Authorization", "Bearer wrong" + i)).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> slowed = p.api("/api/sites");
            assertThat(slowed.statusCode()).isEqualTo(429);
            assertThat(slowed.headers().firstValue("Retry-After")).isPresent();
        });
    }

    @Test
    void signingInSetsASessionCookieThatOpensTheApi() {
        run(List.of(), (t, p) -> {
            HttpResponse<String> wrong = Http.post(p.port(), "/analytics/login", "token=nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> in = Http.post(p.port(), "/analytics/login", "token=" + Pixels.TOKEN);
            assertThat(in.statusCode()).isEqualTo(303);
            assertThat(in.headers().firstValue("Location")).hasValue("/analytics");
            String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("tally_session=").contains("HttpOnly", "SameSite=Strict", "Path=/");
            String session = cookie.substring(0, cookie.indexOf(';'));
            assertThat(Http.get(p.port(), "/api/sites", Map.of("Cookie", session)).statusCode()).isEqualTo(200);
            assertThat(Http.get(p.port(), "/api/sites", Map.of("Cookie", "tally_session=forged")).statusCode()).isEqualTo(401);
            HttpResponse<String> out = Http.post(p.port(), "/analytics/logout", "");
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        });
    }

    @Test
    void tallySitesDropsOtherSites() {
        run(List.of("example.com", "*.github.io"), (t, p) -> {
            p.view("example.com", "/", Pixels.CHROME, "8.8.8.8");
            p.view("you.github.io", "/", Pixels.CHROME, "8.8.8.8");
            assertThat(p.view("other.org", "/", Pixels.CHROME, "8.8.8.8").statusCode()).isEqualTo(200);
            p.send(Map.of("path", "/x"), Pixels.CHROME, "8.8.8.8", Map.of("Referer", "https://evil.example/x"));
            p.send(Map.of("path", "/y"), Pixels.CHROME, "8.8.8.8", Map.of("Referer", "https://Example.com/y?q=1"));
            t.clock.advanceSeconds(60);
            assertThat(p.api("/api/sites").body())
                    .isEqualTo("{\"sites\":[{\"site\":\"example.com\",\"views\":2},{\"site\":\"you.github.io\",\"views\":1}]}");
        });
    }

    @Test
    void anEmptyOrUnusableSiteParameterIsDroppedAndTheRefererNamesTheSite() {
        run(List.of(), (t, p) -> {
            Map<String, String> referer = Map.of("Referer", "https://blog.example/post");
            p.send(Map.of("site", "", "path", "/empty"), Pixels.CHROME, "8.8.8.8", referer);
            p.send(Map.of("site", "not a host", "path", "/spaces"), Pixels.CHROME, "8.8.8.8", referer);
            p.send(Map.of("site", ""), Pixels.CHROME, "8.8.8.8", Map.of());
            t.clock.advanceSeconds(60);
            assertThat(p.api("/api/sites").body()).isEqualTo("{\"sites\":[{\"site\":\"blog.example\",\"views\":2}]}");
            assertThat(Pixels.list(p.report("site=blog.example"), "pages")).containsOnlyKeys("/empty", "/spaces");
        });
    }

    @Test
    void aReportOfASiteNeverSeenSaysSoWhileAQuietRangeOfAKnownSiteDoesNot() {
        run(List.of(), (t, p) -> {
            p.view("example.com", "/", Pixels.CHROME, "8.8.8.8");
            t.clock.advanceSeconds(60);
            JsonNode typo = p.report("site=exmaple.com");
            assertThat(typo.path("totals").path("views").asLong()).isZero();
            assertThat(typo.path("note").asText()).contains("exmaple.com").contains("/api/sites");
            long now = t.clock.millis() / 1000;
            JsonNode quiet = p.report("site=example.com&start=" + (now - 3 * 86_400) + "&end=" + (now - 2 * 86_400));
            assertThat(quiet.path("totals").path("views").asLong()).isZero();
            assertThat(quiet.has("note")).isFalse();
            assertThat(p.report("site=example.com").has("note")).isFalse();
        });
    }

    @Test
    void withoutTallySitesAtMostAHundredNewSitesADayAreRecorded() {
        run(List.of(), (t, p) -> {
            for (int i = 0; i < Sites.NEW_PER_DAY + 5; i++) {
                assertThat(p.view("site" + i + ".example", "/", Pixels.CHROME, "8.8.8.8").statusCode()).isEqualTo(200);
            }
            assertThat(t.number("SELECT count(DISTINCT site) FROM analytics_hours")).isEqualTo(Sites.NEW_PER_DAY);
            p.view("site0.example", "/", Pixels.CHROME, "8.8.8.8");
            t.clock.advanceSeconds(86_400);
            p.view("site200.example", "/", Pixels.CHROME, "8.8.8.8");
            assertThat(t.number("SELECT count(DISTINCT site) FROM analytics_hours")).isEqualTo(Sites.NEW_PER_DAY + 1);
        });
    }

    @Test
    void aRestartDoesNotLetInAnotherHundredNewSitesTheSameDay() {
        assumeFalse(TestTally.onPostgres(), "each TestTally on PostgreSQL is a new database; the contract test checks the query there");
        run(List.of(), (t, p) -> {
            for (int i = 0; i < Sites.NEW_PER_DAY - 1; i++) {
                p.view("site" + i + ".example", "/", Pixels.CHROME, "8.8.8.8");
            }
        });
        run(List.of(), (t, p) -> {
            p.view("last.example", "/", Pixels.CHROME, "8.8.8.8");
            p.view("one-too-many.example", "/", Pixels.CHROME, "8.8.8.8");
            p.view("site0.example", "/", Pixels.CHROME, "8.8.8.8");
            assertThat(t.number("SELECT count(DISTINCT site) FROM analytics_hours")).isEqualTo(Sites.NEW_PER_DAY);
            assertThat(t.number("SELECT count(*) FROM analytics_hours WHERE site = 'one-too-many.example'")).isZero();
            assertThat(t.number("SELECT views FROM analytics_hours WHERE site = 'site0.example'")).isEqualTo(2);
        });
    }

    @Test
    void aReportWithOnlyAnEndStartsThirtyDaysBeforeItButNeverBefore1970() {
        run(List.of(), (t, p) -> {
            assertThat(p.report("site=a.example&end=10000000").path("start").asLong()).isEqualTo(10_000_000 - 30 * 86_400L);
            assertThat(p.report("site=a.example&end=1").path("start").asLong()).isZero();
        });
    }

    @Test
    void badReportParametersAre400WithAMessage() {
        run(List.of(), (t, p) -> {
            for (String q : List.of("", "site=a.example&start=abc", "site=a.example&start=100&end=50",
                    "site=a.example&page=/a&country=DE", "site=a.example&limit=0", "site=a.example&format=xml",
                    "site=a.example&format=json&format=csv", "site=a.example&end=99999999999999999999")) {
                HttpResponse<String> r = p.api("/api/analytics?" + q);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(r.body()).as(q).startsWith("{\"error\":\"");
            }
        });
    }

    @Test
    void numbersInOtherScriptsThanAsciiAre400SayingToSendAsciiDigits() {
        run(List.of(), (t, p) -> {
            // ٣ (Arabic-Indic three), ５ (full-width five), ١٠ (Arabic-Indic ten), percent-encoded as a browser sends them
            for (String q : List.of("start=%D9%A3", "end=%D9%A1%D9%A0", "limit=%EF%BC%95")) {
                HttpResponse<String> r = p.api("/api/analytics?site=a.example&" + q);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(r.body()).as(q).contains("in ASCII digits 0-9");
            }
        });
    }

    @Test
    void csvExportsTheSameTables() {
        run(List.of(), (t, p) -> {
            p.send(Map.of("site", "blog.example", "path", "/post", "title", "=HYPERLINK(\"x\"), with comma"), Pixels.CHROME, "8.8.8.8", Map.of());
            t.clock.advanceSeconds(60);
            HttpResponse<String> r = p.api("/api/analytics?site=blog.example&format=csv");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            assertThat(r.body()).startsWith("table,t,value,title,views,uniques,bots\r\ntotals,,,,1,1,0\r\n")
                    .contains("\r\npages,,/post,\"'=HYPERLINK(\"\"x\"\"), with comma\",1,,\r\n")
                    .contains("\r\nbrowsers,,Chrome,,1,,\r\n");
        });
    }

    private static void count(Map<String, Map<String, Long>> expected, String list, String value) {
        expected.computeIfAbsent(list, k -> new HashMap<>()).merge(value, 1L, Long::sum);
    }

    /** As the API orders a top list: most views first, then by value. */
    private static Map<String, Long> sorted(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}

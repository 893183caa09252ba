package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import tally.Http;
import tally.TestTally;

/**
 * The analytics dashboard in Chromium against a real Tally that recorded real pixels: sign in, see the chart
 * and the top lists, switch the range, filter by a page; screenshots under app/target/screenshots.
 */
class AnalyticsDashboardTest {

    static final String TOKEN = "dashboard-test-token-0123456789";
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    static Path dir;
    static TestTally tally;
    static ChromeDriver chrome;
    static String base;

    AnalyticsPage page;
    Screenshots screenshots;

    @BeforeAll
    static void recordViewsAndStartChromium() throws IOException {
        InstalledChromium.DEBIAN.assumeInstalled(System.getenv());
        dir = Files.createTempDirectory("tally-dashboard-");
        tally = TestTally.create(dir.resolve("server"), c -> c.withTrustProxy(true).withAnalytics(TOKEN, List.of(), 400));
        // The browser's ranges are computed from its own clock: the server's must agree.
        tally.clock.advanceSeconds(Instant.now().getEpochSecond() - tally.clock.instant().getEpochSecond());
        tally.app.start(0);
        base = "http://localhost:" + tally.app.port();
        String hn = "https://news.ycombinator.com/item?id=1";
        for (int i = 0; i < 5; i++) {
            view("blog.example", "/post", "A post about counting", i % 2 == 0 ? hn : "", List.of(CHROME, FIREFOX, IPHONE).get(i % 3), "8.8.8." + i);
        }
        view("blog.example", "/about", "About", "", FIREFOX, "1.1.1.1");
        view("blog.example", "/about", "About", "https://www.google.com/", CHROME, "9.9.9.9");
        view("blog.example", "/", "Home", "", IPHONE, "8.8.4.4");
        view("blog.example", "/", "Home", "", GOOGLEBOT, "66.249.66.1");
        view("docs.example", "/start", "Getting started", "", CHROME, "8.8.8.8");
        for (int part = 1; part <= 2; part++) {
            view("long.example", LONG_PATH + part, "How to configure a counter for every page of a blog, part " + part, "",
                    CHROME, "8.8.8." + part);
        }
        chrome = InstalledChromium.DEBIAN.start(dir.resolve("profile"));
    }

    static void view(String site, String path, String title, String referrer, String userAgent, String address) {
        Map<String, String> params = new HashMap<>(Map.of("site", site, "path", path, "title", title, "resolution", "1280,800"));
        if (!referrer.isEmpty()) {
            params.put("referrer", referrer);
        }
        StringBuilder q = new StringBuilder("/pixel.gif?");
        params.forEach((k, v) -> q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        var r = Http.get(tally.app.port(), q.toString(), Map.of("User-Agent", userAgent, "X-Forwarded-For", address));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        if (chrome != null) {
            chrome.quit();
        }
        if (tally != null) {
            tally.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = new AnalyticsPage(chrome, base);
        screenshots = new Screenshots(chrome);
    }

    @AfterEach
    void resetScreen() {
        screenshots.reset();
    }

    @Test
    void signingInShowsTheChartAndTheTopLists() {
        chrome.manage().deleteAllCookies();
        page.open("");
        assertThat(page.showsSignIn()).isTrue();
        assertThat(page.showsDashboard()).isFalse();

        page.signIn("not-the-token");
        assertThat(page.signInError()).startsWith("wrong token");

        page.signIn(TOKEN).awaitLoaded();
        assertThat(page.text("title")).isEqualTo("blog.example");
        assertThat(chrome.getCurrentUrl()).contains("site=blog.example");
        assertThat(page.text("total-views")).isEqualTo("8");
        assertThat(page.text("total-bots")).isEqualTo("1");
        assertThat(page.chartPoints()).isPositive();
        assertThat(page.rows("pages")).first().asString().startsWith("/post").contains("A post about counting").endsWith("5 63%");
        assertThat(page.rows("referrers")).anySatisfy(row -> assertThat(row).startsWith("Hacker News 3"));
        assertThat(page.rows("browsers")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(page.listText("devices")).contains("desktop");
        screenshots.emulate(1280, 900, false);
        page.awaitLoaded();
        screenshots.save("analytics-desktop-light", 1280, pageHeight());
    }

    @Test
    void switchingTheRangePutsItInTheUrlAndReloadsTheReport() {
        page.openSignedIn("", TOKEN).awaitLoaded();
        assertThat(page.pressedRange()).isEqualTo("30 d");
        // the range shown is in the address from the start, so that it can be bookmarked as it is
        assertThat(span(page.awaitUrlContaining("end="))).isEqualTo(30 * 86_400L);
        String unchosen = page.text("range-text");
        page.chooseRange("30 d");
        page.awaitLoaded();
        assertThat(page.text("range-text")).as("the range shown for 30 d before it was pressed").isEqualTo(unchosen);

        page.chooseRange("7 d");
        page.await(() -> "a 7 d range in the URL", b -> span(b.getCurrentUrl()) == 7 * 86_400L ? Boolean.TRUE : null);
        page.awaitLoaded();
        assertThat(page.pressedRange()).isEqualTo("7 d");
        assertThat(page.text("range-text")).endsWith("by day (UTC)");

        page.chooseRange("24 h");
        page.await(() -> "a 24 h range in the URL", b -> span(b.getCurrentUrl()) == 86_400L ? Boolean.TRUE : null);
        page.awaitLoaded();
        assertThat(page.text("range-text")).endsWith("by hour");
        assertThat(page.awaitViews("8")).isEqualTo("8");
        screenshots.emulate(1280, 900, false);
        page.awaitLoaded();
        screenshots.save("analytics-desktop-light-24h", 1280, pageHeight());

        page.chooseRange("12 months");
        page.await(() -> "a year in the URL", b -> span(b.getCurrentUrl()) == 365 * 86_400L ? Boolean.TRUE : null);
        page.awaitLoaded();
        assertThat(page.pressedRange()).isEqualTo("12 months");

        chrome.navigate().back();
        page.await(() -> "back to 24 h", b -> span(b.getCurrentUrl()) == 86_400L ? Boolean.TRUE : null);
        page.awaitLoaded();
        assertThat(page.pressedRange()).isEqualTo("24 h");
    }

    @Test
    void inTheDaysLastHourTheRangeChosenStaysPressedThoughTodayAndTwentyFourHoursAreTheSame() {
        // A time zone in which it is now 23:xx, where "Today" and "24 h" both end at midnight and span 24 h.
        int offset = Math.floorMod(23 - ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12, 24) - 12;
        String zone = offset == 0 ? "Etc/UTC" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset); // Etc/GMT-3 is UTC+3
        chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
        try {
            page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();
            page.chooseRange("24 h");
            page.await(() -> "24 h chosen", b -> span(b.getCurrentUrl()) == 86_400L ? Boolean.TRUE : null);
            page.awaitLoaded();
            assertThat(page.pressedRange()).isEqualTo("24 h");

            page.chooseRange("Today");
            page.await(() -> "Today pressed", b -> "Today".equals(page.pressedRange()) ? Boolean.TRUE : null);
            page.awaitLoaded();

            chrome.navigate().back();
            page.await(() -> "24 h pressed again after Back", b -> "24 h".equals(page.pressedRange()) ? Boolean.TRUE : null);
        } finally {
            chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    @Test
    void viewsWithoutAReferrerAreShownAsSuchSoTheSharesAddUp() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        assertThat(page.rows("referrers")).containsExactly("Hacker News 3 38%", "Google 1 13%", "Direct or none 4 50%");
        assertThat(page.rows("countries")).hasSize(2); // every view's country is known: no row for the rest
        assertThat(page.script("return document.querySelectorAll('#list-referrers button.row-item').length")).isEqualTo(2L);
    }

    @Test
    void openingCustomPressesItAloneAndSaysItsFormIsOpen() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();
        assertThat(page.pressedRange()).isEqualTo("30 d");

        page.chooseRange("Custom");

        assertThat(page.pressedRange()).isEqualTo("Custom");
        assertThat(page.script("return document.querySelectorAll('#presets [aria-pressed=\"true\"]').length")).isEqualTo(1L);
        assertThat(page.script("return document.querySelector('#presets [data-range=\"custom\"]').getAttribute('aria-expanded')"))
                .isEqualTo("true");
        page.chooseRange("Custom");
        assertThat(page.pressedRange()).isEqualTo("30 d");
        assertThat(page.script("return document.querySelector('#presets [data-range=\"custom\"]').getAttribute('aria-expanded')"))
                .isEqualTo("false");
    }

    @Test
    void aBookmarkedRangeInThePastOpensThatRange() {
        long end = Instant.now().getEpochSecond() - 30 * 86_400L;
        page.openSignedIn("site=blog.example&start=" + (end - 86_400) + "&end=" + end, TOKEN).awaitLoaded();

        assertThat(page.pressedRange()).isEqualTo("Custom");
        assertThat(page.text("total-views")).isEqualTo("0");
        assertThat(page.listText("pages")).contains("No views in this range.");
    }

    @Test
    void aViewThatFailsToLoadShowsWhyAndNotTheLastViewsNumbers() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();
        assertThat(page.text("total-views")).isEqualTo("8");

        // an in-page move to a range the server refuses, as Back to a hand-edited address would make
        page.script("history.pushState(null, '', '/analytics?site=shop.example&start=200&end=100');"
                + " dispatchEvent(new PopStateEvent('popstate'));");
        page.await(() -> "the refusal to be shown", b -> page.text("status").isEmpty() ? null : true);

        assertThat(page.text("status")).contains("start must be before end");
        assertThat(page.text("title")).isEqualTo("shop.example");
        assertThat((Boolean) page.script("return document.getElementById('report').hidden")).isTrue();
        assertThat(page.text("total-views")).isEmpty(); // hidden: WebDriver reads no text
    }

    @Test
    void aSiteThatHasNeverHadAViewSaysSoRatherThanShowingAQuietRange() {
        page.openSignedIn("site=blgo.example", TOKEN).awaitLoaded();

        assertThat(page.text("total-views")).isEqualTo("0");
        assertThat(page.listText("pages")).contains("Nothing recorded for this site yet");
        assertThat(page.listText("referrers")).contains("No views in this range.");
    }

    @Test
    void clickingAPageFiltersTheWholeDashboard() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        page.clickRow("pages", "/post");
        String url = page.awaitUrlContaining("page=%2Fpost");
        page.awaitViews("5");

        assertThat(url).contains("site=blog.example");
        assertThat(page.text("filter-text")).isEqualTo("Only views of page /post");
        assertThat(page.rows("pages")).hasSize(1);
        assertThat(page.rows("browsers")).hasSize(3);
        screenshots.emulate(1280, 900, true);
        page.awaitLoaded();
        screenshots.save("analytics-desktop-dark-filtered", 1280, pageHeight());

        chrome.findElement(By.id("filter-clear")).click();
        page.awaitViews("8");
        assertThat(chrome.getCurrentUrl()).doesNotContain("page=");
    }

    @Test
    void filteringByAReferrerOrABrowserNarrowsEveryListAndTheUniques() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        page.clickRow("referrers", "Hacker News");
        page.awaitUrlContaining("referrer=");
        page.awaitViews("3");
        assertThat(page.text("total-uniques")).isEqualTo("3");
        assertThat(page.text("total-bots")).isEqualTo("—");
        assertThat(page.rows("os")).hasSize(3);
        assertThat(page.rows("browsers")).hasSize(3);
        assertThat(page.rows("pages")).hasSize(1);
        assertThat(page.listText("referrers")).contains("Hacker News").doesNotContain("Google");
        screenshots.save("analytics-desktop-light-by-referrer", 1280, pageHeight());

        page.clickRow("browsers", "Firefox");
        page.awaitUrlContaining("browser=Firefox");
        assertThat(chrome.getCurrentUrl()).doesNotContain("referrer=");
        page.await(() -> "the report for Firefox; the filter reads " + page.text("filter-text"),
                b -> page.text("filter-text").contains("Firefox") ? Boolean.TRUE : null);
        page.awaitLoaded().awaitViews("3");
        assertThat(page.rows("referrers")).containsExactly("Hacker News 1 33%", "Direct or none 2 67%");
        assertThat(page.rows("pages")).hasSize(2);
    }

    private static final String LONG_PATH = "/blog/2026/12/how-to-configure-a-counter-for-every-page-of-a-blog-part-";

    @Test
    void longPathsThatDifferOnlyAtTheEndAreShownWholeOnADesktopAndAPhone() {
        for (int width : new int[] {1280, 375}) {
            screenshots.emulate(width, 900, false);
            page.openSignedIn("site=long.example", TOKEN).awaitLoaded();
            assertThat(page.rows("pages")).as("width " + width).hasSize(2)
                    .anySatisfy(row -> assertThat(row).contains(LONG_PATH + "1"))
                    .anySatisfy(row -> assertThat(row).contains(LONG_PATH + "2"));
            Object clipped = page.script("return [...document.querySelectorAll('#list-pages .row-value')]"
                    + ".filter((e) => e.scrollWidth > e.clientWidth + 1).length");
            assertThat(clipped).as("width " + width).isEqualTo(0L);
        }
    }

    @Test
    void theSitePickerSwitchesSites() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        page.chooseSite("docs.example");
        page.awaitUrlContaining("site=docs.example");
        page.awaitViews("1");

        assertThat(page.text("title")).isEqualTo("docs.example");
        assertThat(page.rows("pages")).singleElement().asString().startsWith("/start");
    }

    @Test
    void arrowingThroughTheSitePickerLoadsOnlyTheSiteItStopsOn() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();
        long before = (Long) page.script("return history.length");

        chrome.findElement(By.id("site")).sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
        String stoppedOn = (String) page.script("return document.getElementById('site').value");
        page.awaitUrlContaining("site=" + stoppedOn);
        page.awaitLoaded();

        assertThat(stoppedOn).isNotEqualTo("blog.example");
        assertThat(page.text("title")).isEqualTo(stoppedOn);
        assertThat((Long) page.script("return history.length")).isEqualTo(before + 1);
    }

    @Test
    void theKeyboardReachesTheRangesAndTheTopLists() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        chrome.findElement(By.id("site")).sendKeys(Keys.TAB);
        assertThat(chrome.switchTo().activeElement().getText()).isEqualTo("Today");
        chrome.switchTo().activeElement().sendKeys(Keys.TAB, Keys.TAB, Keys.ENTER);
        page.await(() -> "7 d chosen by keyboard", b -> span(b.getCurrentUrl()) == 7 * 86_400L ? Boolean.TRUE : null);
        page.awaitLoaded();
        chrome.findElement(By.cssSelector("#list-pages button.row-item")).sendKeys(Keys.ENTER);
        page.awaitUrlContaining("page=");

        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) page.script("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                    .filter((c) => c.labels === null || c.labels.length === 0)
                    .filter((c) => !(c.tagName === 'BUTTON' && c.textContent.trim() !== ''))
                    .filter((c) => !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
                    .map((c) => c.outerHTML);
                """);
        assertThat(unlabelled).isEmpty();
    }

    @Test
    void aPhoneGetsTheWholeDashboardWithoutSidewaysScrolling() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();
        for (boolean dark : new boolean[] {false, true}) {
            screenshots.emulate(375, 812, dark);
            page.open("site=blog.example").awaitLoaded();

            long scrollWidth = (Long) page.script("return document.documentElement.scrollWidth;");
            assertThat(scrollWidth).as("page width at 375 px").isLessThanOrEqualTo(375);
            screenshots.save(dark ? "analytics-phone-dark" : "analytics-phone-light", 375, pageHeight());
        }
    }

    @Test
    void signingOutShowsTheSignInFormAgain() {
        page.openSignedIn("site=blog.example", TOKEN).awaitLoaded();

        chrome.findElement(By.cssSelector("#logout button")).click();
        page.await(() -> "the sign-in form after signing out", b -> page.showsSignIn() ? Boolean.TRUE : null);

        assertThat(page.showsDashboard()).isFalse();
        page.signIn(TOKEN).awaitLoaded();
    }

    @Test
    void signInWorksWithoutJavaScriptAsAPlainForm() {
        var r = Http.send(tally.app.port(), "POST", "/analytics/login", Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        String html = Http.get(tally.app.port(), "/analytics", Map.of()).body();
        assertThat(html).contains("<form id=\"signin-form\" method=\"post\" action=\"/analytics/login\">")
                .contains("name=\"token\"");
    }

    private long pageHeight() {
        return (Long) page.script("return Math.ceil(document.documentElement.scrollHeight);");
    }

    private static long span(String url) {
        Map<String, Long> q = new HashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                q.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return q.containsKey("start") && q.containsKey("end") ? q.get("end") - q.get("start") : -1;
    }
}

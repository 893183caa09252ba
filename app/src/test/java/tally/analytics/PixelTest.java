package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

class PixelTest {

    @TempDir
    Path dir;

    private TestTally tally() {
        return TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400));
    }

    @Test
    void aPixelIsATransparentGifThatIsNeverCachedAndSetsNoCookie() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> r = new Pixels(server.port()).view("blog.example", "/post", Pixels.CHROME, "8.8.8.8");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
                assertThat(r.headers().firstValue("Content-Length")).hasValue("43");
                assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
                assertThat(r.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
            });
        }
    }

    @Test
    void aTenKilobyteTitleGetsTheGifAndIsCutWhenStored() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                String title = "Long title ".repeat(1_000).strip();
                HttpResponse<String> r = p.send(Map.of("site", "blog.example", "path", "/long", "title", title),
                        Pixels.CHROME, "8.8.8.8", Map.of());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
                t.clock.advanceSeconds(60);
                JsonNode page = p.report("site=blog.example").path("top").path("pages").get(0);
                assertThat(page.path("value").asText()).isEqualTo("/long");
                assertThat(page.path("title").asText()).startsWith("Long title Long title").hasSizeLessThanOrEqualTo(Values.MAX_TITLE);
            });
        }
    }

    @Test
    void aStrayPercentSignInOneParameterLeavesThatValueAsSentAndTheOthersRecorded() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                // a hand-made snippet that forgot to escape the title; %FF is no UTF-8 at all
                int status = Http.rawGet(server.port(),
                        "/pixel.gif?site=blog.example&path=%2Fsale&title=Up+to+50%+off&resolution=%FF",
                        "User-Agent: " + Pixels.CHROME + "\r\nX-Forwarded-For: 8.8.8.8\r\n");
                assertThat(status).isEqualTo(200);
                t.clock.advanceSeconds(60);
                JsonNode report = p.report("site=blog.example");
                JsonNode page = report.path("top").path("pages").get(0);
                assertThat(page.path("value").asText()).isEqualTo("/sale");
                assertThat(page.path("title").asText()).isEqualTo("Up to 50%+off"); // the broken escape kept as it came
                assertThat(Pixels.list(report, "resolutions")).isEmpty();
            });
        }
    }

    @Test
    void anUnknownCharsetStillGetsTheGifAndTheViewIsRecorded() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                HttpResponse<String> r = p.send(Map.of("site", "blog.example", "path", "/charset"), Pixels.CHROME, "8.8.8.8",
                        Map.of("Content-Type", "text/plain; charset=bogus"));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
                t.clock.advanceSeconds(60);
                assertThat(Pixels.list(p.report("site=blog.example"), "pages")).containsExactly(Map.entry("/charset", 1L));
            });
        }
    }

    @Test
    void aSchemeIsNoSiteSoAJavascriptOrDataUrlRecordsNothing() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                p.send(Map.of("site", "javascript:alert(1)", "path", "/js"), Pixels.CHROME, "8.8.8.8", Map.of());
                p.send(Map.of("site", "data:text/html,hi", "path", "/data"), Pixels.CHROME, "8.8.8.8", Map.of());
                p.send(Map.of("path", "/about"), Pixels.CHROME, "8.8.8.8", Map.of("Referer", "about:blank"));
                p.view("blog.example", "/", Pixels.CHROME, "8.8.8.8");
                t.clock.advanceSeconds(60);
                assertThat(p.api("/api/sites").body()).isEqualTo("{\"sites\":[{\"site\":\"blog.example\",\"views\":1}]}");
            });
        }
    }

    @Test
    void viewsAppearInTheReport() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                p.send(Map.of("site", "blog.example", "path", "/post", "title", "A post", "referrer",
                        "https://news.ycombinator.com/item?id=1", "resolution", "1920,1080"), Pixels.CHROME, "8.8.8.8", Map.of());
                p.view("blog.example", "/", Pixels.CHROME, "8.8.8.8");
                t.clock.advanceSeconds(60);
                JsonNode r = p.report("site=blog.example");
                assertThat(r.path("totals").path("views").asLong()).isEqualTo(2);
                assertThat(r.path("totals").path("uniques").asLong()).isEqualTo(1);
                assertThat(Pixels.list(r, "pages")).containsEntry("/post", 1L).containsEntry("/", 1L);
                assertThat(r.path("top").path("pages").get(0).has("title")).isTrue();
                assertThat(Pixels.list(r, "referrers")).containsExactly(Map.entry("Hacker News", 1L));
                assertThat(Pixels.list(r, "browsers")).containsExactly(Map.entry("Chrome", 2L));
                assertThat(Pixels.list(r, "os")).containsExactly(Map.entry("Windows", 2L));
                assertThat(Pixels.list(r, "devices")).containsExactly(Map.entry("desktop", 2L));
                assertThat(Pixels.list(r, "countries")).containsExactly(Map.entry("US", 2L));
                assertThat(Pixels.list(r, "resolutions")).containsExactly(Map.entry("1920x1080", 1L));
                System.out.println(r.toPrettyString());
            });
        }
    }
}

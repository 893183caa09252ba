package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** /analytics serves the dashboard page to anyone (the data behind it needs the token) with everything it loads from this server. */
class DashboardPageTest {

    @TempDir
    Path dir;

    @Test
    void theDashboardPageIsServedWithASignInFormAndStrictHeaders() {
        try (TestTally t = TestTally.create(dir)) {
            t.app.start(0);
            var r = Http.get(t.app.port(), "/analytics?site=blog.example&start=1764547200&end=1764633600", Map.of());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                    assertThat(v).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(r.body()).contains("action=\"/analytics/login\"").contains("name=\"token\"");
        }
    }

    @Test
    void everyScriptAndStylesheetThePageNamesIsServedFromThisServer() {
        try (TestTally t = TestTally.create(dir)) {
            t.app.start(0);
            String html = Http.get(t.app.port(), "/analytics", Map.of()).body();
            Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]*|[^#/][^\"]*)\"").matcher(html);
            int found = 0;
            while (assets.find()) {
                String path = assets.group(1);
                assertThat(path).as("no other hosts").startsWith("/");
                var asset = Http.get(t.app.port(), path, Map.of());
                assertThat(asset.statusCode()).as(path).isEqualTo(200);
                found++;
            }
            assertThat(found).isGreaterThanOrEqualTo(6);
            assertThat(html).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
            var uplot = Http.get(t.app.port(), "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of());
            assertThat(uplot.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
            assertThat(uplot.body()).contains("uPlot");
        }
    }

    @Test
    void aTokenFieldThatCannotBeDecodedIsA400ThatSaysSo() {
        try (TestTally t = TestTally.create(dir)) {
            t.app.start(0);
            var r = Http.post(t.app.port(), "/analytics/login", "token=%zz");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).startsWith("the form field token has an invalid percent-encoding");
            assertThat(Http.post(t.app.port(), "/analytics/login", "other=1").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theApiBehindThePageRefusesWithoutASession() {
        try (TestTally t = TestTally.create(dir)) {
            t.app.start(0);
            var r = Http.get(t.app.port(), "/api/sites", Map.of());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("\"error\"");
        }
    }
}

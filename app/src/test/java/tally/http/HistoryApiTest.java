package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** The public history of a counter, /stats.json and /nocount/history.svg, on a real server: read-only, normalised keys. */
class HistoryApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statsJsonGivesTheDailySeriesUnderTheKeyCountUses() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                for (int i = 0; i < 3; i++) {
                    client.get("/count?url=https://Example.com/a/");
                }
                t.clock.advanceSeconds(2 * 86_400);
                client.get("/count?url=example.com/a");

                var r = client.get("/stats.json?url=http://EXAMPLE.com/a%23top");

                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Set-Cookie")).isNullOrEmpty();
                assertThat(r.headers().get("Access-Control-Allow-Origin").get(0)).isEqualTo("*");
                assertThat(r.headers().get("Cache-Control").get(0)).contains("no-store");
                assertThat(r.headers().get("Content-Type").get(0)).startsWith("application/json");
                JsonNode body = JSON.readTree(r.body().string());
                assertThat(body.get("url").asText()).isEqualTo("example.com/a");
                assertThat(body.get("total").asLong()).isEqualTo(4);
                assertThat(JSON.writeValueAsString(body.get("days"))).isEqualTo(
                        "[{\"date\":\"2026-11-21\",\"hits\":3},{\"date\":\"2026-11-22\",\"hits\":0},"
                                + "{\"date\":\"2026-11-23\",\"hits\":1}]");
                assertThat(client.get("/nocount?url=example.com/a").body().string()).isEqualTo("4");
            });
        }
    }

    @Test
    void statsJsonWithDaysGivesThatManyDaysEndingToday() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                client.get("/count?url=example.com/d");
                t.clock.advanceSeconds(86_400);
                client.get("/count?url=example.com/d");

                JsonNode days = JSON.readTree(client.get("/stats.json?url=example.com/d&days=3").body().string()).get("days");

                assertThat(days).hasSize(3);
                assertThat(days.get(0).get("date").asText()).isEqualTo("2026-11-20");
                assertThat(days.get(2).get("date").asText()).isEqualTo("2026-11-22");
                assertThat(days.get(2).get("hits").asLong()).isEqualTo(1);
            });
        }
    }

    @Test
    void aCounterNeverHitHasAnEmptySeriesAndNothingIsStored() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                String body = client.get("/stats.json?url=example.com/never").body().string();
                assertThat(body).isEqualTo("{\"url\":\"example.com/never\",\"total\":0,\"days\":[]}");
                String svg = client.get("/nocount/history.svg?url=example.com/never").body().string();
                assertThat(svg).contains("no hits yet");
                assertThat(t.footprint()).isEqualTo("0/0/0/0");
            });
        }
    }

    @Test
    void pageIdsHaveAHistoryOfTheirOwn() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                client.get("/count?page_id=my.profile");
                JsonNode body = JSON.readTree(client.get("/stats.json?page_id=my.profile").body().string());
                assertThat(body.get("url").asText()).isEqualTo("my.profile");
                assertThat(body.get("total").asLong()).isEqualTo(1);
                assertThat(JSON.readTree(client.get("/stats.json?url=my.profile").body().string()).get("total").asLong()).isZero();
            });
        }
    }

    @Test
    void historySvgDrawsTheLastDaysWithTodaysAndTheTotalCountWithoutCounting() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                client.get("/count?url=example.com/h");
                t.clock.advanceSeconds(86_400);
                client.get("/count?url=example.com/h");
                client.get("/count?url=example.com/h");

                var r = client.get("/nocount/history.svg?url=https://example.com/h/&days=30");

                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Content-Type").get(0)).startsWith("image/svg+xml");
                assertThat(r.headers().get("Content-Security-Policy").get(0)).isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
                assertThat(r.headers().get("Cache-Control").get(0)).contains("no-store");
                assertThat(r.headers().get("Set-Cookie")).isNullOrEmpty();
                String svg = r.body().string();
                assertThat(svg).contains("aria-label=\"hits: 3 in total, 2 today (last 30 days)\"");
                assertThat(svg.split("<rect ", -1)).hasSize(3);
                assertThat(client.get("/nocount?url=example.com/h").body().string()).isEqualTo("3");
            });
        }
    }

    @Test
    void daysOutside1To366IsA400ThatSaysWhatToSend() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                for (String days : List.of("0", "367", "abc", "-5", "2.5")) {
                    var svg = client.get("/nocount/history.svg?url=example.com/x&days=" + days);
                    assertThat(svg.code()).as("days=" + days).isEqualTo(400);
                    assertThat(svg.headers().get("Content-Type").get(0)).startsWith("image/svg+xml");
                    assertThat(svg.body().string()).contains("bad days");
                    var json = client.get("/stats.json?url=example.com/x&days=" + days);
                    assertThat(json.code()).isEqualTo(400);
                    assertThat(json.body().string()).contains("days must be a whole number from 1 to 366");
                }
                // ٣ (Arabic-Indic three) and ５ (full-width five), percent-encoded as a browser sends them
                for (String days : List.of("%D9%A3", "%EF%BC%95")) {
                    assertThat(client.get("/nocount/history.svg?url=example.com/x&days=" + days).code()).isEqualTo(400);
                    var json = client.get("/stats.json?url=example.com/x&days=" + days);
                    assertThat(json.code()).isEqualTo(400);
                    assertThat(json.body().string()).contains("days must be a whole number from 1 to 366, in ASCII digits 0-9");
                }
                assertThat(client.get("/nocount/history.svg?url=example.com/x&days=366").code()).isEqualTo(200);
                assertThat(client.get("/nocount/history.svg?url=example.com/x&days=1").code()).isEqualTo(200);
            });
        }
    }

    @Test
    void badKeysAreRefusedAsOnTheCountRoutes() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var client = Http.cookieless(server);
                var noUrl = client.get("/stats.json");
                assertThat(noUrl.code()).isEqualTo(400);
                assertThat(noUrl.body().string()).contains("pass ?url=");
                var js = client.get("/nocount/history.svg?url=javascript:alert(1)");
                assertThat(js.code()).isEqualTo(400);
                assertThat(js.body().string()).contains("<svg").doesNotContain("alert(1)");
                assertThat(client.get("/nocount/history.svg?url=example.com/x&color=red%22/%3E%3Cscript%3E").code())
                        .isEqualTo(400);
                assertThat(t.footprint()).isEqualTo("0/0/0/0");
            });
        }
    }

    @Test
    void theRefererNamesTheCounterWhenNoUrlIsSent() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                Http.cookieless(server).get("/count?url=example.com/ref");
                var r = Http.get(server.port(), "/stats.json", Map.of("Referer", "https://example.com/ref/"));
                assertThat(JSON.readTree(r.body()).get("total").asLong()).isEqualTo(1);
            });
        }
    }

    @Test
    void corsPreflightAndHeadAreAnswered() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, jar) -> {
                var pre = Http.send(server.port(), "OPTIONS", "/stats.json?url=example.com/c",
                        Map.of("Origin", "https://blog.example", "Access-Control-Request-Method", "GET"));
                assertThat(pre.statusCode()).isEqualTo(204);
                assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://blog.example");
                var head = Http.send(server.port(), "HEAD", "/nocount/history.svg?url=example.com/c", Map.of());
                assertThat(head.statusCode()).isEqualTo(200);
                var get = Http.get(server.port(), "/stats.json?url=example.com/c", Map.of("Origin", "https://blog.example"));
                assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://blog.example");
            });
        }
    }
}

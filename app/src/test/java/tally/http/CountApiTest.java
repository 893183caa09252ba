package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

class CountApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPRESENTATIONS = List.of("/count", "/count/tag.svg", "/count.json",
            "/count/shields.json", "/nocount", "/nocount/tag.svg", "/nocount.json", "/nocount/shields.json");

    @TempDir
    Path dir;

    @Test
    void countAnswersTheNewCountAsPlainText() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                var first = client.get("/count?url=https://example.com/a");
                assertThat(first.code()).isEqualTo(200);
                assertThat(first.body().string()).isEqualTo("1");
                assertThat(first.headers().get("Content-Type").get(0).replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
                assertThat(client.get("/count?url=example.com/a/").body().string()).isEqualTo("2");
                assertThat(client.get("/nocount?url=http://EXAMPLE.com/a#x").body().string()).isEqualTo("2");
            });
        }
    }

    @Test
    void nocountNeverCountsNorSetsACookie() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String path : List.of("/nocount", "/nocount/tag.svg", "/nocount.json", "/nocount/shields.json")) {
                    var r = client.get(path + "?url=example.com/b");
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.headers().get("Set-Cookie")).isNullOrEmpty();
                }
                assertThat(client.get("/nocount?url=example.com/b").body().string()).isEqualTo("0");
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void jsonTellsTheKeyTheCountAndWhetherItCounted() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                JsonNode counted = JSON.readTree(client.get("/count.json?url=https://Example.com/x/").body().string());
                assertThat(counted.get("url").asText()).isEqualTo("example.com/x");
                assertThat(counted.get("count").asLong()).isEqualTo(1);
                assertThat(counted.get("counted").asBoolean()).isTrue();
                JsonNode shown = JSON.readTree(client.get("/nocount.json?url=example.com/x").body().string());
                assertThat(shown.get("count").asLong()).isEqualTo(1);
                assertThat(shown.get("counted").asBoolean()).isFalse();
            });
        }
    }

    @Test
    void svgBadgeShowsTheCountWithItsSecurityHeaders() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                client.get("/count?url=example.com/s");
                var r = client.get("/count/tag.svg?url=example.com/s");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Content-Type").get(0)).startsWith("image/svg+xml");
                assertThat(r.headers().get("Content-Security-Policy"))
                        .containsExactly("default-src 'none'; style-src 'unsafe-inline'");
                assertThat(r.headers().get("X-Content-Type-Options")).containsExactly("nosniff");
                String svg = r.body().string();
                assertThat(wellFormed(svg)).isTrue();
                assertThat(svg).contains("<title>hits: 2</title>");
            });
        }
    }

    @Test
    void shieldsJsonFollowsTheEndpointSchema() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                JsonNode j = JSON.readTree(client.get("/count/shields.json?url=example.com/j&label=views&color=blue")
                        .body().string());
                assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
                assertThat(j.get("label").asText()).isEqualTo("views");
                assertThat(j.get("message").asText()).isEqualTo("1");
                assertThat(j.get("color").asText()).isNotBlank();
            });
        }
    }

    @Test
    void everyRepresentationForbidsCaching() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String path : REPRESENTATIONS) {
                    for (String query : List.of("?url=example.com/c", "")) {
                        var r = client.get(path + query);
                        assertThat(r.headers().get("Cache-Control")).as(path + query)
                                .containsExactly("max-age=0, no-cache, no-store, must-revalidate");
                        assertThat(r.headers().get("Pragma")).as(path + query).containsExactly("no-cache");
                        assertThat(r.headers().get("Expires")).as(path + query)
                                .containsExactly("Thu, 01 Jan 1970 00:00:00 GMT");
                        assertThat(r.headers().get("X-Content-Type-Options")).containsExactly("nosniff");
                    }
                }
            });
        }
    }

    @Test
    void corsEchoesTheOriginWithCredentialsOrAllowsAny() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String path : REPRESENTATIONS) {
                    HttpResponse<String> withOrigin = Http.get(server.port(), path + "?url=example.com/o",
                            Map.of("Origin", "https://blog.example.org"));
                    assertThat(withOrigin.headers().allValues("Access-Control-Allow-Origin"))
                            .containsExactly("https://blog.example.org");
                    assertThat(withOrigin.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
                    assertThat(withOrigin.headers().allValues("Vary")).contains("Origin");
                    HttpResponse<String> without = Http.get(server.port(), path + "?url=example.com/o", Map.of());
                    assertThat(without.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
                }
            });
        }
    }

    @Test
    void optionsAnswersThePreflight() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.send(server.port(), "OPTIONS", "/count.json?url=example.com/p",
                        Map.of("Origin", "https://a.example", "Access-Control-Request-Method", "GET",
                                "Access-Control-Request-Headers", "content-type"));
                assertThat(r.statusCode()).isEqualTo(204);
                assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://a.example");
                assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD, OPTIONS");
                assertThat(r.headers().allValues("Access-Control-Allow-Headers")).containsExactly("content-type");
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void headIsAnsweredLikeGetButNeverCounts() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                client.get("/count?url=example.com/h");
                for (String path : REPRESENTATIONS) {
                    HttpResponse<String> r = Http.send(server.port(), "HEAD", path + "?url=example.com/h", Map.of());
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
                    assertThat(r.headers().allValues("Cache-Control")).isNotEmpty();
                }
                assertThat(client.get("/nocount?url=example.com/h").body().string()).isEqualTo("1");
            });
        }
    }

    @Test
    void unknownMethodsAre405WithAllow() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String method : List.of("DELETE", "PUT", "PATCH", "POST")) {
                    HttpResponse<String> r = Http.send(server.port(), method, "/count?url=example.com/m", Map.of());
                    assertThat(r.statusCode()).as(method).isEqualTo(405);
                    assertThat(r.headers().firstValue("Allow").orElseThrow()).contains("GET").contains("HEAD");
                    assertThat(r.body()).isEqualTo(method + " is not served here: use GET, HEAD or OPTIONS\n");
                }
                HttpResponse<String> json = Http.send(server.port(), "DELETE", "/count.json?url=example.com/m", Map.of());
                assertThat(json.body()).isEqualTo("{\"error\":\"DELETE is not served here: use GET, HEAD or OPTIONS\"}");
                HttpResponse<String> nowhere = Http.send(server.port(), "GET", "/no/such/page", Map.of());
                assertThat(nowhere.statusCode()).isEqualTo(404);
                assertThat(nowhere.body()).contains("the badge builder is at /");
                assertThat(Http.rawGet(server.port(), "/count?url=example.com/m", "")).isEqualTo(200);
                int status = Http.raw(server.port(),
                        "BREW /count?url=example.com/m HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(status).isBetween(400, 499);
                assertThat(client.get("/nocount?url=example.com/m").body().string()).isEqualTo("1");
            });
        }
    }

    @Test
    void otherMethodsOnPagesAndFilesAre405AndAllowNamesHeadWhereGetIs() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                assertThat(Http.send(server.port(), "POST", "/favicon.svg", Map.of()).statusCode()).isEqualTo(405);
                for (String spelled : List.of("//tally.js", "/%74ally.js", "/webjars//uplot/1.6.30/dist/uPlot.iife.min.js")) {
                    assertThat(Http.send(server.port(), "GET", spelled, Map.of()).statusCode()).as(spelled).isEqualTo(200);
                    assertThat(Http.send(server.port(), "DELETE", spelled, Map.of()).statusCode()).as(spelled).isEqualTo(405);
                }
                for (String path : List.of("/", "/tally.js", "/builder.js", "/index.html")) {
                    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
                        HttpResponse<String> r = Http.send(server.port(), method, path, Map.of());
                        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
                        assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET, HEAD");
                        assertThat(r.body()).as(method + " " + path).isEqualTo(method + " is not served here: use GET, HEAD\n");
                    }
                }
                for (String path : List.of("/healthz", "/config.json", "/analytics", "/metrics")) {
                    HttpResponse<String> r = Http.send(server.port(), "POST", path, Map.of());
                    assertThat(r.statusCode()).as(path).isEqualTo(405);
                    assertThat(r.headers().firstValue("Allow").orElseThrow()).as(path).startsWith("GET, HEAD");
                    assertThat(Http.send(server.port(), "HEAD", path, Map.of()).statusCode()).as(path).isLessThan(405);
                }
                assertThat(Http.send(server.port(), "POST", "/no-such-file.js", Map.of()).statusCode()).isEqualTo(404);
                assertThat(Http.send(server.port(), "GET", "/analytics.html", Map.of()).statusCode()).isEqualTo(404);
            });
        }
    }

    @Test
    void aThousandConcurrentFirstHitsOverHttpCountExactlyAThousandInOneRow() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var pool = java.util.concurrent.Executors.newFixedThreadPool(64);
                var answers = new java.util.concurrent.ConcurrentLinkedQueue<String>();
                for (int i = 0; i < 1000; i++) {
                    pool.execute(() -> answers.add(Http.get(server.port(), "/count?url=example.com/exact", Map.of()).body()));
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(answers).hasSize(1000).doesNotHaveDuplicates();
                assertThat(t.number("SELECT count FROM counters WHERE key = 'example.com/exact'")).isEqualTo(1000);
                assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(1);
                assertThat(t.number("SELECT hits FROM daily_hits")).isEqualTo(1000);
            });
        }
    }

    @Test
    void healthzAnswersOk() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                var r = client.get("/healthz");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).isEqualTo("ok");
            });
        }
    }

    static boolean wellFormed(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void preflightOnCountAdvertisesOnlyWhatIsServed() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                for (String path : List.of("/count", "/nocount.json", "/live")) {
                    HttpResponse<String> preflight = Http.send(server.port(), "OPTIONS", path + "?url=example.com/p",
                            Map.of("Origin", "https://a.example", "Access-Control-Request-Method", "GET"));
                    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).as(path)
                            .hasValue("GET, HEAD, OPTIONS");
                    assertThat(Http.send(server.port(), "POST", path + "?url=example.com/p", Map.of()).statusCode())
                            .as("POST " + path).isEqualTo(405);
                }
            });
        }
    }

    @Test
    void baseIsAddedToEveryRepresentationAlike() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                assertThat(client.get("/count?url=example.com/moved&base=1000").body().string()).isEqualTo("1001");
                assertThat(JSON.readTree(client.get("/count.json?url=example.com/moved&base=1000").body().string())
                        .get("count").asLong()).isEqualTo(1002);
                assertThat(client.get("/nocount?url=example.com/moved&base=1000").body().string()).isEqualTo("1002");
                assertThat(JSON.readTree(client.get("/nocount/shields.json?url=example.com/moved&base=1000").body().string())
                        .get("message").asText()).isEqualTo("1002");
                assertThat(client.get("/nocount/tag.svg?url=example.com/moved&base=1000").body().string()).contains(">1002<");
                assertThat(Http.get(server.port(), "/live?url=example.com/moved&base=1000", Map.of()).body()).isEqualTo("1002");
                assertThat(client.get("/nocount?url=example.com/moved").body().string()).isEqualTo("2");
            });
        }
    }

    @Test
    void aBadBaseIsRefusedBeforeAnythingIsCounted() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String path : List.of("/count?url=example.com/b&base=-1", "/count.json?url=example.com/b&base=x",
                        "/live?url=example.com/b&base=1.5")) {
                    var r = client.get(path);
                    assertThat(r.code()).as(path).isEqualTo(400);
                    assertThat(r.body().string()).as(path).contains("base must be a whole number");
                }
                assertThat(Http.send(server.port(), "POST", "/counters/b?base=-1", Map.of()).statusCode()).isEqualTo(400);
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void aBadgeParameterWithABrokenPercentEncodingIsRefusedNotDropped() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                String svg = RawHttp.exchange(server.port(), "GET /count/tag.svg?url=example.com/p&label=100% HTTP/1.1\r\n"
                        + "Host: localhost\r\nConnection: close\r\n\r\n");
                assertThat(svg).startsWith("HTTP/1.1 400").contains("<title>hits: bad label</title>");
                String json = RawHttp.exchange(server.port(), "GET /count/shields.json?url=example.com/p&color=%zz HTTP/1.1\r\n"
                        + "Host: localhost\r\nConnection: close\r\n\r\n");
                assertThat(json).startsWith("HTTP/1.1 400").contains("\"message\":\"bad color\"").contains("send % as %25");
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }
}

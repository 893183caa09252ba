package tally.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** The abuse limits on the real server: hits per client, new counters per client, allowed hosts. */
class AbuseLimitsTest {

    @TempDir
    Path dir;

    private TestTally tally(String rate, String exempt, String newPerHour, String hosts) {
        return TestTally.create(dir, c -> c.withTrustProxy(true).withLimits(rate, exempt, newPerHour, hosts));
    }

    private static HttpResponse<String> get(int port, String path, String ip) {
        return Http.get(port, path, Map.of("X-Forwarded-For", ip));
    }

    @Test
    void beyondTheRateLimitTheCountIsShownButNotRaised() {
        try (TestTally t = tally("1/h:3", "", "off", "")) {
            JavalinTest.test(t.app, (server, client) -> {
                for (int i = 1; i <= 3; i++) {
                    var r = get(server.port(), "/count?url=example.com", "192.0.2.1");
                    assertThat(r.body()).isEqualTo(Integer.toString(i));
                    assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("3");
                    assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(3 - i));
                }
                var beyond = get(server.port(), "/count?url=example.com", "192.0.2.1");
                assertThat(beyond.statusCode()).isEqualTo(200);
                assertThat(beyond.body()).isEqualTo("3");
                assertThat(beyond.headers().firstValue("RateLimit-Remaining")).hasValue("0");
                assertThat(Long.parseLong(beyond.headers().firstValue("RateLimit-Reset").orElseThrow())).isPositive();
                var json = get(server.port(), "/count.json?url=example.com", "192.0.2.1");
                assertThat(json.body()).contains("\"count\":3", "\"counted\":false");
                var badge = get(server.port(), "/count/tag.svg?url=example.com", "192.0.2.1");
                assertThat(badge.statusCode()).isEqualTo(200);
                assertThat(badge.body()).contains(">3<");
                var shields = get(server.port(), "/count/shields.json?url=example.com", "192.0.2.1");
                assertThat(shields.statusCode()).isEqualTo(200);
                assertThat(shields.body()).contains("\"message\":\"3\"");
                assertThat(shields.headers().firstValue("RateLimit-Remaining")).hasValue("0");
                var named = Http.send(server.port(), "POST", "/counters/visitors", Map.of("X-Forwarded-For", "192.0.2.1"));
                assertThat(named.statusCode()).as("named counters share the client's bucket").isEqualTo(200);
                assertThat(named.body()).isEqualTo("0");
                assertThat(get(server.port(), "/count?url=example.com", "192.0.2.2").body()).as("another client").isEqualTo("4");
                assertThat(t.number("SELECT count FROM counters WHERE key = 'example.com'")).isEqualTo(4);
            });
        }
    }

    @Test
    void pixelViewsBeyondTheRateLimitGetTheGifButAreNotRecorded() {
        try (TestTally t = tally("1/h:2", "", "off", "")) {
            JavalinTest.test(t.app, (server, client) -> {
                for (int i = 0; i < 4; i++) {
                    var r = get(server.port(), "/pixel.gif?site=blog.example&path=/a", "192.0.2.7");
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
                }
                get(server.port(), "/pixel.gif?site=blog.example&path=/a", "192.0.2.8");
                assertThat(t.number("SELECT SUM(views) FROM analytics_hours WHERE site = 'blog.example'"))
                        .as("two from the limited client, one from another").isEqualTo(3);
            });
        }
    }

    @Test
    void githubsImageProxyAndExemptAddressesAreNotLimited() {
        try (TestTally t = tally("1/h:1", "198.51.100.0/24", "off", "")) {
            JavalinTest.test(t.app, (server, client) -> {
                for (int i = 0; i < 5; i++) {
                    Http.get(server.port(), "/count?url=example.com", Map.of("X-Forwarded-For", "192.0.2.1",
                            "User-Agent", "github-camo (876de43e)"));
                    get(server.port(), "/count?url=example.com", "198.51.100.7");
                }
                assertThat(t.number("SELECT count FROM counters WHERE key = 'example.com'")).isEqualTo(10);
            });
        }
    }

    @Test
    void aClientBeyondItsNewCountersGetsZeroAndNothingIsCreated() {
        try (TestTally t = tally("off", "", "2", "")) {
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(get(server.port(), "/count?url=a.example", "192.0.2.1").body()).isEqualTo("1");
                assertThat(get(server.port(), "/count?url=b.example", "192.0.2.1").body()).isEqualTo("1");
                var text = get(server.port(), "/count?url=c.example", "192.0.2.1");
                assertThat(text.statusCode()).isEqualTo(429);
                assertThat(text.body()).isEqualTo("0");
                assertThat(Long.parseLong(text.headers().firstValue("Retry-After").orElseThrow()))
                        .as("seconds until the client's hour is over").isBetween(3500L, 3600L);
                var json = get(server.port(), "/count.json?url=c.example", "192.0.2.1");
                assertThat(json.statusCode()).isEqualTo(429);
                assertThat(json.body()).contains("\"count\":0", "TALLY_NEW_COUNTERS_PER_HOUR");
                assertThat(json.headers().firstValue("Retry-After")).isPresent();
                var badge = get(server.port(), "/count/tag.svg?url=c.example", "192.0.2.1");
                assertThat(badge.statusCode()).as("a badge never breaks").isEqualTo(200);
                assertThat(badge.body()).contains(">0<");
                assertThat(get(server.port(), "/count?url=a.example", "192.0.2.1").body()).as("existing counters still count")
                        .isEqualTo("2");
                var named = Http.send(server.port(), "POST", "/counters/third", Map.of("X-Forwarded-For", "192.0.2.1"));
                assertThat(named.statusCode()).as("named counters share the cap").isEqualTo(429);
                assertThat(named.headers().firstValue("Retry-After")).isPresent();
                assertThat(get(server.port(), "/count?url=c.example", "192.0.2.9").body()).as("another client").isEqualTo("1");
                assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(3);
                assertThat(t.number("SELECT count(*) FROM daily_hits")).isEqualTo(3);
                // the first client's cookieless hits within 2 s share one token (one row per counter), the other client has its own
                assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isEqualTo(3);
            });
        }
    }

    /**
     * A refused counter used to be inserted and deleted again in the batch; deleting a counter makes SQLite
     * check refresh_tokens' foreign key by reading the whole table (counter_id has no index of its own), and
     * after a million browsers each refused request took a scan of a million rows. Now it writes nothing.
     */
    @Test
    void aRefusedNewCounterIsNeverWrittenSoNothingIsDeleted() throws SQLException {
        assumeFalse(TestTally.onPostgres(), "watches SQLite's file with triggers; on PostgreSQL the rows are checked by the other tests");
        try (TestTally t = tally("off", "", "1", "")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t.config.counting().database());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE counter_writes (what TEXT NOT NULL, key TEXT NOT NULL)");
                s.execute("CREATE TRIGGER note_insert AFTER INSERT ON counters"
                        + " BEGIN INSERT INTO counter_writes VALUES ('insert', new.key); END");
                s.execute("CREATE TRIGGER note_delete AFTER DELETE ON counters"
                        + " BEGIN INSERT INTO counter_writes VALUES ('delete', old.key); END");
            }
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(get(server.port(), "/count?url=a.example", "192.0.2.1").body()).isEqualTo("1");
                for (int i = 0; i < 3; i++) {
                    assertThat(get(server.port(), "/count?url=refused" + i + ".example", "192.0.2.1").statusCode())
                            .isEqualTo(429);
                }
                assertThat(get(server.port(), "/count?url=a.example", "192.0.2.1").body()).isEqualTo("2");
                assertThat(t.number("SELECT count(*) FROM counter_writes WHERE key <> 'a.example'"))
                        .as("refused counters are neither inserted nor deleted").isZero();
                assertThat(t.number("SELECT count(*) FROM counter_writes")).as("a.example inserted once").isEqualTo(1);
            });
        }
    }

    @Test
    void aReloadOfAnExistingCounterAtZeroIsNotTakenForARefusedNewCounter() {
        String token = "test-admin-token-0123456789";
        try (TestTally t = TestTally.create(dir, c -> c.withLimits("off", "", "off", "").withAnalytics(token, List.of(), 400))) {
            JavalinTest.test(t.app, (server, browser) -> {
                assertThat(browser.get("/count?url=zero.example").body().string()).isEqualTo("1");
                HttpRequest reset = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                        + "/admin/counters?url=zero.example")).header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"count\": 0}")).build();
                assertThat(HttpClient.newHttpClient().send(reset, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

                var reload = browser.get("/count.json?url=zero.example");
                assertThat(reload.code()).as("the counter exists, and no new-counter cap is set").isEqualTo(200);
                assertThat(reload.body().string()).contains("\"count\":0", "\"counted\":false").doesNotContain("error");
            });
        }
    }

    @Test
    void namedCountersCreatedPerAddressAreCapped() {
        try (TestTally t = tally("off", "", "1", "")) {
            JavalinTest.test(t.app, (server, client) -> {
                Map<String, String> from = Map.of("X-Forwarded-For", "192.0.2.1", "Accept", "application/json");
                assertThat(Http.send(server.port(), "POST", "/counters/one", from).statusCode()).isEqualTo(200);
                var second = Http.send(server.port(), "POST", "/counters/two", from);
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.body()).startsWith("{\"name\":\"two\",\"count\":0,\"error\":").contains("this hour");
                assertThat(Http.send(server.port(), "POST", "/counters/one", from).body()).contains("\"count\":2");
                assertThat(Http.get(server.port(), "/counters/two", Map.of()).statusCode()).isEqualTo(404);
            });
        }
    }

    @Test
    void urlsOfHostsNotAllowedAreRefusedWithAnErrorBadge() {
        try (TestTally t = tally("off", "", "off", "example.com,*.github.io")) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String path : new String[] {"/count?url=evil.example", "/nocount?url=evil.example",
                    "/count.json?url=github.io/x", "/count/shields.json?url=evil.example", "/live?url=evil.example"}) {
                    var r = Http.get(server.port(), path, Map.of());
                    assertThat(r.statusCode()).as(path).isEqualTo(403);
                    assertThat(r.body()).as(path).contains("host");
                }
                var badge = Http.get(server.port(), "/count/tag.svg?url=evil.example", Map.of());
                assertThat(badge.statusCode()).isEqualTo(403);
                assertThat(badge.body()).startsWith("<svg").contains("host not allowed");
                assertThat(Http.get(server.port(), "/count?url=https://Example.com/a", Map.of()).body()).isEqualTo("1");
                assertThat(Http.get(server.port(), "/count?url=me.github.io/blog", Map.of()).body()).isEqualTo("1");
                assertThat(Http.get(server.port(), "/count", Map.of("Referer", "https://evil.example/")).statusCode())
                        .isEqualTo(403);
                assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(2);
            });
        }
    }
}

package tally.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

class NamedCountersTest {

    @TempDir
    Path dir;

    private TestTally tally() {
        return TestTally.create(dir, c -> c.withSse(Duration.ofMillis(20), 100, 8));
    }

    @Test
    void postCreatesTheCounterAndAnswersTheNewValueAsText() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                var first = Requests.post(server.port(), "/counters/visitors");
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.body()).isEqualTo("1");
                assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                assertThat(Requests.post(server.port(), "/counters/visitors/").body()).isEqualTo("2");
                assertThat(t.number("SELECT count FROM counters WHERE kind = 'named' AND key = 'visitors'")).isEqualTo(2);
            });
        }
    }

    @Test
    void aPostWhoseBodyIsMalformedTooLargeOrNeverSentCountsNothing() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                String head = "POST /counters/strict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
                List<String> requests = List.of(
                        head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
                        head + "Content-Length: 10000000\r\n\r\n",
                        head + "Content-Length: 16385\r\n\r\n" + "x".repeat(16_385));
                for (String request : requests) {
                    int status = tally.Http.raw(server.port(), request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    assertThat(status).as(request.substring(head.length())).isBetween(400, 499);
                }
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
                int ok = tally.Http.raw(server.port(), (head + "Content-Length: 2\r\n\r\nhi").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                assertThat(ok).isEqualTo(200);
                assertThat(t.number("SELECT count FROM counters WHERE kind = 'named' AND key = 'strict'")).isEqualTo(1);
            });
        }
    }

    @Test
    void postAnswersJsonWhenAcceptAsksForIt() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                var r = Requests.send(server.port(), "POST", "/counters/a.b_c-1", Map.of("Accept", "application/json"));
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(r.body()).isEqualTo("{\"name\":\"a.b_c-1\",\"count\":1}");
                var missing = Requests.send(server.port(), "GET", "/counters/never", Map.of("Accept", "application/json"));
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.body()).isEqualTo("{\"error\":\"no counter named 'never' yet; POST /counters/never creates it\"}");
                var bad = Requests.send(server.port(), "POST", "/counters/a%20b", Map.of("Accept", "application/json"));
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            });
        }
    }

    @Test
    void getWithoutEventStreamAnswersTheValueOr404() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                var missing = Requests.get(server.port(), "/counters/never");
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.body()).contains("POST /counters/never");
                Requests.post(server.port(), "/counters/seen");
                var found = Requests.get(server.port(), "/counters/seen/");
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).isEqualTo("1");
                assertThat(Requests.send(server.port(), "HEAD", "/counters/seen", Map.of()).statusCode()).isEqualTo(200);
            });
        }
    }

    @Test
    void badNamesAreRejectedWithWhatToSendInstead() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                String tooLong = "x".repeat(65);
                for (String path : List.of("/counters/a%20b", "/counters/" + tooLong, "/counters/%C3%A9t%C3%A9", "/counters",
                        "/counters/...", "/counters/....")) {
                    for (String method : List.of("GET", "POST")) {
                        var r = Requests.send(server.port(), method, path, Map.of());
                        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(400);
                        assertThat(r.body()).as(method + " " + path).contains("/counters/visitors");
                    }
                }
                var stream = Requests.send(server.port(), "GET", "/counters/a%20b", Map.of("Accept", "text/event-stream"));
                assertThat(stream.statusCode()).isEqualTo(400);
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void otherMethodsAre405AndPreflightAllowsAnyOrigin() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String method : List.of("PUT", "DELETE", "PATCH")) {
                    assertThat(Requests.send(server.port(), method, "/counters/x", Map.of()).statusCode()).as(method).isEqualTo(405);
                }
                var preflight = Requests.send(server.port(), "OPTIONS", "/counters/x",
                        Map.of("Origin", "https://blog.example", "Access-Control-Request-Method", "POST"));
                assertThat(preflight.statusCode()).isEqualTo(204);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://blog.example");
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
                var post = Requests.send(server.port(), "POST", "/counters/x", Map.of("Origin", "https://blog.example"));
                assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://blog.example");
            });
        }
    }

    @Test
    void namedCountersLiveApartFromUrlAndPageCounters() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                Requests.post(server.port(), "/counters/example.com");
                Requests.post(server.port(), "/counters/example.com");
                assertThat(Requests.get(server.port(), "/nocount?url=example.com").body()).isEqualTo("0");
                assertThat(Requests.get(server.port(), "/nocount?page_id=example.com").body()).isEqualTo("0");
                Requests.get(server.port(), "/count?page_id=example.com");
                assertThat(Requests.get(server.port(), "/counters/example.com").body()).isEqualTo("2");
            });
        }
    }
}

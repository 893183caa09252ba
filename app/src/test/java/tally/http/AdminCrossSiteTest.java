package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** A signed-in browser's cookie changes counters only from Tally's own pages; admin answers allow no other origin. */
class AdminCrossSiteTest {

    private static final String TOKEN = "cross-site-admin-token-0123";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anImportSentWithTheSessionCookieFromAnotherSiteIsRefusedAndChangesNothing() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                String cookie = signIn(server.port());
                List<Map<String, String>> elsewhere = List.of(
                        Map.of("Sec-Fetch-Site", "same-site", "Origin", "https://evil.example.com"),
                        Map.of("Sec-Fetch-Site", "cross-site"),
                        Map.of("Origin", "https://evil.example.com"));
                for (Map<String, String> headers : elsewhere) {
                    HttpResponse<String> r = importWith(server.port(), cookie, headers, "csrf.example/x,123456");
                    assertThat(r.statusCode()).as(headers.toString()).isEqualTo(403);
                    assertThat(r.body()).contains("Bearer");
                }
                assertThat(count(server.port(), "csrf.example/x")).isEqualTo("0");

                assertThat(importWith(server.port(), cookie, Map.of("Sec-Fetch-Site", "same-origin",
                        "Origin", "http://localhost:" + server.port()), "csrf.example/x,5").statusCode()).isEqualTo(200);
                assertThat(importWith(server.port(), cookie, Map.of("Origin", "http://localhost:" + server.port()),
                        "csrf.example/y,6").statusCode()).isEqualTo(200);
                assertThat(importWith(server.port(), cookie, Map.of(), "csrf.example/z,7").statusCode()).isEqualTo(200);
                assertThat(count(server.port(), "csrf.example/x")).isEqualTo("5");
            });
        }
    }

    @Test
    void theBearerTokenWorksFromAnyOriginAndReadsNeedNoCheck() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> r = send(server.port(), "POST", "/admin/import", Map.of("Authorization", "Bearer " + TOKEN,
                        "Sec-Fetch-Site", "cross-site", "Content-Type", "text/csv"), "bearer.example/x,3");
                assertThat(r.statusCode()).isEqualTo(200);
                String cookie = signIn(server.port());
                assertThat(send(server.port(), "GET", "/admin/counters", Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-site"),
                        null).statusCode()).isEqualTo(200);
            });
        }
    }

    @Test
    void signingOutFromAnotherSiteIsRefusedAndTheSessionLives() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                String cookie = signIn(server.port());
                HttpResponse<String> r = send(server.port(), "POST", "/analytics/logout",
                        Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-site", "Origin", "http://sub.example.com"), "");
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
                assertThat(send(server.port(), "GET", "/api/sites", Map.of("Cookie", cookie), null).statusCode()).isEqualTo(200);

                HttpResponse<String> own = send(server.port(), "POST", "/analytics/logout",
                        Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-origin", "Origin", "http://localhost:" + server.port()), "");
                assertThat(own.statusCode()).isEqualTo(303);
                assertThat(send(server.port(), "GET", "/api/sites", Map.of("Cookie", cookie), null).statusCode()).isEqualTo(401);
            });
        }
    }

    @Test
    void adminErrorsCarryNoCorsForOtherOrigins() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String[] request : List.of(new String[] {"OPTIONS", "/admin/import"}, new String[] {"PATCH", "/admin/counters"},
                        new String[] {"GET", "/admin/import"}, new String[] {"GET", "/admin/nothing"})) {
                    HttpResponse<String> r = send(server.port(), request[0], request[1],
                            Map.of("Origin", "https://evil.example", "Authorization", "Bearer " + TOKEN), null);
                    assertThat(r.statusCode()).as(String.join(" ", request)).isGreaterThanOrEqualTo(400);
                    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(String.join(" ", request)).isEmpty();
                    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(String.join(" ", request)).isEmpty();
                }
            });
        }
    }

    private static String signIn(int port) {
        HttpResponse<String> r = send(port, "POST", "/analytics/login",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=" + TOKEN);
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> importWith(int port, String cookie, Map<String, String> headers, String csv) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Cookie", cookie);
        all.put("Content-Type", "text/plain");
        return send(port, "POST", "/admin/import", all, csv);
    }

    private static String count(int port, String url) {
        return Http.get(port, "/nocount?url=" + url, Map.of()).body();
    }

    private static HttpResponse<String> send(int port, String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

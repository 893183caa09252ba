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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** A page with several badges: the cookieless requests of one first visit share one token, so the reload counts none. */
class FirstVisitTokenTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
    private static final List<String> BADGES = List.of("/count/tag.svg?url=blog.example/a",
            "/count/tag.svg?url=blog.example/b", "/count.json?url=blog.example/c");

    @TempDir
    Path dir;

    /** Sends the page's three badge requests at once, as a browser does, and answers the three responses. */
    private static List<HttpResponse<String>> loadPage(int port, Map<String, String> headers) {
        List<CompletableFuture<HttpResponse<String>>> sent = BADGES.stream().map(path -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            headers.forEach(b::header);
            return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        }).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static String token(HttpResponse<String> r) {
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void threeConcurrentCookielessRequestsFromOneClientGetOneTokenAndTheReloadCountsNone() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                List<HttpResponse<String>> first = loadPage(server.port(), Map.of("User-Agent", FIREFOX));
                assertThat(first).extracting(FirstVisitTokenTest::token).hasSize(3).containsOnly(token(first.get(0)));

                List<HttpResponse<String>> reload = loadPage(server.port(),
                        Map.of("User-Agent", FIREFOX, "Cookie", token(first.get(0))));
                assertThat(reload).allSatisfy(r -> assertThat(r.headers().allValues("Set-Cookie")).isEmpty());
                assertThat(reload.get(2).body()).contains("\"counted\":false");
                for (String page : List.of("a", "b", "c")) {
                    assertThat(Http.cookieless(server).get("/nocount?url=blog.example/" + page).body().string())
                            .as(page).isEqualTo("1");
                }
            });
        }
    }

    @Test
    void clientsThatDifferInAddressOrUserAgentGetTokensOfTheirOwn() {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true))) {
            JavalinTest.test(t.app, (server, client) -> {
                String a = token(Http.get(server.port(), BADGES.get(0),
                        Map.of("User-Agent", FIREFOX, "X-Forwarded-For", "203.0.113.7")));
                String sameClient = token(Http.get(server.port(), BADGES.get(1),
                        Map.of("User-Agent", FIREFOX, "X-Forwarded-For", "203.0.113.7")));
                String otherAddress = token(Http.get(server.port(), BADGES.get(0),
                        Map.of("User-Agent", FIREFOX, "X-Forwarded-For", "203.0.113.8")));
                String otherBrowser = token(Http.get(server.port(), BADGES.get(0),
                        Map.of("User-Agent", CHROME, "X-Forwarded-For", "203.0.113.7")));
                assertThat(sameClient).isEqualTo(a);
                assertThat(List.of(a, otherAddress, otherBrowser)).doesNotHaveDuplicates();
                // and each of them was counted: a shared token never hides another client's first visit
                assertThat(Http.cookieless(server).get("/nocount?url=blog.example/a").body().string()).isEqualTo("3");
            });
        }
    }

    @Test
    void aClientGetsANewTokenTwoSecondsLater() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                String first = token(Http.get(server.port(), BADGES.get(0), Map.of("User-Agent", FIREFOX)));
                t.clock.advanceSeconds(2);
                String later = token(Http.get(server.port(), BADGES.get(0), Map.of("User-Agent", FIREFOX)));
                assertThat(later).isNotEqualTo(first);
            });
        }
    }

    @Test
    void requestsWithoutCookiesStillAlwaysCountWhileTheyShareAToken() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                for (int i = 1; i <= 4; i++) {
                    assertThat(Http.get(server.port(), "/count?url=example.com/camo", Map.of("User-Agent", "github-camo"))
                            .body()).isEqualTo(String.valueOf(i));
                }
            });
        }
    }
}

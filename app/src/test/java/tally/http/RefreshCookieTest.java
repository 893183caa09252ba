package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

class RefreshCookieTest {

    @TempDir
    Path dir;

    @Test
    void aBrowserThatReloadsIsCountedOnceWithinTheWindow() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> first = Http.get(server.port(), "/count.json?url=example.com/r", Map.of());
                String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
                assertThat(cookie).matches("tally_id=[A-Za-z0-9_-]{22}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
                String token = cookie.substring(0, cookie.indexOf(';'));

                HttpResponse<String> reload = Http.get(server.port(), "/count.json?url=example.com/r", Map.of("Cookie", token));
                assertThat(reload.body()).contains("\"count\":1").contains("\"counted\":false");
                assertThat(reload.headers().allValues("Set-Cookie")).isEmpty();

                t.clock.advanceSeconds(301);
                HttpResponse<String> later = Http.get(server.port(), "/count.json?url=example.com/r", Map.of("Cookie", token));
                assertThat(later.body()).contains("\"count\":2").contains("\"counted\":true");
            });
        }
    }

    @Test
    void requestsWithoutCookiesAlwaysCount() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (int i = 1; i <= 5; i++) {
                    assertThat(client.get("/count?url=example.com/camo").body().string()).isEqualTo(String.valueOf(i));
                }
            });
        }
    }

    @Test
    void junkCookiesAreANewBrowserNotAnError() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                for (String junk : new String[] {"tally_id=", "tally_id=short", "tally_id=" + "x".repeat(4000),
                    "tally_id=!!!!!!!!!!!!!!!!!!!!!!", "tally_id=a; tally_id=b", "garbage", "=;=;;", "tally_id=\"q\""}) {
                    HttpResponse<String> r = Http.get(server.port(), "/count?url=example.com/j", Map.of("Cookie", junk));
                    assertThat(r.statusCode()).as(junk).isEqualTo(200);
                    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).as(junk).startsWith("tally_id=");
                }
                assertThat(client.get("/nocount?url=example.com/j").body().string()).isEqualTo("8");
            });
        }
    }

    @Test
    void overHttpsBehindATrustedProxyTheCookieWorksInOtherSitesPages() {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true))) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.get(server.port(), "/count?url=example.com/s",
                        Map.of("X-Forwarded-Proto", "https"));
                assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
                        .endsWith("; HttpOnly; SameSite=None; Secure; Partitioned");
            });
        }
    }

    @Test
    void anUntrustedForwardedProtoIsIgnored() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.get(server.port(), "/count?url=example.com/s",
                        Map.of("X-Forwarded-Proto", "https"));
                assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("SameSite=Lax")
                        .doesNotContain("Secure");
            });
        }
    }
}

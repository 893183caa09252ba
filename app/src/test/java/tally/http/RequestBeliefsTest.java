package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Config;
import tally.Http;
import tally.TestTally;

/** What the server believes about a request: the connection's scheme unless a proxy is trusted, and TALLY_PUBLIC_URL. */
class RequestBeliefsTest {

    @TempDir
    Path dir;

    private TestTally tally(String name, String value) {
        return TestTally.create(dir, c -> Config.fromEnv(Map.of("TALLY_DB", c.counting().database().toString(), "TALLY_PORT", "0",
                name, value)));
    }

    @Test
    void anAbsoluteHttpsTargetOverPlainHttpGetsNoSecureCookie() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                String response = RawHttp.exchange(server.port(), "GET https://x/count?url=example.com/s HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n");
                assertThat(response).startsWith("HTTP/1.1 200");
                assertThat(RawHttp.header(response, "Set-Cookie")).endsWith("; HttpOnly; SameSite=Lax")
                        .doesNotContain("Secure").doesNotContain("None").doesNotContain("Partitioned");
            });
        }
    }

    @Test
    void anFtpTargetDoesNotMakeAnFtpOrigin() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                String response = RawHttp.exchange(server.port(), "GET ftp://x/config.json HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n");
                assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"origin\":\"http://x\"}");
            });
        }
    }

    @Test
    void configJsonTakesItsOriginFromThePublicUrlAndIsNeverCached() {
        try (TestTally t = tally("TALLY_PUBLIC_URL", "https://Tally.Example.com/")) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> r = Http.get(server.port(), "/config.json", Map.of());
                assertThat(r.body()).isEqualTo("{\"origin\":\"https://tally.example.com\"}");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
                String forged = RawHttp.exchange(server.port(), "GET /config.json HTTP/1.1\r\nHost: evil.example\r\n"
                        + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\nConnection: close\r\n\r\n");
                assertThat(forged).endsWith("{\"origin\":\"https://tally.example.com\"}");
            });
        }
    }

    @Test
    void anHttpsPublicUrlMakesBothCookiesSecureBehindAnUntrustedProxy() {
        try (TestTally t = tally("TALLY_PUBLIC_URL", "https://tally.example.com")) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> count = Http.get(server.port(), "/count?url=example.com/p", Map.of());
                assertThat(count.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; SameSite=None; Secure; Partitioned");

                String login = RawHttp.exchange(server.port(), "POST /analytics/login HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                        + ("token=" + t.analytics.admin().value()).length() + "\r\nConnection: close\r\n\r\n"
                        + "token=" + t.analytics.admin().value());
                assertThat(RawHttp.header(login, "Set-Cookie")).startsWith("tally_session=")
                        .contains("; HttpOnly", "; SameSite=Strict", "; Secure");
            });
        }
    }

    @Test
    void withoutAPublicUrlConfigJsonReflectsTheHostButIsNotCached() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> r = Http.get(server.port(), "/config.json", Map.of());
                assertThat(r.body()).isEqualTo("{\"origin\":\"http://localhost:" + server.port() + "\"}");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            });
        }
    }

    @Test
    void behindATrustedProxyItsSchemeDecides() {
        try (TestTally t = tally("TALLY_TRUST_PROXY", "1")) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpResponse<String> r = Http.get(server.port(), "/count?url=example.com/p",
                        Map.of("X-Forwarded-Proto", "https"));
                assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; SameSite=None; Secure; Partitioned");
            });
        }
    }
}

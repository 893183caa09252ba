package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** Whatever a client sends gets a 4xx and leaves the database as it was. */
class BadInputTest {

    @TempDir
    Path dir;

    private static final List<String> BAD_TARGETS = List.of(
            "/count?url=",
            "/count?url=%20%20",
            "/count?url=" + "a".repeat(600) + ".com",
            "/count?url=example.com/" + "a".repeat(600),
            "/count?url=javascript:alert(1)",
            "/count?url=data:text/html,hi",
            "/count?url=file:///etc/passwd",
            "/count?url=ftp://example.com/",
            "/count?url=https://example.com/%25zz",
            "/count?url=https://example.com/%25FF",
            "/count?url=https://example.com/a%00b",
            "/count?url=https://example.com/a%0D%0Ab",
            "/count?url=%FF%FE",
            "/count?url=https://%C3%28.com/",
            "/count?url=%ZZ",
            "/count?url=https://",
            "/count?url=https://exa%20mple.com/",
            "/count?url=a.com&url=b.com",
            "/count?url=a.com&page_id=b",
            "/count?page_id=",
            "/count?page_id=" + "p".repeat(300),
            "/count?page_id=a%09b",
            "/count/tag.svg?url=example.com&style=wobbly",
            "/count/tag.svg?url=example.com&color=notacolour",
            "/count/tag.svg?url=example.com&color=%22%3E%3Cscript%3E",
            "/count/tag.svg?url=example.com&base=-1",
            "/count/tag.svg?url=example.com&view=yesterday",
            "/count/tag.svg?url=example.com&abbreviated=perhaps",
            "/count/tag.svg?url=example.com&logo=javascript:alert(1)",
            "/count/tag.svg?url=example.com&label=a&label=b",
            "/count/shields.json?url=example.com&style=wobbly",
            "/count.json?url=javascript:x",
            "/count/tag.svg",
            "/count/tag.svg?url=",
            "/count.json");

    @Test
    void badRequestsAre4xxAndChangeNothing() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                client.get("/count?url=example.com/existing");
                String before = t.footprint();
                for (String target : BAD_TARGETS) {
                    for (String prefix : List.of("", "/no")) {
                        String path = prefix.isEmpty() ? target : target.replaceFirst("^/count", "/nocount");
                        int status = Http.rawGet(server.port(), path, "");
                        assertThat(status).as(path).isBetween(400, 499);
                    }
                }
                assertThat(t.footprint()).isEqualTo(before);
            });
        }
    }

    @Test
    void hostileHeadersAre4xxAndChangeNothing() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                String before = t.footprint();
                String hugeReferer = "Referer: https://example.com/" + "a".repeat(100_000) + "\r\n";
                assertThat(Http.rawGet(server.port(), "/count", hugeReferer)).isBetween(400, 499);
                assertThat(Http.rawGet(server.port(), "/count", "Referer: javascript:alert(1)\r\n")).isBetween(400, 499);
                assertThat(Http.rawGet(server.port(), "/count", "Referer: https://example.com/%ZZ\r\n")).isBetween(400, 499);
                byte[] invalidUtf8 = "GET /count?url=example.com/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                assertThat(Http.raw(server.port(), invalidUtf8)).isBetween(400, 499);
                byte[] nulInTarget = "GET /count?url=example.com/\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                assertThat(Http.raw(server.port(), nulInTarget)).isBetween(400, 499);
                byte[] invalidUtf8Referer = "GET /count HTTP/1.1\r\nHost: x\r\nReferer: https://example.com/\u00ff\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                assertThat(Http.raw(server.port(), invalidUtf8Referer)).isBetween(400, 499);
                assertThat(t.footprint()).isEqualTo(before);
            });
        }
    }

    @Test
    void hostileTextNeverBecomesMarkupInABadge() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                String svg = client.get("/count/tag.svg?url=example.com/--%3E%3Cscript%3Ealert(1)%3C/script%3E"
                        + "&label=%3C/text%3E%3Cscript%3Ealert(1)%3C/script%3E%26").body().string();
                assertThat(CountApiTest.wellFormed(svg)).isTrue();
                assertThat(svg).doesNotContain("<script").contains("&lt;/text&gt;&lt;script&gt;");
            });
        }
    }
}

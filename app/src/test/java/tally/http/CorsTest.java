package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/** CORS: an Origin is echoed with credentials only when it is an origin a browser could have sent. */
class CorsTest {

    private static final List<String> ROUTES = List.of("GET /count?url=example.com/c", "GET /nocount/tag.svg?url=example.com/c",
            "OPTIONS /count.json", "GET /counters/c", "OPTIONS /live");

    @TempDir
    Path dir;

    private static String request(int port, String route, byte[] origin) {
        byte[] head = (route + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nOrigin: ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + origin.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(origin, 0, all, head.length, origin.length);
        System.arraycopy(tail, 0, all, head.length + origin.length, tail.length);
        return RawHttp.exchange(port, all);
    }

    @Test
    void aSerializedOriginIsEchoedWithCredentials() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String origin : List.of("https://blog.example", "http://localhost:8000", "https://xn--strae-oqa.de",
                        "http://192.0.2.7", "http://[2001:db8::1]:8080", "https://a-b.c_d.example", "http://a.example.",
                        "http://[::ffff:102:304]", "https://a.example:8443")) {
                    for (String route : ROUTES) {
                        String r = request(server.port(), route, origin.getBytes(StandardCharsets.US_ASCII));
                        assertThat(RawHttp.header(r, "Access-Control-Allow-Origin")).as(origin + " " + route).isEqualTo(origin);
                        assertThat(RawHttp.header(r, "Access-Control-Allow-Credentials")).as(route).isEqualTo("true");
                        assertThat(RawHttp.header(r, "Vary")).as(route).contains("Origin");
                    }
                }
            });
        }
    }

    @Test
    void anythingElseGetsAStarWithoutCredentials() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                List<byte[]> bad = List.of(b("null"), b("*"), b("https://a.example, https://b.example"),
                        b("https://a.example https://b.example"), b("file://"), b("file:///etc/passwd"),
                        b("https://a.example/"), b("https://a.example/path"), b("https://a.example?q"),
                        b("ftp://a.example"), b("javascript:alert(1)"), b("https://"), b("https://:443"),
                        b("https://a.example:"), b("https://a.example:99999"), b("https://a.example:0"),
                        b("https://user@a.example"), b("https://a..example"), b("https://-a.example"),
                        b("https://[::1"), b("https://[nope]"), b("HTTPS://A.EXAMPLE"), b("https:/a.example"),
                        b("https://a.example#x"), b("https://a.example\\"),
                        "https://exämple.com".getBytes(StandardCharsets.UTF_8),
                        "https://exämple.com".getBytes(StandardCharsets.ISO_8859_1),
                        b("https://a.example%00"), b("x".repeat(400)),
                        // no browser writes these: upper case, a default port, IPv4 or IPv6 not in their canonical form
                        b("http://EVIL.COM"), b("https://A.example"), b("http://a.com:80"), b("https://a.com:443"),
                        b("http://0x7f.1"), b("http://1.2.3.4.5"), b("http://999.999.999.999"), b("http://[::FFFF:1.2.3.4]"),
                        b("http://[0:0::1]"), b("http://xn--zz.com"));
                for (byte[] origin : bad) {
                    String shown = new String(origin, StandardCharsets.ISO_8859_1);
                    for (String route : ROUTES) {
                        String r = request(server.port(), route, origin);
                        assertThat(r).as(shown + " " + route).matches("(?s)HTTP/1.1 (200|204|404) .*");
                        assertThat(RawHttp.header(r, "Access-Control-Allow-Origin")).as(shown + " " + route).isEqualTo("*");
                        assertThat(RawHttp.header(r, "Access-Control-Allow-Credentials")).as(shown + " " + route).isNull();
                        assertThat(RawHttp.header(r, "Vary")).as(shown + " " + route).contains("Origin");
                    }
                }
            });
        }
    }

    @Test
    void twoOriginHeadersAreAListAndGetAStar() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String route : ROUTES) {
                    String r = request(server.port(), route, b("https://a.example\r\nOrigin: https://b.example"));
                    assertThat(RawHttp.header(r, "Access-Control-Allow-Origin")).as(route).isEqualTo("*");
                    assertThat(RawHttp.header(r, "Access-Control-Allow-Credentials")).as(route).isNull();
                }
            });
        }
    }

    @Test
    void noOriginGetsAStarThatVariesByOrigin() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                String r = RawHttp.exchange(server.port(), "GET /count?url=example.com/v HTTP/1.1\r\nHost: localhost\r\n"
                        + "Connection: close\r\n\r\n");
                assertThat(RawHttp.header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
                assertThat(RawHttp.header(r, "Access-Control-Allow-Credentials")).isNull();
                assertThat(RawHttp.header(r, "Vary")).contains("Origin");
            });
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

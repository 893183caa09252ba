package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tally.Http;

/** Which address, scheme and origin Clients believes, on a real server, for the headers a proxy chain sends. */
class ClientsTest {

    /** Runs a server whose /ip, /scheme and /origin answer what Clients believes. */
    private static void serve(int hops, String publicUrl, Consumer<Integer> test) {
        Clients clients = new Clients(hops, publicUrl);
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/ip", ctx -> ctx.result(clients.ip(ctx)));
            c.routes.get("/scheme", ctx -> ctx.result(clients.scheme(ctx)));
            c.routes.get("/origin", ctx -> ctx.result(clients.origin(ctx)));
        }).start("127.0.0.1", 0);
        try {
            test.accept(app.port());
        } finally {
            app.stop();
        }
    }

    private static String get(int port, String path, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = Http.get(port, path, h);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @ParameterizedTest(name = "TALLY_TRUST_PROXY={0}, X-Forwarded-For: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // no proxy trusted: the connection's address, whatever the header says
        "0|203.0.113.7|127.0.0.1",
        // one proxy (true): the entry it appended, never what the client put in front of it
        "1|203.0.113.7|203.0.113.7",
        "1|6.6.6.6, 203.0.113.7|203.0.113.7",
        "1|6.6.6.6,203.0.113.7|203.0.113.7",
        "1|not-an-ip, 6.6.6.6, 203.0.113.7|203.0.113.7",
        "1|6.6.6.6, 2001:DB8::7|2001:db8::7",
        "1|6.6.6.6, [2001:db8::7]:4711|2001:db8::7",
        // two proxies in a row: the second from the right is what the outer proxy saw
        "2|6.6.6.6, 203.0.113.7, 10.0.0.2|203.0.113.7",
        "2|203.0.113.7, 10.0.0.2|203.0.113.7",
        // fewer entries than trusted proxies: the leftmost, since a trusted proxy wrote every one
        "3|203.0.113.7, 10.0.0.2|203.0.113.7",
        // a malformed entry is never used: the nearest well-formed one to its right, else the connection
        "1|6.6.6.6, unknown|127.0.0.1",
        "1|6.6.6.6, |127.0.0.1",
        "2|6.6.6.6, <script>, 10.0.0.2|10.0.0.2",
        "2|6.6.6.6, 999.1.1.1, 10.0.0.2|10.0.0.2",
        "1|'   '|127.0.0.1",
    })
    void theAddressIsTheOneATrustedProxyAppended(int hops, String forwardedFor, String expected) {
        serve(hops, "", port -> assertThat(get(port, "/ip", "X-Forwarded-For", forwardedFor)).isEqualTo(expected));
    }

    @Test
    void withoutTheHeaderTheAddressIsTheConnections() {
        serve(1, "", port -> assertThat(get(port, "/ip")).isEqualTo("127.0.0.1"));
    }

    @Test
    void severalHeaderLinesAreOneList() {
        serve(1, "", port -> {
            String request = "GET /ip HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 6.6.6.6\r\n"
                    + "X-Forwarded-For: 203.0.113.7\r\nConnection: close\r\n\r\n";
            assertThat(RawHttp.exchange(port, request)).endsWith("\r\n\r\n203.0.113.7");
        });
    }

    @Test
    void theSchemeAndHostAreTheTrustedProxysToo() {
        serve(1, "", port -> {
            assertThat(get(port, "/scheme", "X-Forwarded-Proto", "http, https")).isEqualTo("https");
            assertThat(get(port, "/scheme", "X-Forwarded-Proto", "https, http")).isEqualTo("http");
            assertThat(get(port, "/scheme", "X-Forwarded-Proto", "https, gopher")).isEqualTo("http");
            assertThat(get(port, "/origin", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example, tally.example"))
                    .isEqualTo("https://tally.example");
        });
        serve(0, "", port -> {
            assertThat(get(port, "/scheme", "X-Forwarded-Proto", "https")).isEqualTo("http");
            assertThat(get(port, "/origin", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "tally.example"))
                    .isEqualTo("http://localhost:" + port);
        });
    }

    @Test
    void thePublicUrlIsTheOriginWhateverTheRequestSays() {
        serve(1, "https://tally.example.com", port -> assertThat(get(port, "/origin", "X-Forwarded-Proto", "http",
                "X-Forwarded-Host", "evil.example")).isEqualTo("https://tally.example.com"));
    }
}

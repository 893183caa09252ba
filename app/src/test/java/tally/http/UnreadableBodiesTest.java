package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/**
 * Bodies a client can get wrong (cut short, malformed for their Content-Type, too large or of unknown length) and a
 * charset Java does not know are a 4xx that says what to send, never a 500; so are undecodable query parameters of the report
 * and the history chart, which Javalin would otherwise drop.
 */
class UnreadableBodiesTest {

    private static final String TOKEN = "test-admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void aSignInFormThatCannotBeReadIsA4xxThatSaysWhatToSend() {
        try (TestTally t = tally()) {
            t.app.start(0);
            int port = t.app.port();

            String multipart = post(port, "/analytics/login", "multipart/form-data; boundary=xx", "--xx\r\nbad\r");
            assertThat(multipart).startsWith("HTTP/1.1 400").contains("malformed for its Content-Type");

            String charset = post(port, "/analytics/login", "application/x-www-form-urlencoded; charset=bogus", "token=" + TOKEN);
            assertThat(charset).startsWith("HTTP/1.1 400").contains("charset=utf-8");

            String noField = post(port, "/analytics/login", "application/x-www-form-urlencoded", "password=x");
            assertThat(noField).startsWith("HTTP/1.1 401").contains("send the form field token");

            String huge = RawHttp.exchange(port, "POST /analytics/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n" + "a".repeat(10));
            assertThat(huge).startsWith("HTTP/1.1 413").contains("16 KB");

            String chunked = RawHttp.exchange(port, "POST /analytics/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "6\r\ntoken=\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 411").contains("Content-Length");

            String signedIn = post(port, "/analytics/login", "application/x-www-form-urlencoded", "token=" + TOKEN);
            assertThat(signedIn).startsWith("HTTP/1.1 303");
        }
    }

    @Test
    void aBodyThatEndsBeforeItsLengthIsA400() throws IOException {
        try (TestTally t = tally(); Socket s = new Socket("localhost", startedPort(t))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /analytics/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntoken=abc")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(response).startsWith("HTTP/1.1 400").contains("ended early");
        }
    }

    @Test
    void anUnknownCharsetIsRefusedAndCountsBeyondTheImportsLimitToo() {
        try (TestTally t = tally()) {
            t.app.start(0);
            int port = t.app.port();
            String auth = "Authorization: Bearer " + TOKEN + "\r\n";

            String bogus = RawHttp.exchange(port, "PUT /admin/counters?url=example.com/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + auth + "Content-Type: application/json; charset=bogus\r\nContent-Length: 12\r\n\r\n{\"count\":5}\n");
            assertThat(bogus).startsWith("HTTP/1.1 400").contains("charset=utf-8");
            String utf8 = RawHttp.exchange(port, "PUT /admin/counters?url=example.com/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + auth + "Content-Type: application/json; charset=UTF-8\r\nContent-Length: 12\r\n\r\n{\"count\":5}\n");
            assertThat(utf8).startsWith("HTTP/1.1 200").contains("\"count\":5");
            String count = RawHttp.exchange(port, "GET /count?url=example.com/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: text/plain; charset=\"no such\"\r\n\r\n");
            assertThat(count).startsWith("HTTP/1.1 400").contains("charset=utf-8");

            String beyond = RawHttp.exchange(port, "PUT /admin/counters?url=example.com/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + auth + "Content-Type: application/json\r\nContent-Length: 29\r\n\r\n{\"count\":9223372036854775807}");
            assertThat(beyond).startsWith("HTTP/1.1 400").contains("100000000000");

            String badChunks = RawHttp.exchange(port, "POST /admin/import HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + auth + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            assertThat(badChunks).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void undecodableReportAndChartParametersAreNamedNotDropped() {
        try (TestTally t = tally()) {
            t.app.start(0);
            int port = t.app.port();

            String report = RawHttp.exchange(port, "GET /api/analytics?site=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n\r\n");
            assertThat(report).startsWith("HTTP/1.1 400").contains("site has an invalid percent-encoding");

            String chart = RawHttp.exchange(port, "GET /nocount/history.svg?url=example.com/a&label=%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(chart).startsWith("HTTP/1.1 400").contains("label");
        }
    }

    private TestTally tally() {
        return TestTally.create(dir, c -> c.withLimits("off", "", "off", "").withAnalytics(TOKEN, List.of(), 400));
    }

    private static int startedPort(TestTally t) {
        t.app.start(0);
        return t.app.port();
    }

    private static String post(int port, String path, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + type
                + "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body);
    }
}

package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/**
 * Requests Jetty refuses before they reach a route get Tally's answers: a 4xx (never a 5xx) in plain text with
 * nosniff, saying what to send instead and never echoing the request.
 */
class MalformedRequestsTest {

    private static final String MARK = "qqzzqq";

    @TempDir
    Path dir;

    @Test
    void unknownVersionsAndLineFeedsInTheTargetAreMalformedRequests() throws Exception {
        List<String> requests = List.of(
                "GET /" + MARK + " HTTP/1.2\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/3\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/1\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/0.9\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/1.10\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/2.0\r\nHost: localhost\r\n\r\n",
                "POST /" + MARK + " HTTP/2.0\r\nHost: localhost\r\n\r\n",
                "GET /count?url=a\n" + MARK + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /" + MARK + " HTTP/1.1\r\nHost: localhost\r\nBad Header: " + MARK + "\r\n\r\n");
        serve(port -> {
            for (String request : requests) {
                String answer = send(port, request);
                assertThat(answer).as(request).startsWith("HTTP/1.1 400 ");
                assertPlainAndQuiet(answer, request);
                assertThat(answer).as(request).contains("send an HTTP/1.1");
            }
        });
    }

    @Test
    void overlongRequestsGetAShortPlainAnswer() throws Exception {
        String ampersands = "GET /count?url=a.example&x=" + "&".repeat(14_000) + MARK + " HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Filler: " + "f".repeat(4_000) + "\r\n\r\n";
        String longTarget = "GET /count?url=" + MARK + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        serve(port -> {
            String tooLarge = send(port, ampersands);
            assertThat(tooLarge).startsWith("HTTP/1.1 431 ").contains("under 16 KB");
            assertPlainAndQuiet(tooLarge, "ampersands");
            assertThat(tooLarge.length()).as("answer length").isLessThan(600);
            String tooLong = send(port, longTarget);
            assertThat(tooLong).startsWith("HTTP/1.1 414 ").contains("under 16 KB");
            assertPlainAndQuiet(tooLong, "long target");
        });
    }

    @Test
    void methodsNoRouteServesGet405WithAllow() throws Exception {
        List<String> requests = List.of(
                "TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "TRACE /count?url=a.example HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        serve(port -> {
            for (String request : requests) {
                String answer = send(port, request);
                assertThat(answer).as(request).startsWith("HTTP/1.1 405 ");
                assertThat(answer.toLowerCase()).as(request).contains("\r\nallow: get, head, post, options\r\n");
                assertPlainAndQuiet(answer, request);
            }
        });
    }

    @Test
    void anUnknownExpectationSaysWhatToSendInstead() throws Exception {
        serve(port -> {
            String answer = send(port, "GET /count?url=a.example HTTP/1.1\r\nHost: localhost\r\nExpect: " + MARK + "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 417 ").contains("Expect: 100-continue");
            assertPlainAndQuiet(answer, "Expect");
        });
    }

    @Test
    void webSocketHandshakesAreRefusedWithoutKeepingASession() throws Exception {
        List<String> requests = List.of(
                "GET /count?url=a.example HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String request : requests) {
                    String answer = send(server.port(), request);
                    assertThat(answer).as(request).startsWith("HTTP/1.1 400 ").contains("WebSocket").contains("/live");
                    assertThat(answer.toLowerCase()).as("no session cookie").doesNotContain("set-cookie");
                    assertPlainAndQuiet(answer, request);
                }
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void aMethodOverrideHeaderIsRefusedNotObeyed() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                send(server.port(), "POST /counters/kept HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                List<String> requests = List.of(
                        // a GET made a POST would read a body it never had read first: this one says 16,000 bytes, sends 6
                        "GET /analytics/login HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: POST\r\n"
                                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\ntoken=",
                        "GET /counters/kept HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: DELETE\r\nConnection: close\r\n\r\n",
                        "GET /" + MARK + " HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: BEFORE\r\nConnection: close\r\n\r\n",
                        "GET /count?url=a.example HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: GET\r\nConnection: close\r\n\r\n");
                for (String request : requests) {
                    String answer = send(server.port(), request);
                    assertThat(answer).as(request).startsWith("HTTP/1.1 400 ").contains("X-HTTP-Method-Override is not taken here");
                    assertPlainAndQuiet(answer, request);
                }
                assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(1);
            });
        }
    }

    private static void assertPlainAndQuiet(String answer, String request) {
        String lower = answer.toLowerCase();
        assertThat(lower).as(request).contains("\r\nx-content-type-options: nosniff\r\n")
                .contains("\r\ncontent-type: text/plain; charset=utf-8\r\n");
        assertThat(answer).as("the request is not echoed").doesNotContain(MARK).doesNotContain("<");
    }

    private interface PortTest {
        void run(int port) throws Exception;
    }

    private void serve(PortTest test) {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> test.run(server.port()));
        }
    }

    /** Sends the request on a connection of its own and answers what came back before the server closed it. */
    static String send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | SocketException e) {
                // a reset after the answer: what was read is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: (\\d+)").matcher(answer);
        return m.find() && answer.length() - end - 4 >= Integer.parseInt(m.group(1));
    }
}

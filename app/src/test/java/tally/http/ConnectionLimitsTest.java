package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/** One client address cannot hold every connection, and a request head cannot take forever to arrive. */
class ConnectionLimitsTest {

    private static final String COUNT = "GET /count?url=a.example HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void connectionsBeyondThePerAddressLimitGet429UntilOthersClose() {
        try (TestTally t = TestTally.create(dir, c -> c.withConnections(0, 4, Duration.ofSeconds(60)))) {
            JavalinTest.test(t.app, (server, client) -> {
                List<Socket> idle = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    idle.add(new Socket("127.0.0.1", server.port()));
                }
                String refused = MalformedRequestsTest.send(server.port(), COUNT);
                assertThat(refused).startsWith("HTTP/1.1 429 ").endsWith("too many connections open: reuse one, or close some and retry\n")
                        .containsIgnoringCase("x-content-type-options: nosniff");
                for (Socket s : idle) {
                    s.close();
                }
                String answered = "";
                for (int tries = 0; tries < 100 && !answered.startsWith("HTTP/1.1 200 "); tries++) {
                    Thread.sleep(50);
                    answered = MalformedRequestsTest.send(server.port(), COUNT);
                }
                assertThat(answered).as("once the idle connections are closed").startsWith("HTTP/1.1 200 ");
            });
        }
    }

    @Test
    void aRequestHeadTrickledPastTheHeaderTimeoutIsCutOff() {
        try (TestTally t = TestTally.create(dir, c -> c.withConnections(0, 4, Duration.ofSeconds(1)))) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    byte[] head = ("GET /count?url=a.example HTTP/1.1\r\nHost: localhost\r\n" + "X-Slow: a\r\n".repeat(100))
                            .getBytes(StandardCharsets.US_ASCII);
                    int sent = 0;
                    try {
                        for (; sent < head.length; sent++) {
                            socket.getOutputStream().write(head[sent]);
                            Thread.sleep(100);
                        }
                    } catch (java.io.IOException e) {
                        // cut off: the server closed the connection
                    }
                    InputStream in = socket.getInputStream();
                    socket.setSoTimeout(5_000);
                    int read;
                    try {
                        read = in.read();
                    } catch (java.io.IOException e) {
                        read = -1;
                    }
                    assertThat(read).as("the connection is closed").isEqualTo(-1);
                    assertThat(sent).as("bytes sent, 10 a second, before the cut").isLessThan(head.length);
                }
            });
        }
    }
}

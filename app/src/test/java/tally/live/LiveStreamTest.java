package tally.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

class LiveStreamTest {

    @TempDir
    Path dir;

    private TestTally tally(int perIp) {
        return TestTally.create(dir, c -> c.withSse(Duration.ofMillis(20), 100, perIp));
    }

    @Test
    void theFirstEventIsTheCurrentValueWithOneRetryHint() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                Requests.post(server.port(), "/counters/hits");
                Requests.post(server.port(), "/counters/hits");
                try (Sse sse = Sse.open(server.port(), "/counters/hits/")) {
                    assertThat(sse.status()).isEqualTo(200);
                    assertThat(sse.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                    assertThat(sse.next()).isEqualTo(new Sse.Event("message", "2", "2", "3000"));
                }
            });
        }
    }

    @Test
    void afterThreePostsTheLastEventIsTheNewValue() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse sse = Sse.open(server.port(), "/counters/fresh")) {
                    assertThat(sse.next().data()).isEqualTo("0");
                    for (int i = 0; i < 3; i++) {
                        Requests.post(server.port(), "/counters/fresh");
                    }
                    List<Sse.Event> events = sse.until("3");
                    assertThat(events).extracting(e -> Long.parseLong(e.data())).isSorted().doesNotHaveDuplicates();
                    assertThat(events.get(events.size() - 1)).isEqualTo(new Sse.Event("message", "3", "3", "3000"));
                }
            });
        }
    }

    @Test
    void anIntervalOfZeroSendsEachCommitAtOnce() {
        try (TestTally t = TestTally.create(dir, c -> c.withSse(Duration.ZERO, 100, 8))) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse sse = Sse.open(server.port(), "/counters/eager")) {
                    assertThat(sse.next().data()).isEqualTo("0");
                    Requests.post(server.port(), "/counters/eager");
                    Requests.post(server.port(), "/counters/eager");
                    assertThat(sse.until("2")).extracting(e -> Long.parseLong(e.data())).isSorted();
                }
            });
        }
    }

    @Test
    void aLonePostReachesStreamsAtOnceHoweverLongTheInterval() {
        try (TestTally t = TestTally.create(dir, c -> c.withSse(Duration.ofSeconds(60), 100, 8))) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse sse = Sse.open(server.port(), "/counters/lone")) {
                    assertThat(sse.next().data()).isEqualTo("0");
                    Requests.post(server.port(), "/counters/lone");
                    // Within the stream's deadline of 10 s, far less than the interval of 60 s (the most TALLY_LIVE_INTERVAL takes).
                    assertThat(sse.next().data()).isEqualTo("1");
                }
            });
        }
    }

    @Test
    void changesWithinTheIntervalAreCoalescedIntoTheLastOne() {
        try (TestTally t = TestTally.create(dir, c -> c.withSse(Duration.ofSeconds(4), 100, 8))) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse sse = Sse.open(server.port(), "/counters/burst")) {
                    assertThat(sse.next().data()).isEqualTo("0");
                    Requests.post(server.port(), "/counters/burst");
                    assertThat(sse.next().data()).as("the leading edge").isEqualTo("1");
                    for (int i = 0; i < 3; i++) {
                        Requests.post(server.port(), "/counters/burst");
                    }
                    assertThat(sse.next().data()).as("the trailing edge, 2 and 3 coalesced").isEqualTo("4");
                }
            });
        }
    }

    @Test
    void aStreamWithABaseShowsTheCountPlusTheBase() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                Requests.get(server.port(), "/count?url=example.com/moved");
                try (Sse based = Sse.open(server.port(), "/live?url=example.com/moved&base=100");
                     Sse plain = Sse.open(server.port(), "/live?url=example.com/moved")) {
                    assertThat(based.next()).isEqualTo(new Sse.Event("message", "101", "101", "3000"));
                    assertThat(plain.next().data()).isEqualTo("1");
                    Requests.get(server.port(), "/count?url=example.com/moved");
                    assertThat(based.until("102")).isNotEmpty();
                    assertThat(plain.until("2")).isNotEmpty();
                }
            });
        }
    }

    @Test
    void everyStreamOfACounterGetsEachChange() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse a = Sse.open(server.port(), "/counters/shared"); Sse b = Sse.open(server.port(), "/counters/shared")) {
                    a.next();
                    b.next();
                    Requests.post(server.port(), "/counters/shared");
                    assertThat(a.until("1")).isNotEmpty();
                    assertThat(b.until("1")).isNotEmpty();
                }
            });
        }
    }

    @Test
    void aLiveStreamSeesCountHitsOnItsUrl() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                Requests.get(server.port(), "/count?url=https://example.com/post");
                try (Sse sse = Sse.open(server.port(), "/live?url=example.com/post/", Map.of("Origin", "https://example.com"))) {
                    assertThat(sse.response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://example.com");
                    assertThat(sse.next().data()).isEqualTo("1");
                    Requests.get(server.port(), "/count?url=http://EXAMPLE.com/post");
                    Requests.get(server.port(), "/count.json?url=example.com/post#top");
                    Requests.get(server.port(), "/count?url=example.com/other");
                    assertThat(sse.until("3")).extracting(Sse.Event::data).doesNotContain("4");
                }
                assertThat(Requests.get(server.port(), "/live?url=example.com/post").body()).isEqualTo("3");
                var bad = Requests.send(server.port(), "GET", "/live", Map.of("Accept", "text/event-stream"));
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.body()).contains("?url=");
            });
        }
    }

    @Test
    void aClientThatDisconnectsIsRemoved() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Socket socket = new Socket("localhost", server.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /counters/gone HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    for (String line = in.readLine(); !line.equals("data: 0"); line = in.readLine()) {
                        // headers and the retry hint
                    }
                    assertThat(t.live.streams()).isEqualTo(1);
                }
                // The next writes to the closed connection fail, and the stream is dropped.
                awaitWhile(() -> t.live.streams() > 0, () -> Requests.post(server.port(), "/counters/gone"));
                assertThat(t.live.streams()).isZero();
            });
        }
    }

    @Test
    void aClientThatDisconnectsGivesItsSlotBackBeforeAnyWrite() {
        try (TestTally t = tally(8)) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Socket socket = new Socket("localhost", server.port())) {
                    socket.getOutputStream().write(("GET /counters/quiet HTTP/1.1\r\nHost: localhost\r\n"
                            + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    for (String line = in.readLine(); !line.equals("data: 0"); line = in.readLine()) {
                        // headers and the retry hint
                    }
                    assertThat(t.live.streams()).isEqualTo(1);
                }
                // Nothing is written to the stream (no hit, and keep-alives are 15 s apart): the close itself is read.
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (t.live.streams() > 0 && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                assertThat(t.live.streams()).as("streams 5 s after the client closed").isZero();
            });
        }
    }

    @Test
    void streamsBeyondThePerAddressLimitAre429() {
        try (TestTally t = tally(2)) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse a = Sse.open(server.port(), "/counters/x"); Sse b = Sse.open(server.port(), "/live?url=example.com")) {
                    a.next();
                    b.next();
                    var refused = Requests.send(server.port(), "GET", "/counters/x", Map.of("Accept", "text/event-stream"));
                    assertThat(refused.statusCode()).isEqualTo(429);
                    assertThat(refused.body()).contains("TALLY_SSE_PER_IP");
                    assertThat(Requests.get(server.port(), "/live?url=example.com").statusCode()).isEqualTo(200);
                }
                // Closed by the client: noticed on the next write to each stream.
                awaitWhile(() -> t.live.streams() > 0, () -> {
                    Requests.post(server.port(), "/counters/x");
                    Requests.get(server.port(), "/count?url=example.com");
                });
                try (Sse again = Sse.open(server.port(), "/counters/x")) {
                    assertThat(again.status()).isEqualTo(200);
                }
            });
        }
    }

    @Test
    void streamsBeyondTheServerLimitAre429() {
        try (TestTally t = TestTally.create(dir, c -> c.withSse(Duration.ofMillis(20), 1, 8))) {
            JavalinTest.test(t.app, (server, client) -> {
                try (Sse a = Sse.open(server.port(), "/counters/x")) {
                    a.next();
                    var refused = Requests.send(server.port(), "GET", "/live?url=a.example", Map.of("Accept", "text/event-stream"));
                    assertThat(refused.statusCode()).isEqualTo(429);
                    assertThat(refused.body()).contains("TALLY_SSE_MAX");
                }
            });
        }
    }

    @Test
    void withStreamsSwitchedOffEveryStreamIsA404ThatSaysSoWithoutRetryAfter() {
        try (TestTally t = TestTally.create(dir, c -> c.withSse(Duration.ofMillis(20), 0, 8))) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String path : List.of("/live?url=a.example", "/counters/x")) {
                    var refused = Requests.send(server.port(), "GET", path, Map.of("Accept", "text/event-stream"));
                    assertThat(refused.statusCode()).as(path).isEqualTo(404);
                    assertThat(refused.body()).as(path).contains("switched off", "TALLY_SSE_MAX=0", "/nocount");
                    assertThat(refused.headers().firstValue("Retry-After")).as(path).isEmpty();
                }
            });
        }
    }

    @Test
    void stoppingTheServerEndsEveryStream() {
        try (TestTally t = tally(8)) {
            // Started by hand: JavalinTest itself still talks to the server after the test body.
            int port = t.app.start(0).port();
            Sse a = Sse.open(port, "/counters/x");
            Sse b = Sse.open(port, "/live?url=example.com");
            a.next();
            b.next();
            t.app.stop();
            assertThat(a.ends()).isTrue();
            assertThat(b.ends()).isTrue();
            assertThat(t.live.streams()).isZero();
        }
    }

    /** Runs the step until the condition is false, failing at the deadline. */
    private static void awaitWhile(BooleanSupplier condition, Runnable step) throws InterruptedException {
        long end = System.nanoTime() + Sse.DEADLINE.toNanos();
        while (condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still true at the deadline").isLessThan(end);
            step.run();
            Thread.sleep(20);
        }
    }
}

package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand connections that trickle a request head a byte a second, against the real jar limited to 1,024
 * open files: counting and /healthz from another address must still be answered all along, and nothing is
 * logged above INFO. Once from one address (the per-address cap holds it), once spread over 20 addresses that
 * keep reconnecting (the connection limit, the header timeout and its shorter form at the limit hold them).
 * Then a thousand that send a whole head and trickle a sign-in form's body: read on Jetty's threads, such bodies
 * once held all 250 of them, and nothing else was answered.
 */
class SlowlorisIT {

    private static final int ATTACKERS = 1_000;
    /**
     * The header timeout the jar runs with: shorter than its default 10 s, so that the attack's connections are
     * closed by it and reconnect twice within the attack, as they did once in 15 s with the default.
     */
    private static final int HEADER_TIMEOUT_SECONDS = 3;
    private static final Duration ATTACK = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void aThousandTricklingConnectionsFromOneAddressLeaveCountingAnswered() throws Exception {
        attack(1);
    }

    @Test
    void aThousandTricklingConnectionsFromTwentyAddressesLeaveCountingAnswered() throws Exception {
        attack(20);
    }

    @Test
    void aThousandConnectionsTricklingABodyFromTwentyAddressesLeaveCountingAnswered() throws Exception {
        attack(20, Trickle.FORM_HEAD, Trickle.FORM_BODY);
    }

    private void attack(int addresses) throws Exception {
        attack(addresses, new byte[0], Trickle.HEAD);
    }

    private void attack(int addresses, byte[] whole, byte[] trickled) throws Exception {
        Path db = dir.resolve("tally.db");
        try (ChildTally tally = ChildTally.start(db, Map.of("TALLY_HEADER_TIMEOUT", String.valueOf(HEADER_TIMEOUT_SECONDS)),
                List.of("prlimit", "--nofile=1024"))) {
            Trickle trickle = new Trickle(tally.port, addresses, whole, trickled);
            Thread attacker = new Thread(trickle, "slowloris");
            attacker.start();
            List<String> failures = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long end = System.nanoTime() + ATTACK.toNanos();
            int answered = 0;
            while (System.nanoTime() < end) {
                for (String path : List.of("/count?url=normal.example", "/healthz")) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port + path))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answered++;
                        } else {
                            failures.add(r.statusCode() + " for " + path);
                        }
                    } catch (IOException e) {
                        failures.add(e + " for " + path);
                    }
                    millis.add((System.nanoTime() - start) / 1_000_000);
                }
                Thread.sleep(200);
            }
            trickle.stop.set(true);
            attacker.join();
            // Every slot the attack held is given back: its address is served again once its sockets are closed.
            String after = "";
            for (int tries = 0; tries < 100 && !after.startsWith("HTTP/1.1 200 "); tries++) {
                Thread.sleep(100);
                after = healthzFrom("127.0.0.2", tally.port);
            }
            assertThat(after).as("/healthz from the attacker's address after the attack").startsWith("HTTP/1.1 200 ");
            Collections.sort(millis);
            System.out.printf("slowloris from %d addresses: %d normal requests answered, %d failed; latency median %d ms,"
                            + " 95th %d ms, max %d ms; attacker connections open at the end %d, closed by the server %d,"
                            + " connects failed or timed out %d%n", addresses, answered, failures.size(),
                    millis.get(millis.size() / 2), millis.get(millis.size() * 95 / 100), millis.get(millis.size() - 1),
                    trickle.open, trickle.closedByServer, trickle.connectFailures);
            tally.process.destroy();
            assertThat(tally.process.waitFor(30, TimeUnit.SECONDS)).as("an orderly stop").isTrue();
            assertThat(failures).as("normal requests during the attack").isEmpty();
            assertThat(answered).isGreaterThan(10);
            assertThat(tally.log.toString().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                    .as("warnings and errors logged").isEmpty();
        }
    }

    private static String healthzFrom(String address, int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return e.toString();
        }
    }

    /**
     * Keeps ATTACKERS connections open from 127.0.0.2 onwards, each sending its {@code whole} bytes at once, then
     * one byte of {@code trickled} a second: a never-ending head, or a body that never ends.
     */
    private static final class Trickle implements Runnable {
        static final byte[] HEAD = ("GET /count?url=slow.example HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Slow: a\r\n".repeat(700)).getBytes(StandardCharsets.US_ASCII);
        static final byte[] FORM_HEAD = ("POST /analytics/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        static final byte[] FORM_BODY = ("token=" + "a".repeat(9_994)).getBytes(StandardCharsets.US_ASCII);

        final AtomicBoolean stop = new AtomicBoolean();
        private final int port;
        private final int addresses;
        private final SocketChannel[] channels = new SocketChannel[ATTACKERS];
        private final int[] sent = new int[ATTACKERS];
        volatile int open;
        volatile int closedByServer;
        volatile int connectFailures;

        private final byte[] whole;
        private final byte[] trickled;

        Trickle(int port, int addresses, byte[] whole, byte[] trickled) {
            this.port = port;
            this.addresses = addresses;
            this.whole = whole;
            this.trickled = trickled;
        }

        @Override
        public void run() {
            ByteBuffer sink = ByteBuffer.allocate(1024);
            while (!stop.get()) {
                long round = System.nanoTime();
                int connected = 0;
                for (int i = 0; i < ATTACKERS; i++) {
                    try {
                        SocketChannel c = channels[i];
                        if (c == null) {
                            channels[i] = connect(i);
                            sent[i] = 0;
                        } else if (c.isConnectionPending()) {
                            if (c.finishConnect()) {
                                connected++;
                            }
                        } else {
                            sink.clear();
                            if (c.read(sink) < 0) {
                                throw new IOException("closed by the server");
                            }
                            if (sent[i] == 0 && whole.length > 0) {
                                c.write(ByteBuffer.wrap(whole)); // a fresh socket's buffer takes it whole
                            }
                            c.write(ByteBuffer.wrap(trickled, sent[i] % trickled.length, 1));
                            sent[i]++;
                            connected++;
                        }
                    } catch (IOException e) {
                        if (channels[i] != null && channels[i].isConnected()) {
                            closedByServer++;
                        } else {
                            connectFailures++;
                        }
                        close(i);
                    }
                }
                open = connected;
                sleepUntil(round + 1_000_000_000L);
            }
            for (int i = 0; i < ATTACKERS; i++) {
                close(i);
            }
        }

        private SocketChannel connect(int i) throws IOException {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.bind(new InetSocketAddress("127.0.0." + (2 + i % addresses), 0));
            c.connect(new InetSocketAddress("127.0.0.1", port));
            return c;
        }

        private void close(int i) {
            try {
                if (channels[i] != null) {
                    channels[i].close();
                }
            } catch (IOException e) {
                // already gone
            }
            channels[i] = null;
        }

        private static void sleepUntil(long deadline) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    Thread.sleep(left / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

package tally.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/** The per-address stream limit behind a trusted proxy: a client cannot escape it by writing X-Forwarded-For. */
class ForwardedStreamsTest {

    @TempDir
    Path dir;

    @Test
    void madeUpForwardedForEntriesDoNotEscapeThePerAddressLimit() {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withSse(Duration.ofMillis(50), 1_000, 32))) {
            JavalinTest.test(t.app, (server, client) -> {
                List<Sse> open = new ArrayList<>();
                try {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        // as nginx's proxy_add_x_forwarded_for writes it: the client's header, then the address it saw
                        Sse sse = Sse.open(server.port(), "/counters/hits",
                                Map.of("X-Forwarded-For", "10.9.8." + i + ", 198.51.100.23"));
                        open.add(sse);
                        statuses.add(sse.status());
                    }
                    assertThat(statuses.subList(0, 32)).containsOnly(200);
                    assertThat(statuses.subList(32, 40)).containsOnly(429);
                    // another client behind the same proxy still gets its streams
                    Sse other = Sse.open(server.port(), "/counters/hits", Map.of("X-Forwarded-For", "198.51.100.24"));
                    open.add(other);
                    assertThat(other.status()).isEqualTo(200);
                } finally {
                    open.forEach(Sse::close);
                }
            });
        }
    }
}

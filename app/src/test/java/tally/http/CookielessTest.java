package tally.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Config;
import tally.Http;
import tally.TestTally;

/** TALLY_COOKIES=false: no cookie at all, and reloads recognised by a keyed hash held in memory. */
class CookielessTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    @TempDir
    Path dir;

    private TestTally tally(String... env) {
        return TestTally.create(dir, c -> {
            Map<String, String> vars = new HashMap<>(Map.of("TALLY_DB", c.counting().database().toString(), "TALLY_PORT", "0",
                    "TALLY_COOKIES", "false", "TALLY_TRUST_PROXY", "true"));
            for (int i = 0; i < env.length; i += 2) {
                vars.put(env[i], env[i + 1]);
            }
            return Config.fromEnv(vars);
        });
    }

    private static HttpResponse<String> visit(int port, String path, String address, String userAgent) {
        return Http.get(port, path, Map.of("X-Forwarded-For", address, "User-Agent", userAgent));
    }

    @Test
    void noRepresentationSetsACookie() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                for (String path : List.of("/count", "/count/tag.svg", "/count.json", "/count/shields.json")) {
                    HttpResponse<String> r = visit(server.port(), path + "?url=example.com/n", "203.0.113.7", FIREFOX);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().allValues("Set-Cookie")).as(path).isEmpty();
                }
            });
        }
    }

    @Test
    void aReloadFromTheSameClientIsCountedOnceWithinTheWindow() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                String page = "/count.json?url=example.com/r";
                assertThat(visit(server.port(), page, "203.0.113.7", FIREFOX).body()).contains("\"count\":1").contains("\"counted\":true");
                assertThat(visit(server.port(), page, "203.0.113.7", FIREFOX).body()).contains("\"count\":1").contains("\"counted\":false");
                t.clock.advanceSeconds(299);
                assertThat(visit(server.port(), page, "203.0.113.7", FIREFOX).body()).contains("\"counted\":false");
                t.clock.advanceSeconds(2);
                assertThat(visit(server.port(), page, "203.0.113.7", FIREFOX).body()).contains("\"count\":2").contains("\"counted\":true");
            });
        }
    }

    @Test
    void anotherAddressAnotherBrowserOrAnotherCounterCounts() {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(visit(server.port(), "/count?url=example.com/o", "203.0.113.7", FIREFOX).body()).isEqualTo("1");
                assertThat(visit(server.port(), "/count?url=example.com/o", "203.0.113.8", FIREFOX).body()).isEqualTo("2");
                assertThat(visit(server.port(), "/count?url=example.com/o", "203.0.113.7", CHROME).body()).isEqualTo("3");
                assertThat(visit(server.port(), "/count?url=example.com/other", "203.0.113.7", FIREFOX).body()).isEqualTo("1");
                assertThat(visit(server.port(), "/count?url=example.com/o", "203.0.113.7", FIREFOX).body()).isEqualTo("3");
            });
        }
    }

    @Test
    void theRefreshWindowIsTheConfiguredOne() {
        try (TestTally t = tally("TALLY_REFRESH_WINDOW", "10")) {
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(visit(server.port(), "/count?url=example.com/w", "203.0.113.7", FIREFOX).body()).isEqualTo("1");
                t.clock.advanceSeconds(9);
                assertThat(visit(server.port(), "/count?url=example.com/w", "203.0.113.7", FIREFOX).body()).isEqualTo("1");
                t.clock.advanceSeconds(1);
                assertThat(visit(server.port(), "/count?url=example.com/w", "203.0.113.7", FIREFOX).body()).isEqualTo("2");
            });
        }
    }

    @Test
    void nothingAboutTheClientReachesTheDatabase() throws Exception {
        try (TestTally t = tally()) {
            JavalinTest.test(t.app, (server, client) -> {
                for (int i = 0; i < 20; i++) {
                    visit(server.port(), "/count?url=example.com/p", "203.0.113." + i, FIREFOX + " n" + i);
                }
                assertThat(t.number("SELECT count(*) FROM refresh_tokens")).isZero();
                assertThat(t.number("SELECT count FROM counters")).isEqualTo(20);
            });
            // The rows are checked on both backends above; the bytes of the files only where they are one's own.
            assumeFalse(TestTally.onPostgres(), "on PostgreSQL the database's files are the server's");
            String files = Files.readString(Path.of(t.config.counting().database().toString()), java.nio.charset.StandardCharsets.ISO_8859_1);
            Path wal = Path.of(t.config.counting().database() + "-wal");
            if (Files.exists(wal)) {
                files += Files.readString(wal, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            assertThat(files).doesNotContain("203.0.113.").doesNotContain("Firefox");
        }
    }
}

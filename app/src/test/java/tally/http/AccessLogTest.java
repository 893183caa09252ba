package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Config;
import tally.Http;
import tally.TestTally;

class AccessLogTest {

    @TempDir
    Path dir;

    @Test
    void theAccessLogIsOffByDefault() {
        assertThat(Config.defaults(dir.resolve("x.db")).operations().accessLog()).isEqualTo(Config.AccessLog.OFF);
        String log = logOf(t -> Http.get(t.app.port(), "/count?url=example.com/a", Map.of()), c -> c);
        assertThat(log).doesNotContain("access - ").doesNotContain("/count");
    }

    @Test
    void onItLogsMethodPathStatusTimeAndAddressWithoutTheQuery() {
        String log = logOf(t -> Http.get(t.app.port(), "/count/tag.svg?url=example.com/private-page", Map.of()),
                c -> c.withMetrics(c.operations().metrics(), Config.AccessLog.PATH));
        assertThat(log).containsPattern("access - GET /count/tag\\.svg 200 \\d+(\\.\\d)?ms\\R").doesNotContain("127.0.0.1");
        assertThat(log).doesNotContain("private-page").doesNotContain("?");
    }

    @Test
    void withQueryItLogsTheQueryString() {
        String log = logOf(t -> Http.get(t.app.port(), "/nocount?url=example.com/page", Map.of()),
                c -> c.withMetrics(c.operations().metrics(), Config.AccessLog.QUERY));
        assertThat(log).containsPattern("GET /nocount\\?url=example\\.com/page 200 \\d+(\\.\\d)?ms\\R");
    }

    @Test
    void aPathNoRouteServesIsLoggedWithItsStatus() {
        String log = logOf(t -> Http.get(t.app.port(), "/nope", Map.of()),
                c -> c.withMetrics(Config.MetricsAccess.OFF, Config.AccessLog.PATH));
        assertThat(log).containsPattern("GET /nope 404 ");
    }

    @Test
    void controlCharactersCannotForgeALine() {
        assertThat(AccessLog.printable("/count\nGET /forged 200")).isEqualTo("/count%0AGET%20/forged%20200");
        assertThat(AccessLog.printable("/é")).isEqualTo("/%C3%A9");
        assertThat(AccessLog.printable("/" + "a".repeat(5_000))).hasSize(2_048 + 3).endsWith("...");
    }

    /** What the server wrote to stderr (where slf4j-simple logs) while it answered {@code requests}. */
    private String logOf(Consumer<TestTally> requests, java.util.function.UnaryOperator<Config> tweak) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (TestTally t = TestTally.create(dir, tweak)) {
            t.app.start(0);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                requests.accept(t);
            } finally {
                System.setErr(err);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

class RollUpTest {

    @TempDir
    Path dir;

    @Test
    void hoursOlderThanTheRetentionAreRolledIntoTheirDayWithTheSameTotals() throws Exception {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 2))) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                long day = t.clock.millis() / 1000 / 86_400 * 86_400;
                p.view("blog.example", "/a", Pixels.CHROME, "8.8.8.8");
                t.clock.advanceSeconds(3600);
                p.view("blog.example", "/a", Pixels.CHROME, "1.1.1.1");
                p.view("blog.example", "/b", Pixels.CHROME, "1.1.1.1");
                assertThat(t.number("SELECT count(*) FROM analytics_hours")).isEqualTo(2);
                String query = "site=blog.example&start=" + day + "&end=" + (day + 86_400);
                String before = p.report(query).path("top").toString();
                t.clock.advanceSeconds(3 * 86_400);
                // the writer rolls up between batches and when idle (every 200 ms): wait for it
                for (int i = 0; i < 100 && t.number("SELECT count(*) FROM analytics_hours") > 1; i++) {
                    Thread.sleep(100);
                }
                assertThat(t.number("SELECT count(*) FROM analytics_hours")).isEqualTo(1);
                assertThat(t.number("SELECT hour FROM analytics_hours")).isEqualTo(day);
                JsonNode after = p.report(query);
                assertThat(after.path("totals").path("views").asLong()).isEqualTo(3);
                assertThat(after.path("totals").path("uniques").asLong()).isEqualTo(2);
                assertThat(after.path("top").toString()).isEqualTo(before);
                assertThat(t.number("SELECT count(*) FROM analytics_values WHERE hour <> " + day)).isZero();
            });
        }
    }
}

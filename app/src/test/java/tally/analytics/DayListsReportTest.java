package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/** The writer adds each finished day up into its day lists (store.sqlite.DayLists, PostgresDayLists), which long reports read. */
class DayListsReportTest {

    @TempDir
    Path dir;

    @Test
    void aFinishedDayIsAddedUpIntoItsListsAndALongReportStaysTheSame() throws Exception {
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                long day = t.clock.millis() / 1000 / 86_400 * 86_400;
                p.view("blog.example", "/a", Pixels.CHROME, "8.8.8.8");
                p.view("blog.example", "/b", Pixels.CHROME, "1.1.1.1");
                p.view("blog.example", "/b", Pixels.CHROME, "9.9.9.9");
                String query = "site=blog.example&start=" + (day - 86_400) + "&end=" + (day + 3 * 86_400);
                String before = p.report(query).path("top").toString();
                assertThat(before).contains("/b");
                t.clock.advanceSeconds(2 * 86_400);
                // the writer's chores add the day between batches and when idle (every 200 ms): wait for them
                for (int i = 0; i < 100 && t.number("SELECT count(*) FROM analytics_day_lists WHERE day = " + day) == 0; i++) {
                    Thread.sleep(100);
                }
                assertThat(t.number("SELECT sum(views) FROM analytics_day_lists WHERE dimension = 'page' AND day = " + day)).isEqualTo(3);
                assertThat(t.number("SELECT day FROM analytics_day_lists_until")).isGreaterThan(day);
                assertThat(p.report(query).path("top").toString()).isEqualTo(before);
            });
        }
    }
}

package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

class NothingPersonalAtRestTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseAndItsWalHoldNoneOfTheAddressesOrUserAgentsSent() throws Exception {
        List<String> addresses = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            addresses.add("203.0." + (i / 10) + "." + (100 + i));
            agents.add(AgentsTest.PEOPLE.get(i % AgentsTest.PEOPLE.size()).get(0) + " Build/Q" + (1000 + i));
        }
        addresses.addAll(AnalyticsEndToEndTest.ADDRESSES);
        Path db = dir.resolve("tally.db");
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                for (int i = 0; i < 400; i++) {
                    p.send(Map.of("site", "blog.example", "path", "/p" + (i % 7), "title", "Post " + (i % 7),
                            "referrer", "https://news.example/item?id=" + i, "resolution", "1280,720"),
                            agents.get(i % agents.size()), addresses.get(i % addresses.size()), Map.of());
                }
                assertThat(t.number("SELECT sum(views) FROM analytics_hours")).isEqualTo(400);
                assertNoneIn(db, addresses, agents);
            });
        }
        assertNoneIn(db, addresses, agents);
    }

    @Test
    void aSessionIdInThePagePathOrTheReferrerIsNotKept() throws Exception {
        Path db = dir.resolve("tally.db");
        try (TestTally t = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> {
                Pixels p = new Pixels(server.port());
                p.send(Map.of("site", "blog.example", "path", "/cart;jsessionid=PAGESESSION1",
                        "referrer", "https://shop.example/checkout;jsessionid=REFSESSION2?step=1"),
                        Pixels.CHROME, "8.8.8.8", Map.of());
                t.clock.advanceSeconds(60);
                var report = p.report("site=blog.example");
                assertThat(Pixels.list(report, "pages")).containsOnlyKeys("/cart");
                assertThat(Pixels.list(report, "referrers")).containsOnlyKeys("shop.example/checkout");
            });
        }
        String bytes = Files.readString(db, StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains("shop.example/checkout").doesNotContain("jsessionid", "PAGESESSION1", "REFSESSION2");
    }

    /** The database file and its WAL, as they are on disk. */
    private static void assertNoneIn(Path db, List<String> addresses, List<String> agents) throws Exception {
        Path wal = Path.of(db + "-wal");
        String bytes = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
        Path file = db;
        assertThat(bytes).as("the stored aggregates").contains("blog.example", "/p3", "Post 3", "Chrome");
        for (String s : addresses) {
            assertThat(bytes.contains(s)).as(file + " holds " + s).isFalse();
        }
        for (String s : agents) {
            assertThat(bytes.contains(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)))
                    .as(file + " holds " + s).isFalse();
            assertThat(bytes.contains("Build/Q")).as(file + " holds part of a User-Agent").isFalse();
        }
    }
}

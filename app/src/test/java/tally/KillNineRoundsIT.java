package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the real jar under hits and pixel views, five times on one database: nothing acknowledged is lost, and the file stays sound. */
class KillNineRoundsIT {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** Hits and views from several threads until stopped, counting the acknowledged ones. */
    private static final class Load implements AutoCloseable {
        final AtomicLong hits = new AtomicLong();
        final AtomicLong views = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService pool = Executors.newFixedThreadPool(12);

        Load(ChildTally tally, int round) {
            for (int i = 0; i < 12; i++) {
                boolean pixel = i % 3 == 0;
                String path = pixel ? "/pixel.gif?site=crash.example&path=/round" + round
                        : "/count?url=crash.example/page" + (i % 4);
                AtomicLong acknowledged = pixel ? views : hits;
                pool.execute(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = tally.get(path);
                            if (r.statusCode() == 200) {
                                acknowledged.incrementAndGet();
                            }
                        } catch (Exception e) {
                            return; // the server is gone: what was acknowledged so far is what counts
                        }
                    }
                });
            }
        }

        void awaitAcknowledged(long n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((hits.get() < n || views.get() < n / 4) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void fiveKillsUnderLoadLoseNoAcknowledgedHitOrViewAndLeaveAnIntactDatabase() throws Exception {
        Path db = dir.resolve("tally.db");
        long hits = 0;
        long views = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            try (ChildTally tally = ChildTally.start(db, Map.of())) {
                Load load = new Load(tally, round);
                load.awaitAcknowledged(400);
                new ProcessBuilder("kill", "-9", String.valueOf(tally.pid())).start().waitFor();
                assertThat(tally.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                load.close();
                hits += load.hits.get();
                views += load.views.get();
            }
            assertThat(hits).as("round %d made progress", round).isGreaterThanOrEqualTo(400L * round);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                assertThat(text(s, "PRAGMA integrity_check")).as("round %d", round).isEqualTo("ok");
                assertThat(number(s, "SELECT coalesce(sum(count), 0) FROM counters"))
                        .as("hits stored after round %d", round).isGreaterThanOrEqualTo(hits);
                assertThat(number(s, "SELECT coalesce(sum(views), 0) FROM analytics_hours_all WHERE site = 'crash.example'"))
                        .as("views stored after round %d", round).isGreaterThanOrEqualTo(views);
            }
        }
    }

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long number(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

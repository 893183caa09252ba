package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged hits survive kill -9 and SIGTERM of the real jar; SIGTERM exits 0 promptly. */
class CrashIT {

    private static final String URL = "/count?url=crash.example.com/page";

    @TempDir
    Path dir;

    /** Hits from 16 threads until stopped; counts the acknowledged ones and the highest count answered. */
    private static final class Load implements AutoCloseable {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong highest = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService pool = Executors.newFixedThreadPool(16);

        Load(ChildTally tally) {
            for (int i = 0; i < 16; i++) {
                pool.execute(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = tally.get(URL);
                            if (r.statusCode() == 200) {
                                acknowledged.incrementAndGet();
                                highest.accumulateAndGet(Long.parseLong(r.body()), Math::max);
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
            while (acknowledged.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedHitSurvivesKillNine() throws Exception {
        Path db = dir.resolve("tally.db");
        long acknowledged;
        long highest;
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            Load load = new Load(tally);
            load.awaitAcknowledged(2_000);
            new ProcessBuilder("kill", "-9", String.valueOf(tally.pid())).start().waitFor();
            assertThat(tally.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            load.close();
            acknowledged = load.acknowledged.get();
            highest = load.highest.get();
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(2_000);
        try (ChildTally again = ChildTally.start(db, Map.of())) {
            long stored = Long.parseLong(again.get("/nocount?url=crash.example.com/page").body());
            assertThat(stored).isGreaterThanOrEqualTo(acknowledged).isGreaterThanOrEqualTo(highest);
        }
    }

    @Test
    void sigtermUnderLoadExitsZeroWithinTenSecondsAndTheFileAloneHoldsEveryAcknowledgedHit() throws Exception {
        Path db = dir.resolve("tally.db");
        long acknowledged;
        try (ChildTally tally = ChildTally.start(db, Map.of("TALLY_SYNC", "normal"))) {
            Load load = new Load(tally);
            load.awaitAcknowledged(2_000);
            int exit = tally.signal("TERM");
            assertThat(exit).as("exit code within 10 s (-1: still running); log:\n" + tally.log).isZero();
            assertThat(tally.log.toString()).contains("Tally stopped; every acknowledged hit is committed");
            load.close();
            acknowledged = load.acknowledged.get();
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(2_000);
        assertThat(dir.resolve("tally.db-wal")).doesNotExist();
        assertThat(ChildTally.hitsInFile(db)).isGreaterThanOrEqualTo(acknowledged);
    }
}

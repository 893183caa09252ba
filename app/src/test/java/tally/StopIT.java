package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and Ctrl-C stop the real jar in order, right after start and after minutes of uptime alike:
 * exit 0, the stop line, no -wal left, and the database file alone holds every acknowledged hit.
 */
class StopIT {

    @TempDir
    Path dir;

    private void stopsInOrder(String signal, Duration uptime) throws Exception {
        Path db = dir.resolve("tally.db");
        long acknowledged = 0;
        int exit;
        String log;
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            for (int i = 0; i < 20; i++) {
                if (tally.get("/count?url=stop.example.com/" + signal).statusCode() == 200) {
                    acknowledged++;
                }
            }
            // Uptime counts from the process's start, as ps shows it: the JVM's start and the hits above are part of it,
            // and only the rest is waited (the start alone takes 5 to 10 s on a loaded CI machine).
            Instant started = tally.process.info().startInstant().orElseThrow();
            Duration left = uptime.minus(Duration.between(started, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            exit = tally.signal(signal);
            log = tally.log.toString();
        }
        assertThat(exit).as("exit code; log:\n" + log).isZero();
        assertThat(log).contains("Tally stopped; every acknowledged hit is committed");
        assertThat(dir.resolve("tally.db-wal")).doesNotExist();
        assertThat(dir.resolve("tally.db-shm")).doesNotExist();
        assertThat(ChildTally.hitsInFile(db)).isEqualTo(acknowledged).isEqualTo(20);
    }

    @Test
    void sigtermRightAfterStartStopsInOrder() throws Exception {
        stopsInOrder("TERM", Duration.ZERO);
    }

    @Test
    void sigtermAfterFifteenSecondsOfUptimeStopsInOrder() throws Exception {
        stopsInOrder("TERM", Duration.ofSeconds(15));
    }

    @Test
    void ctrlCRightAfterStartStopsInOrder() throws Exception {
        stopsInOrder("INT", Duration.ZERO); // the same path as SIGTERM's from the signal on: one wait of 15 s is enough
    }
}

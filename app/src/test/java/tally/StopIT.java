package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    private void stopsInOrder(String signal, long uptimeMillis) throws Exception {
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
            Thread.sleep(uptimeMillis);
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
        stopsInOrder("TERM", 0);
    }

    @Test
    void sigtermAfterFifteenSecondsOfUptimeStopsInOrder() throws Exception {
        stopsInOrder("TERM", 15_000);
    }

    @Test
    void ctrlCRightAfterStartStopsInOrder() throws Exception {
        stopsInOrder("INT", 0); // the same path as SIGTERM's from the signal on: one wait of 15 s is enough
    }
}

package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the jar runs under a file-size limit (RLIMIT_FSIZE, set with prlimit), so its
 * writes past 2 MB fail as they would on a full disk. sqlite-jdbc's native library (1.1 MB) must still
 * fit, since it is unpacked into a temporary file at start.
 */
class DiskFullIT {

    private static final String URL = "/count?url=full.example.com/page";

    @TempDir
    Path dir;

    @Test
    void aFullDiskAnswers503WithoutFloodingTheLogAndCountingResumesWhenSpaceIsFreed() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"), Map.of(), List.of("prlimit", "--fsize=2000000:"))) {
            long acknowledged = 0;
            HttpResponse<String> r = tally.get(URL);
            for (int i = 0; i < 10_000 && r.statusCode() == 200; i++) {
                acknowledged++;
                assertThat(r.body()).isEqualTo(String.valueOf(acknowledged));
                r = tally.get(URL);
            }
            assertThat(r.statusCode()).as("answer once the disk is full: " + r.body()).isEqualTo(503);
            assertThat(r.body()).startsWith("storage is unavailable, try again shortly");
            assertThat(acknowledged).as("hits counted before the disk filled").isGreaterThan(10);

            for (int i = 0; i < 300; i++) {
                assertThat(tally.get(URL).statusCode()).isEqualTo(503);
            }
            assertThat(tally.get("/healthz").statusCode()).isEqualTo(503);
            assertThat(tally.get("/nocount?url=full.example.com/page").body())
                    .as("reads go on, and no refused hit was counted").isEqualTo(String.valueOf(acknowledged));
            long errorLines = tally.log.toString().lines().filter(l -> l.contains(" ERROR ")).count();
            assertThat(errorLines).as("error lines for 301 refused hits; log:\n" + tally.log).isBetween(1L, 6L);

            Process raise = new ProcessBuilder("prlimit", "--pid", String.valueOf(tally.pid()), "--fsize=unlimited:").start();
            assertThat(raise.waitFor(10, TimeUnit.SECONDS) && raise.exitValue() == 0).as("prlimit raised the limit").isTrue();

            r = tally.get(URL);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(String.valueOf(acknowledged + 1));
            assertThat(tally.get("/healthz").statusCode()).isEqualTo(200);
            awaitLogLine(tally, "committing again, after");
        }
    }

    private static void awaitLogLine(ChildTally tally, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!tally.log.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(tally.log.toString()).contains(text);
    }
}

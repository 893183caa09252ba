package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar's /metrics: scheduled backups report into it, TALLY_METRICS=off hides it, the access log goes to the log. */
class MetricsIT {

    @TempDir
    Path dir;

    @Test
    void scheduledBackupsShowTheirLastTimeAndResult() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"),
                Map.of("TALLY_BACKUP_DIR", dir.resolve("backups").toString(), "TALLY_BACKUP_EVERY", "1s"))) {
            tally.get("/count?url=metrics.example.com");
            String text = tally.get("/metrics").body();
            while (value(text, "tally_backup_last_ok") != 1) {
                Thread.sleep(100);
                text = tally.get("/metrics").body();
            }
            double now = System.currentTimeMillis() / 1000.0;
            assertThat(value(text, "tally_backup_last_success_timestamp_seconds")).isBetween(now - 60, now + 1);
            assertThat(value(text, "tally_backup_last_attempt_timestamp_seconds"))
                    .isEqualTo(value(text, "tally_backup_last_success_timestamp_seconds"));
            assertThat(value(text, "tally_backup_failures_total")).isZero();
            assertThat(value(text, "tally_hits_counted_total")).isEqualTo(1);
        }
    }

    @Test
    void metricsOffAnswers404AndTheAccessLogLeavesTheQueryOut() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"),
                Map.of("TALLY_METRICS", "off", "TALLY_ACCESS_LOG", "true"))) {
            assertThat(tally.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(tally.get("/count/tag.svg?url=private.example.com/secret").statusCode()).isEqualTo(200);
            while (!tally.log.toString().contains("GET /count/tag.svg 200")) {
                Thread.sleep(50);
            }
            assertThat(tally.log.toString()).contains("GET /metrics 404").doesNotContain("secret");
        }
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in:\n" + text));
    }
}

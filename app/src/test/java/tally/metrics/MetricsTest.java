package tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Config;
import tally.Http;
import tally.TestTally;

class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void metricsExposeEveryFamilyAfterSomeTraffic() {
        try (TestTally t = started()) {
            get(t, "/count/tag.svg?url=example.com/a");
            get(t, "/healthz");
            String text = metrics(t).body();
            for (String family : List.of("tally_http_requests_total", "tally_http_request_duration_seconds",
                    "tally_hits_counted_total", "tally_hits_suppressed_total", "tally_writer_batch_size",
                    "tally_writer_queue_depth", "tally_writer_commit_seconds", "tally_writer_fsync_seconds",
                    "tally_live_streams", "tally_database_size_bytes", "tally_database_wal_size_bytes",
                    "tally_backup_last_attempt_timestamp_seconds", "tally_backup_last_success_timestamp_seconds",
                    "tally_backup_last_ok", "tally_backup_failures_total", "tally_jvm_memory_used_bytes",
                    "tally_jvm_gc_collection_seconds")) {
                assertThat(text).as(family).contains("# TYPE " + family + " ");
            }
            assertThat(value(text, "tally_writer_batch_size_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "tally_writer_commit_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "tally_writer_fsync_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "tally_database_size_bytes")).isPositive();
            assertThat(value(text, "tally_database_wal_size_bytes")).isPositive();
            assertThat(value(text, "tally_live_streams")).isZero();
        }
    }

    @Test
    void everyNameStartsWithTally() {
        try (TestTally t = started()) {
            get(t, "/count?url=example.com/a");
            String[] lines = metrics(t).body().split("\n");
            assertThat(Arrays.stream(lines).filter(l -> !l.isEmpty() && !l.startsWith("#"))).allMatch(l -> l.startsWith("tally_"));
            assertThat(Arrays.stream(lines).filter(l -> l.startsWith("# "))).allMatch(l -> l.substring(7).startsWith("tally_"));
        }
    }

    @Test
    void aCountedHitIncrementsHitsCounted() {
        try (TestTally t = started()) {
            double before = value(metrics(t).body(), "tally_hits_counted_total");
            get(t, "/count?url=example.com/counted");
            String after = metrics(t).body();
            assertThat(value(after, "tally_hits_counted_total")).isEqualTo(before + 1);
            assertThat(value(after, "tally_hits_suppressed_total")).isZero();
            assertThat(value(after, "tally_http_requests_total{method=\"GET\",route=\"/count\",status=\"200\"}")).isEqualTo(1);
            assertThat(value(after, "tally_http_request_duration_seconds_count{method=\"GET\",route=\"/count\"}")).isEqualTo(1);
        }
    }

    @Test
    void aSuppressedReloadIncrementsHitsSuppressed() {
        try (TestTally t = started()) {
            HttpResponse<String> first = get(t, "/count?url=example.com/reloaded");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> reload = Http.get(t.app.port(), "/count?url=example.com/reloaded", Map.of("Cookie", cookie));
            assertThat(reload.body()).isEqualTo("1");
            String text = metrics(t).body();
            assertThat(value(text, "tally_hits_counted_total")).isEqualTo(1);
            assertThat(value(text, "tally_hits_suppressed_total")).isEqualTo(1);
        }
    }

    @Test
    void pathsNoRouteServesShareOneLabel() {
        try (TestTally t = started()) {
            get(t, "/no-such-page-1234");
            get(t, "/wp-login.php?x=1");
            get(t, "/counters/visitors");
            String text = metrics(t).body();
            assertThat(text).doesNotContain("no-such-page").doesNotContain("wp-login").doesNotContain("visitors");
            assertThat(value(text, "tally_http_requests_total{method=\"GET\",route=\"unknown\",status=\"404\"}")).isEqualTo(2);
            assertThat(value(text, "tally_http_requests_total{method=\"GET\",route=\"/counters/{name}\",status=\"404\"}")).isEqualTo(1);
        }
    }

    @Test
    void aMethodARouteDoesNotServeIsCountedUnderThatRoute() {
        try (TestTally t = started()) {
            assertThat(Http.send(t.app.port(), "DELETE", "/count?url=a.example", Map.of()).statusCode()).isEqualTo(405);
            assertThat(Http.send(t.app.port(), "PATCH", "/count/tag.svg/", Map.of()).statusCode()).isEqualTo(405);
            String text = metrics(t).body();
            assertThat(value(text, "tally_http_requests_total{method=\"DELETE\",route=\"/count\",status=\"405\"}")).isEqualTo(1);
            assertThat(value(text, "tally_http_requests_total{method=\"PATCH\",route=\"/count/tag.svg\",status=\"405\"}")).isEqualTo(1);
            assertThat(text).doesNotContain("route=\"unknown\",status=\"405\"");
        }
    }

    @Test
    void requestsRefusedForWantOfTheTokenAreCountedUnderTheirRoute() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics("s3cret-admin", List.of(), 30))) {
            t.app.start(0);
            assertThat(get(t, "/admin/counters").statusCode()).isEqualTo(401);
            assertThat(Http.send(t.app.port(), "DELETE", "/admin/counters?url=a.example", Map.of()).statusCode()).isEqualTo(401);
            String text = metrics(t).body();
            assertThat(value(text, "tally_http_requests_total{method=\"GET\",route=\"/admin/counters\",status=\"401\"}")).isEqualTo(1);
            assertThat(value(text, "tally_http_requests_total{method=\"DELETE\",route=\"/admin/counters\",status=\"401\"}")).isEqualTo(1);
            assertThat(text).doesNotContain("route=\"unknown\",status=\"401\"");
        }
    }

    @Test
    void staticFilesShareOneLabel() {
        try (TestTally t = started()) {
            assertThat(get(t, "/").statusCode()).isEqualTo(200);
            assertThat(value(metrics(t).body(), "tally_http_requests_total{method=\"GET\",route=\"static\",status=\"200\"}")).isEqualTo(1);
        }
    }

    @Test
    void metricsAreTextForPrometheusAndNeverCached() {
        try (TestTally t = started()) {
            HttpResponse<String> r = metrics(t);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-store");
        }
    }

    @Test
    void scheduledBackupsReportIntoMetrics() {
        try (TestTally t = started()) {
            String none = metrics(t).body();
            assertThat(value(none, "tally_backup_last_attempt_timestamp_seconds")).isZero();
            assertThat(value(none, "tally_backup_last_ok")).isZero();
            t.metrics.backups(() -> new BackupReport(java.time.Instant.ofEpochSecond(1_800_000_000), false,
                    java.time.Instant.ofEpochSecond(1_799_978_400), 2));
            String failed = metrics(t).body();
            assertThat(value(failed, "tally_backup_last_attempt_timestamp_seconds")).isEqualTo(1.8e9);
            assertThat(value(failed, "tally_backup_last_success_timestamp_seconds")).isEqualTo(1_799_978_400);
            assertThat(value(failed, "tally_backup_last_ok")).isZero();
            assertThat(value(failed, "tally_backup_failures_total")).isEqualTo(2);
        }
    }

    @Test
    void metricsOffIsNotFound() {
        try (TestTally t = started(Config.MetricsAccess.OFF)) {
            get(t, "/count?url=example.com/a");
            HttpResponse<String> r = metrics(t);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("tally_");
        }
    }

    @Test
    void withTokenMetricsNeedTheAdminToken() {
        TestTally t = TestTally.create(dir, c -> c.withAnalytics("s3cret-admin", List.of(), 30)
                .withMetrics(Config.MetricsAccess.TOKEN, Config.AccessLog.OFF));
        try (t) {
            t.app.start(0);
            HttpResponse<String> without = metrics(t);
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).doesNotContain("tally_");
            assertThat(Http.get(t.app.port(), "/metrics", Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
            HttpResponse<String> with = Http.get(t.app.port(), "/metrics", Map.of("Authorization", "Bearer s3cret-admin"));
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(with.body()).contains("tally_hits_counted_total");
            assertThat(with.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        }
    }

    private TestTally started() {
        return started(Config.MetricsAccess.PUBLIC);
    }

    private TestTally started(Config.MetricsAccess access) {
        TestTally t = TestTally.create(dir, c -> c.withMetrics(access, Config.AccessLog.OFF));
        t.app.start(0);
        return t;
    }

    private static HttpResponse<String> get(TestTally t, String path) {
        return Http.get(t.app.port(), path, Map.of());
    }

    private static HttpResponse<String> metrics(TestTally t) {
        return get(t, "/metrics");
    }

    /** The value of one series, such as {@code tally_hits_counted_total} or {@code name{label="v"}}. */
    @Test
    void onPostgresqlThereIsNoFileFsyncOrBackupToReport() throws Exception {
        Metrics metrics = new Metrics(null, true, () -> 0, () -> 0);
        metrics.committed(3, 3, 3, 1_000_000);
        metrics.durable(500_000); // the writer's hand-off after a PostgreSQL commit, which has no fsync of Tally's

        var out = new java.io.ByteArrayOutputStream();
        metrics.scrape(out);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(value(text, "tally_writer_commit_seconds_count")).isEqualTo(1);
        assertThat(value(text, "tally_writer_fsync_seconds_count")).isZero();
        assertThat(text).doesNotContain("tally_database_size_bytes", "tally_database_wal_size_bytes", "tally_backup_");
    }

    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + text);
    }
}

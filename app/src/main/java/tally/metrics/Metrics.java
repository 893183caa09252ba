package tally.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import tally.count.WriterEvents;

/**
 * Tally's Prometheus metrics: requests, hits, the writer, live streams, the database files, backups and
 * the JVM, every name starting with tally_. Counters and histograms are the client library's lock-free
 * ones; everything else is read when /metrics is scraped.
 */
public final class Metrics implements WriterEvents {

    private static final double[] SECONDS = {.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private static final double[] BATCH = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusRegistry jvm = new PrometheusRegistry();
    private final boolean fsyncs;
    final Counter requests;
    final Histogram latency;
    private final CounterDataPoint counted;
    private final CounterDataPoint suppressed;
    private final Histogram batchSize;
    private final Histogram commit;
    private final Histogram fsync;
    private volatile Supplier<BackupReport> backups = () -> BackupReport.NONE;

    /**
     * {@code database}: the SQLite file, or null on PostgreSQL, which has no file, WAL fsync or backups of Tally's
     * to report (its own exporter reports its sizes). {@code fsyncs}: whether the writer fsyncs (TALLY_SYNC=full);
     * without, its no-op "fsyncs" are not timed.
     */
    public Metrics(Path database, boolean fsyncs, IntSupplier queueDepth, IntSupplier liveStreams) {
        this.fsyncs = fsyncs && database != null;
        requests = Counter.builder().name("tally_http_requests_total")
                .help("HTTP requests answered, by method, route template (unknown: no route; static: a file) and status")
                .labelNames("method", "route", "status").withoutExemplars().register(registry);
        latency = Histogram.builder().name("tally_http_request_duration_seconds")
                .help("Time to answer a request, by method and route template (live streams are not timed)")
                .labelNames("method", "route").classicOnly().classicUpperBounds(SECONDS).withoutExemplars().register(registry);
        counted = Counter.builder().name("tally_hits_counted_total").help("Hits that counted").withoutExemplars().register(registry);
        suppressed = Counter.builder().name("tally_hits_suppressed_total")
                .help("Hits not counted: a browser's reload within TALLY_REFRESH_WINDOW").withoutExemplars().register(registry);
        batchSize = histogram("tally_writer_batch_size", "Hits and page views committed together in one transaction", BATCH);
        commit = histogram("tally_writer_commit_seconds", "Time to apply and commit one batch of hits", SECONDS);
        fsync = histogram("tally_writer_fsync_seconds", "Time to fsync the WAL before acknowledging hits (TALLY_SYNC=full)", SECONDS);
        gauge("tally_writer_queue_depth", "Hits waiting for the writer", () -> queueDepth.getAsInt());
        gauge("tally_live_streams", "Live (server-sent events) streams open", () -> liveStreams.getAsInt());
        if (database != null) { // an SQLite file; PostgreSQL reports its own sizes
            gauge("tally_database_size_bytes", "Size of the SQLite database file", () -> size(database));
            Path wal = database.resolveSibling(database.getFileName() + "-wal");
            gauge("tally_database_wal_size_bytes", "Size of the SQLite write-ahead log (-wal file)", () -> size(wal));
            backupMetrics();
        }
        JvmMetrics.builder().register(jvm);
    }

    /** Where /metrics reads the scheduled backups' outcome from; call once at start. */
    public void backups(Supplier<BackupReport> source) {
        backups = Objects.requireNonNull(source);
    }

    /** The series of one route: the caller keeps it, so that a request costs no look-up. */
    public RouteSeries route(String method, String template) {
        return new RouteSeries(this, method, template);
    }

    @Override
    public void committed(int batch, int hits, int countedHits, long commitNanos) {
        batchSize.observe(batch);
        commit.observe(commitNanos / 1e9);
        counted.inc(countedHits);
        suppressed.inc(hits - countedHits);
    }

    @Override
    public void durable(long syncNanos) {
        if (fsyncs) {
            fsync.observe(syncNanos / 1e9);
        }
    }

    /** Writes every metric in Prometheus' text format (version 0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(out, registry.scrape());
        JvmNames.prefixed(writer, jvm.scrape(), out);
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private Histogram histogram(String name, String help, double[] bounds) {
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(bounds)
                .withoutExemplars().register(registry);
    }

    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    private void backupMetrics() {
        gauge("tally_backup_last_attempt_timestamp_seconds", "When the last scheduled backup ran (0: never)",
                () -> seconds(backups.get().lastAttempt()));
        gauge("tally_backup_last_success_timestamp_seconds", "When a scheduled backup last worked (0: never)",
                () -> seconds(backups.get().lastSuccess()));
        gauge("tally_backup_last_ok", "1 if the last scheduled backup worked, 0 if it failed or none ran yet",
                () -> backups.get().lastOk() ? 1 : 0);
        CounterWithCallback.builder().name("tally_backup_failures_total").help("Scheduled backups that failed")
                .callback(cb -> cb.call(backups.get().failures())).register(registry);
    }

    private static double seconds(Instant at) {
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }

    private static double size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // not there (yet): SQLite removes the WAL when its last connection closes
        }
    }
}

package tally.backup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.ThrottledLog;
import tally.store.sqlite.Database;

/**
 * Backups the server takes itself, every TALLY_BACKUP_EVERY into TALLY_BACKUP_DIR, named by UTC time
 * ({@code tally-20261201T060000Z.db}), keeping the newest TALLY_BACKUP_KEEP. A failure is logged (once an
 * hour while it lasts) and kept in {@link #status()}; counting never waits for a backup or stops for one.
 */
public final class ScheduledBackups implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'tally-'yyyyMMdd'T'HHmmss'Z.db'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern OURS = Pattern.compile("tally-\\d{8}T\\d{6}Z\\.db");

    private final Database db;
    private final Path dir;
    private final Duration every;
    private final int keep;
    private final Clock clock;
    private final AtomicReference<BackupStatus> status = new AtomicReference<>(BackupStatus.NONE);
    private final ThrottledLog failures = new ThrottledLog(log::error, Duration.ofHours(1));
    private ScheduledExecutorService timer;

    public ScheduledBackups(Database db, Path dir, Duration every, int keep, Clock clock) {
        this.db = db;
        this.dir = dir;
        this.every = every;
        this.keep = keep;
        this.clock = clock;
    }

    /** Starts taking backups, the first one period from now; does nothing without a folder. */
    public synchronized void start() {
        if (dir == null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tally-backups");
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(this::backUp, millis, millis, TimeUnit.MILLISECONDS);
        log.info("Backups every {} into {}, keeping the last {}", every, dir.toAbsolutePath(), keep);
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                log.warn("TALLY_BACKUP_DIR={}: the folder is not writable: backups will fail until it is (counting goes on)", dir);
            }
        } catch (IOException | RuntimeException e) {
            // said now, not at the first backup hours from now
            log.warn("TALLY_BACKUP_DIR={}: {}: backups will fail until it is fixed (counting goes on)", dir, reason(e));
        }
    }

    /** Takes one backup now and deletes the oldest beyond the number kept; never throws. */
    public void backUp() {
        Instant at = clock.instant();
        Path file = dir.resolve(NAME.format(at));
        try {
            Files.createDirectories(dir);
            db.backupTo(file);
            rotate();
            status.updateAndGet(s -> s.succeeded(at, file.toString()));
            long failed = failures.recovered();
            log.info("Backup written to {}{}", file, failed > 0 ? " after " + failed + " failed" : "");
        } catch (IOException | RuntimeException e) {
            String error = "Backup to " + file + " failed: " + reason(e);
            status.updateAndGet(s -> s.failed(at, error));
            failures.log(error + " (counting goes on; retried every " + every + ")");
        }
    }

    /** What went wrong, in words: some file-system exceptions say no more than the path. */
    static String reason(Exception e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        return e.getMessage();
    }

    private void rotate() throws IOException {
        List<Path> ours;
        try (Stream<Path> files = Files.list(dir)) {
            ours = files.filter(f -> OURS.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        for (Path old : ours.subList(0, Math.max(0, ours.size() - keep))) {
            Files.deleteIfExists(old);
        }
    }

    /** The last outcome, for the log and /metrics. */
    public BackupStatus status() {
        return status.get();
    }

    /** Stops the schedule, letting a backup under way finish (for a few seconds) before the database closes. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

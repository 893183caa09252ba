package tally;

import io.javalin.Javalin;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.backup.BackupStatus;
import tally.backup.ScheduledBackups;
import tally.badge.BadgeRenderer;
import tally.cli.Commands;
import tally.cli.Version;
import tally.count.Counters;
import tally.count.HitWriter;
import tally.count.Tokens;
import tally.http.App;
import tally.live.Live;
import tally.metrics.BackupReport;
import tally.metrics.Metrics;
import tally.store.CounterReads;
import tally.store.Database;
import tally.store.StorageException;

/** Starts Tally: reads the configuration, opens the database, starts the writer and the web server. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(Commands.run(args, System.getenv(), System.out, System.err));
        }
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
            Preflight.check(config);
        } catch (Config.Invalid e) {
            System.err.println("tally: " + e.getMessage());
            System.exit(2);
            return;
        }
        Database db;
        try {
            db = Database.open(config.database(), config.sync() == Config.Sync.FULL, config.checkpoint() == Config.Checkpoint.AUTO);
        } catch (StorageException e) {
            System.err.println("tally: TALLY_DB=" + config.database() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        HitWriter writer = new HitWriter(db, config.refreshWindow(), Clock.systemUTC());
        Counters counters = new Counters(writer, new CounterReads(db), Clock.systemUTC());
        Live live = new Live(config.liveInterval(), config.sseMax(), config.ssePerIp(), config.ssePerNetwork());
        writer.onCommit(live::changed);
        Metrics metrics = new Metrics(db.file(), config.sync() == Config.Sync.FULL, writer::queued, live::streams);
        writer.observe(metrics);
        Javalin app;
        try {
            app = App.create(config, counters, new Tokens(db.tokenSecret(), Clock.systemUTC()), new BadgeRenderer(), live, metrics)
                    .start(config.port());
        } catch (RuntimeException e) {
            System.err.println("tally: cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            live.close();
            writer.close();
            db.close();
            System.exit(1);
            return;
        }
        ScheduledBackups backups = new ScheduledBackups(db, config.backupDir(), config.backupEvery(), config.backupKeep(), Clock.systemUTC());
        backups.start();
        metrics.backups(() -> {
            BackupStatus s = backups.status();
            return new BackupReport(s.lastAttempt(), s.lastOk(), s.lastSuccess(), s.failures());
        });
        log.info("Tally {} listening on http://{}:{}/ with database {}", Version.of(), config.host(), app.port(), db.file());

        new Shutdown(() -> {
            app.stop();
            live.close();
            writer.close();
            backups.close();
            db.close();
            log.info("Tally stopped; every acknowledged hit is committed");
        }).awaitSignalThenExit();
    }
}

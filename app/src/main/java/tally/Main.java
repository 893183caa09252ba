package tally;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.admin.Admin;
import tally.backup.BackupStatus;
import tally.analytics.AdminToken;
import tally.analytics.Agents;
import tally.analytics.Analytics;
import tally.analytics.Collector;
import tally.analytics.Countries;
import tally.analytics.Reports;
import tally.analytics.Sites;
import tally.analytics.Uniques;
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
import tally.store.sqlite.AnalyticsSql;
import tally.store.sqlite.CounterReads;
import tally.store.sqlite.Database;
import tally.store.sqlite.Settings;
import tally.StorageException;

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
        AnalyticsSql analyticsStore = new AnalyticsSql(db);
        HitWriter writer = new HitWriter(db, config.refreshWindow(), Clock.systemUTC(), analyticsStore,
                Duration.ofDays(config.retentionDays()));
        Counters counters = new Counters(writer, new CounterReads(db), Clock.systemUTC());
        Live live = new Live(config.liveInterval(), config.sseMax(), config.ssePerIp(), config.ssePerNetwork());
        writer.onCommit(live::changed);
        Metrics metrics = new Metrics(db.file(), config.sync() == Config.Sync.FULL, writer::queued, live::streams);
        writer.observe(metrics);
        Analytics analytics;
        try {
            Countries countries = config.geoipDb() != null ? Countries.file(config.geoipDb()) : Countries.shipped();
            analytics = analytics(config, db, analyticsStore, writer, Clock.systemUTC(), new Agents(), countries,
                    new Uniques(Clock.systemUTC()).forgetAtMidnight());
        } catch (IllegalArgumentException e) {
            System.err.println("tally: " + e.getMessage());
            writer.close();
            db.close();
            System.exit(2);
            return;
        }
        Javalin app;
        try {
            app = App.create(config, counters, new Tokens(db.tokenSecret(), Clock.systemUTC()), new BadgeRenderer(), live, analytics,
                    new Admin(db, writer, Clock.systemUTC()), metrics)
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

    /** The pixel's collector over the writer, the reports over the store, and the admin token (made and logged once if new). */
    static Analytics analytics(Config config, Database db, AnalyticsSql store, HitWriter writer, Clock clock,
                               Agents agents, Countries countries, Uniques uniques) {
        Sites sites = new Sites(config.sites(), store.sites(), clock);
        Collector collector = new Collector(writer::submit, sites, agents, countries, uniques, clock);
        AdminToken admin = AdminToken.resolve(config.adminToken(), new Settings(db),
                token -> log.info("admin token for /analytics and /api (shown once; `java -jar tally.jar token` prints it again): {}", token));
        return new Analytics(collector, new Reports(store), admin, clock);
    }
}

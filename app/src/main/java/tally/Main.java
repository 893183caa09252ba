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
import tally.store.AnalyticsSql;
import tally.store.CounterReads;
import tally.store.Database;
import tally.store.Settings;
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
            db = Database.open(config.counting().database(), config.counting().sync() == Config.Sync.FULL, config.counting().checkpoint() == Config.Checkpoint.AUTO);
        } catch (StorageException e) {
            System.err.println("tally: TALLY_DB=" + config.counting().database() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        AnalyticsSql analyticsStore = new AnalyticsSql(db);
        HitWriter writer = new HitWriter(db, config.counting().refreshWindow(), Clock.systemUTC(), analyticsStore,
                Duration.ofDays(config.analytics().retentionDays()));
        Counters counters = new Counters(writer, new CounterReads(db), Clock.systemUTC());
        Live live = new Live(config.live().liveInterval(), config.live().sseMax(), config.live().ssePerIp(), config.live().ssePerNetwork());
        writer.onCommit(live::changed);
        Metrics metrics = new Metrics(db.file(), config.counting().sync() == Config.Sync.FULL, writer::queued, live::streams);
        writer.observe(metrics);
        Analytics analytics;
        try {
            Countries countries = config.analytics().geoipDb() != null ? Countries.file(config.analytics().geoipDb()) : Countries.shipped();
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
                    .start(config.server().port());
        } catch (RuntimeException e) {
            System.err.println("tally: cannot serve on " + config.server().host() + ":" + config.server().port() + ": " + e.getMessage());
            live.close();
            writer.close();
            db.close();
            System.exit(1);
            return;
        }
        ScheduledBackups backups = new ScheduledBackups(db, config.operations().backupDir(), config.operations().backupEvery(), config.operations().backupKeep(), Clock.systemUTC());
        backups.start();
        metrics.backups(() -> {
            BackupStatus s = backups.status();
            return new BackupReport(s.lastAttempt(), s.lastOk(), s.lastSuccess(), s.failures());
        });
        log.info("Tally {} listening on http://{}:{}/ with database {}", Version.of(), config.server().host(), app.port(), db.file());

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
        Sites sites = new Sites(config.analytics().sites(), store.sites(), clock);
        Collector collector = new Collector(writer::submit, sites, agents, countries, uniques, clock);
        AdminToken admin = AdminToken.resolve(config.analytics().adminToken(), new Settings(db),
                token -> log.info("admin token for /analytics and /api (shown once; `java -jar tally.jar token` prints it again): {}", token));
        return new Analytics(collector, new Reports(store), admin, clock);
    }
}

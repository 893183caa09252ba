package tally;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.admin.Admin;
import tally.analytics.AdminToken;
import tally.analytics.Agents;
import tally.analytics.Analytics;
import tally.analytics.Collector;
import tally.analytics.Countries;
import tally.analytics.NewValues;
import tally.analytics.Reports;
import tally.analytics.Sites;
import tally.analytics.Uniques;
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
import tally.store.Storage;
import tally.store.sqlite.Database;
import tally.store.sqlite.ServerLock;

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
        Storage storage;
        try {
            if (config.counting().postgres() == null) {
                ServerLock.hold(config.counting().database());
            }
            storage = Storage.open(config);
        } catch (StorageException e) {
            System.err.println("tally: TALLY_DB=" + config.counting().describe() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        HitWriter writer = new HitWriter(storage.ledger(), config.counting().refreshWindow(), Clock.systemUTC(),
                Duration.ofDays(config.analytics().retentionDays()));
        Counters counters = new Counters(writer, storage.reads(), Clock.systemUTC());
        Live live = new Live(config.live().liveInterval(), config.live().sseMax(), config.live().ssePerIp(), config.live().ssePerNetwork());
        writer.onCommit(live::changed);
        storage.listen(live::changed, () -> live.changed(live.watched().stream().map(counters::read).toList()));
        Metrics metrics = new Metrics(storage.sqlite().map(Database::file).orElse(null), config.counting().sync() == Config.Sync.FULL,
                writer::queued, live::streams);
        writer.observe(metrics);
        Analytics analytics;
        try {
            Countries countries = config.analytics().geoipDb() != null ? Countries.file(config.analytics().geoipDb()) : Countries.shipped();
            analytics = analytics(config, storage, writer, Clock.systemUTC(), new Agents(), countries,
                    new Uniques(Clock.systemUTC()).forgetAtMidnight());
        } catch (IllegalArgumentException e) {
            System.err.println("tally: " + e.getMessage());
            writer.close();
            storage.close();
            System.exit(2);
            return;
        }
        Javalin app;
        try {
            app = App.create(config, counters, new Tokens(storage.tokenSecret(), Clock.systemUTC()), new BadgeRenderer(), live,
                    analytics, new Admin(storage.counters(), writer, Clock.systemUTC()), metrics)
                    .start(config.server().port());
        } catch (RuntimeException e) {
            System.err.println("tally: cannot serve on " + config.server().host() + ":" + config.server().port() + ": " + e.getMessage());
            live.close();
            writer.close();
            storage.close();
            System.exit(1);
            return;
        }
        ScheduledBackups backups = storage.sqlite()
                .map(db -> new ScheduledBackups(db, config.operations().backupDir(), config.operations().backupEvery(), config.operations().backupKeep(), Clock.systemUTC()))
                .orElse(null);
        if (backups != null) {
            backups.start();
            metrics.backups(() -> {
                BackupStatus s = backups.status();
                return new BackupReport(s.lastAttempt(), s.lastOk(), s.lastSuccess(), s.failures());
            });
        }
        Shutdown shutdown = new Shutdown(() -> {
            app.stop();
            live.close();
            writer.close();
            if (backups != null) {
                backups.close();
            }
            storage.close();
            log.info("Tally stopped; every acknowledged hit is committed");
        });
        // Said once SIGTERM and Ctrl-C stop it in order: a supervisor may signal as soon as it reads this.
        log.info("Tally {} listening on http://{}:{}/ with database {}", Version.of(), config.server().host(), app.port(), storage.describe());
        shutdown.awaitSignalThenExit();
    }

    /** The pixel's collector over the writer, the reports over the store, and the admin token (made and logged once if new). */
    static Analytics analytics(Config config, Storage storage, HitWriter writer, Clock clock,
                               Agents agents, Countries countries, Uniques uniques) {
        Sites sites = new Sites(config.analytics().sites(), storage.analytics().sites(),
                storage.analytics().sitesFirstSeenSince(Sites.startOfToday(clock)), clock);
        Collector collector = new Collector(writer::submit, sites, agents, countries, uniques,
                NewValues.perHour(config.analytics().newValuesPerHour()), clock);
        String configured = config.analytics().adminToken();
        if (configured != null && configured.length() < 16) {
            log.warn("TALLY_ADMIN_TOKEN has {} characters: it opens /admin, deletes included; use 24 or more random ones"
                    + " (unset, Tally makes such a token)", configured.length());
        }
        AdminToken admin = AdminToken.resolve(configured, storage.settings(),
                token -> log.info("admin token for /analytics and /api (shown once; `java -jar tally.jar token` prints it again): {}", token));
        return new Analytics(collector, new Reports(storage.analytics()), admin, clock);
    }
}

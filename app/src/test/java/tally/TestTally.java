package tally;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import tally.admin.Admin;
import tally.analytics.Agents;
import tally.analytics.Analytics;
import tally.analytics.Countries;
import tally.analytics.Uniques;
import tally.badge.BadgeRenderer;
import tally.count.Counters;
import tally.count.HitWriter;
import tally.count.Tokens;
import tally.http.App;
import tally.live.Live;
import tally.metrics.Metrics;
import tally.store.Storage;
import tally.store.postgres.PostgresStorage;
import tally.store.postgres.TestPostgres;
import tally.store.sqlite.Database;
import tally.store.sqlite.SqliteStorage;

/**
 * A whole Tally wired as Main wires it, with a clock the test moves: on an SQLite file in a temp folder, or, when
 * the system property tally.backend is postgres (the pom's second run of the end-to-end tests), on a fresh
 * PostgreSQL database from TALLY_TEST_POSTGRES.
 */
public final class TestTally implements AutoCloseable {

    public final Config config;
    /** The SQLite database; null on PostgreSQL. */
    public final Database db;
    public final Storage storage;
    private final TestPostgres postgres;
    public final HitWriter writer;
    public final Counters counters;
    public final Tokens tokens;
    public final Live live;
    public final Metrics metrics;
    public final Javalin app;
    public final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));

    public final Analytics analytics;

    /** Time a connection still open at stop has to go quiet before it is closed (Jetty's default is 1 s). */
    private static final long SHUTDOWN_IDLE_MILLIS = 50;

    /** The rules and the country database are read-only and slow to load: one of each for all tests. */
    private static final class Shared {
        static final Agents AGENTS = new Agents();
        static final Countries COUNTRIES = Countries.shipped();
    }

    private TestTally(Config config) {
        this.config = config;
        if (onPostgres()) {
            this.postgres = TestPostgres.create();
            this.db = null;
            this.storage = PostgresStorage.open(postgres.url);
        } else {
            this.postgres = null;
            this.db = Database.open(config.counting().database(), config.counting().sync() == Config.Sync.FULL);
            this.storage = SqliteStorage.of(db);
        }
        this.writer = new HitWriter(storage.ledger(), config.counting().refreshWindow(), clock, Duration.ofDays(config.analytics().retentionDays()));
        this.counters = new Counters(writer, storage.reads(), clock);
        this.live = new Live(config.live().liveInterval(), config.live().sseMax(), config.live().ssePerIp(), config.live().ssePerNetwork());
        writer.onCommit(live::changed);
        storage.listen(live::changed, () -> live.changed(live.watched().stream().map(counters::read).toList()));
        this.metrics = new Metrics(db == null ? null : db.file(), config.counting().sync() == Config.Sync.FULL, writer::queued, live::streams);
        writer.observe(metrics);
        this.tokens = new Tokens(storage.tokenSecret(), clock);
        this.analytics = Main.analytics(config, storage, writer, clock, Shared.AGENTS, Shared.COUNTRIES, new Uniques(clock));
        this.app = App.create(config, counters, tokens, new BadgeRenderer(), live, analytics, new Admin(storage.counters(), writer, clock), metrics);
        // At stop Jetty gives each open connection its shutdown idle timeout (1 s) to go quiet and closes it then.
        // The tests' java.net.http clients keep their connections open and cannot close them (no close() before
        // Java 21), so every test's stop waited out that second, for connections no test uses once its body
        // has ended: some 250 s of a CI run. Open streams are ended by the server's own serverStopping, as before.
        app.unsafe.events.serverStarted(() -> {
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof AbstractConnector jetty) {
                    jetty.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
                }
            }
        });
    }

    public static TestTally create(Path dir) {
        return create(dir, c -> c);
    }

    public static TestTally create(Path dir, UnaryOperator<Config> tweak) {
        return new TestTally(tweak.apply(Config.defaults(dir.resolve("tally.db"))));
    }

    /** True when this run of the tests is on PostgreSQL. */
    /** Has the writer fold the page views its ledger held back, as it does when traffic pauses; nothing once it stopped. */
    public void settle() {
        try {
            writer.submitEdit(() -> {
                storage.ledger().settle();
                return List.of();
            }).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof StorageException s && s.getMessage().contains("shutting down"))) {
                throw e;
            }
        }
    }

    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("tally.backend"));
    }

    /**
     * Runs a query that answers one number, on a connection of its own, once the writer has folded the page
     * views its ledger holds back (as it does whenever traffic pauses), so the aggregate tables hold them all.
     */
    public long number(String sql) {
        settle();
        if (postgres != null) {
            return postgres.number(sql);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.counting().database());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counters, daily rows and token rows together: what must not change when a request is rejected. */
    public String footprint() {
        return number("SELECT count(*) FROM counters") + "/" + number("SELECT coalesce(sum(count), 0) FROM counters")
                + "/" + number("SELECT count(*) FROM daily_hits") + "/" + number("SELECT count(*) FROM refresh_tokens");
    }

    @Override
    public void close() {
        app.stop();
        live.close();
        writer.close();
        storage.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A clock that stands still until the test moves it. */
    public static final class MovableClock extends Clock {
        private final AtomicLong millis;

        MovableClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        public static MovableClock at(String instant) {
            return new MovableClock(Instant.parse(instant));
        }

        public void advanceSeconds(long seconds) {
            millis.addAndGet(seconds * 1000);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

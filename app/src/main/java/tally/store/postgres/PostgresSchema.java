package tally.store.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import tally.StorageException;

/**
 * PostgreSQL's versioned migrations, the same tables as store.Schema in PostgreSQL's dialect, recorded one row
 * per version in {@code tally_schema_history} and applied by one instance at a time under an advisory lock.
 */
final class PostgresSchema {

    /** A migration: what it does, and its statements. Append only; never edit a released one. */
    record Migration(String description, String sql) {
    }

    /** Taken by every instance that migrates; held until its migration transaction ends. */
    static final long LOCK = 0x7461_6C6C_7930_0001L;

    static final List<Migration> MIGRATIONS = List.of(new Migration("counters, refresh tokens, daily hits, settings", """
            CREATE TABLE counters (
                id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind       TEXT   NOT NULL,
                key        TEXT   NOT NULL,
                count      BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (kind, key)
            );
            CREATE TABLE refresh_tokens (
                token      BYTEA  NOT NULL,
                counter_id BIGINT NOT NULL REFERENCES counters (id),
                counted_at BIGINT NOT NULL,
                PRIMARY KEY (token, counter_id)
            );
            CREATE INDEX refresh_tokens_counted_at ON refresh_tokens (counted_at);
            CREATE TABLE daily_hits (
                counter_id BIGINT NOT NULL REFERENCES counters (id),
                day        DATE   NOT NULL,
                hits       BIGINT NOT NULL,
                PRIMARY KEY (counter_id, day)
            );
            CREATE TABLE settings (
                name  TEXT  PRIMARY KEY,
                value BYTEA NOT NULL
            );
            """), new Migration("analytics aggregates, counters' last hit", """
            CREATE TABLE analytics_hours (
                site    TEXT   NOT NULL,
                hour    BIGINT NOT NULL,
                views   BIGINT NOT NULL,
                uniques BIGINT NOT NULL,
                bots    BIGINT NOT NULL,
                PRIMARY KEY (site, hour)
            );
            CREATE INDEX analytics_hours_hour ON analytics_hours (hour);
            CREATE TABLE analytics_values (
                site      TEXT   NOT NULL,
                hour      BIGINT NOT NULL,
                page      TEXT   NOT NULL,
                dimension TEXT   NOT NULL,
                value     TEXT   NOT NULL,
                views     BIGINT NOT NULL,
                PRIMARY KEY (site, hour, page, dimension, value)
            );
            CREATE TABLE analytics_titles (
                site  TEXT NOT NULL,
                page  TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (site, page)
            );
            ALTER TABLE counters ADD COLUMN last_hit BIGINT;
            """), new Migration("analytics pairs for the referrer, country and browser filters; values keyed by dimension first", """
            ALTER TABLE analytics_values DROP CONSTRAINT analytics_values_pkey,
                ADD PRIMARY KEY (site, dimension, hour, page, value);
            CREATE TABLE analytics_pairs (
                site         TEXT   NOT NULL,
                hour         BIGINT NOT NULL,
                by_dimension TEXT   NOT NULL,
                by_value     TEXT   NOT NULL,
                dimension    TEXT   NOT NULL,
                value        TEXT   NOT NULL,
                views        BIGINT NOT NULL,
                PRIMARY KEY (site, by_dimension, dimension, hour, by_value, value)
            );
            """), new Migration("analytics day lists: each finished day's views per (site, dimension, value) over all its pages", """
            CREATE TABLE analytics_day_lists (
                site      TEXT   NOT NULL,
                dimension TEXT   NOT NULL,
                day       BIGINT NOT NULL,
                value     TEXT   NOT NULL,
                views     BIGINT NOT NULL,
                -- with the views, a list's days are read from the index alone (once vacuumed), not a page per row
                PRIMARY KEY (site, dimension, day, value) INCLUDE (views)
            );
            CREATE TABLE analytics_day_lists_until (
                day BIGINT
            );
            -- one row from the start, NULL until the first day is in: the batches and the adder order themselves by locking it
            INSERT INTO analytics_day_lists_until (day) VALUES (NULL);
            """));

    private static final String HISTORY = """
            CREATE TABLE IF NOT EXISTS tally_schema_history (
                version     INTEGER     PRIMARY KEY,
                description TEXT        NOT NULL,
                applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """;
    private static final String RECORD = "INSERT INTO tally_schema_history (version, description) VALUES (?, ?)";
    private static final String SECRET = """
            INSERT INTO settings (name, value) VALUES ('token_secret', ?) ON CONFLICT (name) DO NOTHING
            """;

    private PostgresSchema() {
    }

    /**
     * Applies the pending migrations inside the caller's transaction, after taking the advisory lock: a second
     * instance starting at the same time waits, then finds nothing left to do. A database whose history is newer
     * than this code stops the start.
     */
    static void migrate(Connection c, List<Migration> migrations) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            s.execute(HISTORY);
            int current = version(c);
            if (current > migrations.size()) {
                throw new StorageException("the database's schema is version " + current
                        + " but this Tally knows versions up to " + migrations.size()
                        + ": run a newer Tally, or restore a backup made by this version", null);
            }
            for (int v = current; v < migrations.size(); v++) {
                s.execute(migrations.get(v).sql());
                try (PreparedStatement record = c.prepareStatement(RECORD)) {
                    record.setInt(1, v + 1);
                    record.setString(2, migrations.get(v).description());
                    record.executeUpdate();
                }
            }
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        try (PreparedStatement s = c.prepareStatement(SECRET)) {
            s.setBytes(1, secret);
            s.executeUpdate();
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(max(version), 0) FROM tally_schema_history")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

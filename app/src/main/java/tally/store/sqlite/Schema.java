package tally.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import tally.StorageException;

/** Versioned schema migrations, tracked in {@code PRAGMA user_version} and applied at start. */
final class Schema {

    /**
     * Migration N (1-based) takes the schema from version N-1 to N. Append only; never edit a released one.
     * 2: tokens are stored as time-ordered 16-byte keys (see tally.count.Tokens) under a secret kept here.
     * The rows of version 1 cannot be converted (they hold cookie values, and no secret existed), so they
     * are dropped: a browser that reloads within the refresh window across the upgrade counts once more.
     * 3: analytics aggregates (tally.analytics): per site-hour totals, per (site, hour, page, dimension,
     * value) views, and each page's latest title. Days past TALLY_RETENTION_DAYS keep one row at 00:00.
     * 4: counters.last_hit, the epoch milliseconds of the last counted hit (null until one), for the admin list.
     * 5: analytics_pending, page views committed but not yet folded into the aggregates (see ViewJournal), and
     * the views analytics_hours_all and analytics_values_all that the reports read: aggregates plus those rows.
     * 6: analytics_pairs, the views per (site, hour, filter dimension, its value, another dimension, its value)
     * for the referrer, country and browser filters, with their uniques; analytics_pairs_all adds the journal.
     * The journal notes each view's first-from-this-referrer flag. Hours before this version have no pairs.
     * analytics_values is rebuilt keyed by (site, dimension, hour, ...), as the pairs are by their dimensions
     * first: a report's list reads its own dimension's rows of the range, not every row of the range.
     * 7: analytics_day_lists, each finished day's views per (site, dimension, value) over all its pages (the
     * page list's value is the page), which unfiltered reports over long ranges read instead of every page's hours;
     * analytics_day_lists_until, the one day before which every day is in it. Derived data: never copied by a move.
     */
    static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE counters (
                id         INTEGER PRIMARY KEY,
                kind       TEXT    NOT NULL,
                key        TEXT    NOT NULL,
                count      BIGINT  NOT NULL,
                created_at BIGINT  NOT NULL,
                UNIQUE (kind, key)
            );
            CREATE TABLE refresh_tokens (
                token      TEXT    NOT NULL,
                counter_id INTEGER NOT NULL REFERENCES counters (id),
                counted_at BIGINT  NOT NULL,
                PRIMARY KEY (token, counter_id)
            );
            CREATE INDEX refresh_tokens_counted_at ON refresh_tokens (counted_at);
            CREATE TABLE daily_hits (
                counter_id INTEGER NOT NULL REFERENCES counters (id),
                day        TEXT    NOT NULL,
                hits       BIGINT  NOT NULL,
                PRIMARY KEY (counter_id, day)
            );
            """, """
            CREATE TABLE settings (
                name  TEXT PRIMARY KEY,
                value BLOB NOT NULL
            );
            INSERT INTO settings (name, value) VALUES ('token_secret', randomblob(16));
            DROP TABLE refresh_tokens;
            CREATE TABLE refresh_tokens (
                token      BLOB    NOT NULL,
                counter_id INTEGER NOT NULL REFERENCES counters (id),
                counted_at BIGINT  NOT NULL,
                PRIMARY KEY (token, counter_id)
            ) WITHOUT ROWID;
            CREATE INDEX refresh_tokens_counted_at ON refresh_tokens (counted_at);
            """, """
            CREATE TABLE analytics_hours (
                site    TEXT   NOT NULL,
                hour    BIGINT NOT NULL,
                views   BIGINT NOT NULL,
                uniques BIGINT NOT NULL,
                bots    BIGINT NOT NULL,
                PRIMARY KEY (site, hour)
            ) WITHOUT ROWID;
            CREATE INDEX analytics_hours_hour ON analytics_hours (hour);
            CREATE TABLE analytics_values (
                site      TEXT   NOT NULL,
                hour      BIGINT NOT NULL,
                page      TEXT   NOT NULL,
                dimension TEXT   NOT NULL,
                value     TEXT   NOT NULL,
                views     BIGINT NOT NULL,
                PRIMARY KEY (site, hour, page, dimension, value)
            ) WITHOUT ROWID;
            CREATE TABLE analytics_titles (
                site  TEXT NOT NULL,
                page  TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (site, page)
            ) WITHOUT ROWID;
            """, """
            ALTER TABLE counters ADD COLUMN last_hit BIGINT;
            """, """
            CREATE TABLE analytics_pending (
                id          INTEGER PRIMARY KEY,
                site        TEXT    NOT NULL,
                hour        BIGINT  NOT NULL,
                page        TEXT,
                title       TEXT,
                bot         INTEGER NOT NULL,
                opted_out   INTEGER NOT NULL,
                new_visitor INTEGER NOT NULL,
                new_on_page INTEGER NOT NULL,
                referrer    TEXT,
                browser     TEXT,
                version     TEXT,
                os          TEXT,
                device      TEXT,
                country     TEXT,
                resolution  TEXT
            );
            CREATE VIEW analytics_hours_all (site, hour, views, uniques, bots) AS
                SELECT site, hour, views, uniques, bots FROM analytics_hours
                UNION ALL
                SELECT site, hour, 1 - bot, new_visitor, bot FROM analytics_pending;
            CREATE VIEW analytics_values_all (site, hour, page, dimension, value, views) AS
                SELECT site, hour, page, dimension, value, views FROM analytics_values
                UNION ALL SELECT site, hour, page, 'page', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0
                UNION ALL SELECT site, hour, page, 'unique', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND new_on_page = 1
                UNION ALL SELECT site, hour, page, 'referrer', referrer, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL
                UNION ALL SELECT site, hour, page, 'browser', browser, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL
                UNION ALL SELECT site, hour, page, 'version', version, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND version IS NOT NULL
                UNION ALL SELECT site, hour, page, 'os', os, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND os IS NOT NULL
                UNION ALL SELECT site, hour, page, 'device', device, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND device IS NOT NULL
                UNION ALL SELECT site, hour, page, 'country', country, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL
                UNION ALL SELECT site, hour, page, 'resolution', resolution, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND resolution IS NOT NULL;
            """, """
            ALTER TABLE analytics_pending ADD COLUMN new_from_referrer INTEGER NOT NULL DEFAULT 0;
            DROP VIEW analytics_values_all;
            CREATE TABLE analytics_values_by_dimension (
                site      TEXT   NOT NULL,
                hour      BIGINT NOT NULL,
                page      TEXT   NOT NULL,
                dimension TEXT   NOT NULL,
                value     TEXT   NOT NULL,
                views     BIGINT NOT NULL,
                PRIMARY KEY (site, dimension, hour, page, value)
            ) WITHOUT ROWID;
            INSERT INTO analytics_values_by_dimension (site, hour, page, dimension, value, views)
                SELECT site, hour, page, dimension, value, views FROM analytics_values;
            DROP TABLE analytics_values;
            ALTER TABLE analytics_values_by_dimension RENAME TO analytics_values;
            CREATE VIEW analytics_values_all (site, hour, page, dimension, value, views) AS
                SELECT site, hour, page, dimension, value, views FROM analytics_values
                UNION ALL SELECT site, hour, page, 'page', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0
                UNION ALL SELECT site, hour, page, 'unique', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND new_on_page = 1
                UNION ALL SELECT site, hour, page, 'referrer', referrer, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL
                UNION ALL SELECT site, hour, page, 'browser', browser, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL
                UNION ALL SELECT site, hour, page, 'version', version, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND version IS NOT NULL
                UNION ALL SELECT site, hour, page, 'os', os, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND os IS NOT NULL
                UNION ALL SELECT site, hour, page, 'device', device, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND device IS NOT NULL
                UNION ALL SELECT site, hour, page, 'country', country, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL
                UNION ALL SELECT site, hour, page, 'resolution', resolution, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND resolution IS NOT NULL;
            CREATE TABLE analytics_pairs (
                site         TEXT   NOT NULL,
                hour         BIGINT NOT NULL,
                by_dimension TEXT   NOT NULL,
                by_value     TEXT   NOT NULL,
                dimension    TEXT   NOT NULL,
                value        TEXT   NOT NULL,
                views        BIGINT NOT NULL,
                PRIMARY KEY (site, by_dimension, dimension, hour, by_value, value)
            ) WITHOUT ROWID;
            CREATE VIEW analytics_pairs_all (site, hour, by_dimension, by_value, dimension, value, views) AS
                SELECT site, hour, by_dimension, by_value, dimension, value, views FROM analytics_pairs
                UNION ALL SELECT site, hour, 'referrer', referrer, 'browser', browser, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND browser IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'version', version, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND version IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'os', os, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND os IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'device', device, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND device IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'country', country, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND country IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'resolution', resolution, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND resolution IS NOT NULL
                UNION ALL SELECT site, hour, 'referrer', referrer, 'unique', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND referrer IS NOT NULL AND new_from_referrer = 1
                UNION ALL SELECT site, hour, 'country', country, 'referrer', referrer, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND referrer IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'browser', browser, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND browser IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'version', version, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND version IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'os', os, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND os IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'device', device, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND device IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'resolution', resolution, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND resolution IS NOT NULL
                UNION ALL SELECT site, hour, 'country', country, 'unique', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND country IS NOT NULL AND new_visitor = 1
                UNION ALL SELECT site, hour, 'browser', browser, 'referrer', referrer, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND referrer IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'version', version, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND version IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'os', os, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND os IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'device', device, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND device IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'country', country, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND country IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'resolution', resolution, 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND resolution IS NOT NULL
                UNION ALL SELECT site, hour, 'browser', browser, 'unique', '', 1 FROM analytics_pending WHERE bot = 0 AND opted_out = 0 AND browser IS NOT NULL AND new_visitor = 1;
            """, """
            CREATE TABLE analytics_day_lists (
                site      TEXT   NOT NULL,
                dimension TEXT   NOT NULL,
                day       BIGINT NOT NULL,
                value     TEXT   NOT NULL,
                views     BIGINT NOT NULL,
                PRIMARY KEY (site, dimension, day, value)
            ) WITHOUT ROWID;
            CREATE TABLE analytics_day_lists_until (
                day BIGINT NOT NULL
            );
            """);

    private Schema() {
    }

    static void migrate(Connection c) throws SQLException {
        int current = userVersion(c);
        if (current > MIGRATIONS.size()) {
            throw new StorageException("the database's schema is version " + current
                    + " but this Tally knows versions up to " + MIGRATIONS.size()
                    + ": run a newer Tally, or restore a backup made by this version", null);
        }
        for (int v = current; v < MIGRATIONS.size(); v++) {
            try (Statement s = c.createStatement()) {
                for (String statement : MIGRATIONS.get(v).split(";")) {
                    if (!statement.isBlank()) {
                        s.executeUpdate(statement);
                    }
                }
                s.executeUpdate("PRAGMA user_version = " + (v + 1));
            }
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}

package tally.store.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import tally.analytics.AnalyticsStore;
import tally.analytics.View;
import tally.count.Ledger;
import tally.store.sqlite.AnalyticsSql;
import tally.store.sqlite.Database;
import tally.store.sqlite.SqliteLedger;

/**
 * One backend's analytics store on a database of its own, for tests that run the same cases on each: SQLite in a
 * temp dir, or PostgreSQL on TALLY_TEST_POSTGRES (skipped without it), made with ICU's en-US collation so that an
 * ORDER BY that leans on the server's collation shows up.
 */
final class AnalyticsBackend implements AutoCloseable {

    static final String SQLITE = "sqlite";
    static final String POSTGRES = "postgres";
    static final String EN_US = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";

    final AnalyticsStore store;
    /** The writes go as the hit writer's do: batches through the backend's ledger. */
    private final Ledger ledger;
    private final Database sqlite;
    private final TestPostgres pg;
    private final PostgresDatabase postgres;

    private AnalyticsBackend(AnalyticsStore store, Ledger ledger, Database sqlite, TestPostgres pg, PostgresDatabase postgres) {
        this.store = store;
        this.ledger = ledger;
        this.sqlite = sqlite;
        this.pg = pg;
        this.postgres = postgres;
    }

    static AnalyticsBackend open(String name, Path dir) {
        if (name.equals(SQLITE)) {
            Database db = Database.open(dir.resolve("tally.db"), false);
            return new AnalyticsBackend(new AnalyticsSql(db), new SqliteLedger(db), db, null, null);
        }
        TestPostgres pg = TestPostgres.create(EN_US);
        try {
            PostgresDatabase db = PostgresDatabase.open(pg.url, 4);
            PostgresAnalytics analytics = new PostgresAnalytics(db);
            return new AnalyticsBackend(analytics, new PostgresLedger(db, new PostgresNotifier(db), analytics), null, pg, db);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Applies these views as one batch of the writer. */
    void views(View... views) {
        ledger.commit(List.of(), List.of(views), 0, 0, "1970-01-01");
    }

    /** Rolls up every day before {@code before}, a step at a time as the writer does, and answers the steps taken. */
    int rollUpAll(long before) {
        int steps = 0;
        while (ledger.rollUpOneDay(before)) {
            steps++;
        }
        return steps;
    }

    /** A query's one number. */
    long number(String sql) throws SQLException {
        try (Connection c = sqlite != null ? sqlite.reader() : postgres.connection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (sqlite != null) {
            sqlite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (pg != null) {
            pg.close();
        }
    }
}

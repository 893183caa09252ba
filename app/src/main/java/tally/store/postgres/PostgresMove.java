package tally.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import tally.store.Move;
import tally.StorageException;
import tally.store.TableCopy;

/** The PostgreSQL ends of a move: a database read in one snapshot, and an empty one written in one transaction. */
public final class PostgresMove {

    /** Says two URLs name the same database of the same running server, however they spell its host. */
    private static final String IDENTITY = """
            SELECT 'postgres:' || current_database() || '/' || d.oid || '@' || pg_postmaster_start_time()
            FROM pg_database d WHERE d.datname = current_database()
            """;
    private static final String HAS_HISTORY = "SELECT to_regclass('tally_schema_history') IS NOT NULL";
    /** The next counter made after the move gets an id past every copied one. */
    private static final String RESTART_IDS = """
            SELECT setval(pg_get_serial_sequence('counters', 'id'), coalesce(max(id), 0) + 1, false) FROM counters
            """;

    private PostgresMove() {
    }

    /**
     * Opens a read-only REPEATABLE READ transaction: every table is read from the snapshot its first statement
     * took, while servers may keep writing. Refuses a schema other than this build's.
     */
    public static Move.Source source(PostgresUrl url) {
        Connection c = connect(url);
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            int version = yes(c, HAS_HISTORY) ? PostgresSchema.version(c) : 0;
            requireCurrent(url, version);
            String identity = identity(c);
            return new Move.Source() {
                @Override
                public Connection snapshot() {
                    return c;
                }

                @Override
                public boolean postgres() {
                    return true;
                }

                @Override
                public String identity() {
                    return identity;
                }

                @Override
                public String name() {
                    return url.redacted();
                }

                @Override
                public void close() {
                    try {
                        c.rollback();
                        c.close();
                    } catch (SQLException e) {
                        // only read: nothing to lose
                    }
                }
            };
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot read " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private static void requireCurrent(PostgresUrl url, int version) {
        int known = PostgresSchema.MIGRATIONS.size();
        if (version == 0) {
            throw new StorageException(url.redacted() + " is not a Tally database (it has no tally_schema_history)", null);
        }
        if (version > known) {
            throw new StorageException(url.redacted() + " has schema version " + version + " but this Tally knows versions up to "
                    + known + ": run migrate-to with the newer Tally that made it", null);
        }
        if (version < known) {
            throw new StorageException(url.redacted() + " has schema version " + version + ", older than this Tally's " + known
                    + ": start this Tally on it once (it upgrades the schema at start), stop it, then run migrate-to", null);
        }
    }

    /** An empty database: migrated, checked and filled in one transaction, so a refusal or a failure leaves it as it was. */
    public static Move.Target target(PostgresUrl url) {
        return new Move.Target() {
            @Override
            public boolean postgres() {
                return true;
            }

            @Override
            public String identity() {
                try (Connection c = connect(url)) {
                    return PostgresMove.identity(c);
                } catch (SQLException e) {
                    throw new StorageException("cannot read " + url.redacted() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String name() {
                return url.redacted();
            }

            @Override
            public <T> T write(Move.Work<T> work) {
                return PostgresMove.write(url, work);
            }
        };
    }

    private static <T> T write(PostgresUrl url, Move.Work<T> work) {
        try (Connection c = connect(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = on");
            }
            try {
                PostgresSchema.migrate(c, PostgresSchema.MIGRATIONS);
                requireEmpty(url, c);
                T result = work.run(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(RESTART_IDS)) {
                    rs.next();
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private static void requireEmpty(PostgresUrl url, Connection c) throws SQLException {
        List<String> holding = new ArrayList<>();
        for (String table : TableCopy.DATA) {
            if (yes(c, "SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                holding.add(table);
            }
        }
        if (!holding.isEmpty()) {
            throw new StorageException("not empty (it holds rows in " + String.join(", ", holding) + "): migrate-to"
                    + " writes only into an empty database, so no count is added twice; name a new database,"
                    + " or empty this one yourself", null);
        }
    }

    private static Connection connect(PostgresUrl url) {
        Properties properties = url.properties();
        // pgjdbc sends a batch of inserts as multi-row inserts: several times fewer round trips.
        properties.setProperty("reWriteBatchedInserts", "true");
        try {
            return DriverManager.getConnection(url.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private static String identity(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(IDENTITY)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean yes(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}

package tally.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import tally.StorageException;

/**
 * A PostgreSQL database shared by any number of Tally instances: a HikariCP pool whose connections commit with
 * {@code synchronous_commit} on (a commit returns once its WAL is flushed), the schema migrated at open under an
 * advisory lock, and plain connections for LISTEN.
 */
public final class PostgresDatabase implements AutoCloseable {

    /** Deadlock and serialization failures: the transaction was rolled back whole and may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");
    private static final int TRIES = 3;

    private final PostgresUrl url;
    private final HikariDataSource pool;

    private PostgresDatabase(PostgresUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens a pool of {@code size} connections and applies pending migrations; throws a StorageException. */
    public static PostgresDatabase open(PostgresUrl url, int size) {
        return open(url, size, PostgresSchema.MIGRATIONS);
    }

    static PostgresDatabase open(PostgresUrl url, int size, List<PostgresSchema.Migration> migrations) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tally-postgres");
        hikari.setJdbcUrl(url.jdbcUrl());
        hikari.setDataSourceProperties(url.properties());
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(5_000);
        // Whatever the server's or the role's default, an acknowledged hit must be flushed to the WAL.
        hikari.setConnectionInitSql("SET synchronous_commit = on");
        // Start fails fast, with the server's own reason (no such database, wrong password), if no connection opens.
        hikari.setInitializationFailTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database " + url.redacted() + ": " + why(e), e);
        }
        PostgresDatabase db = new PostgresDatabase(url, pool);
        try {
            db.inTransaction(c -> {
                PostgresSchema.migrate(c, migrations);
                return null;
            });
            return db;
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open the database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The driver's reason, or the network's where the driver's says only "The connection attempt failed." (a host
     * name that does not resolve, a refused port).
     */
    static String why(Throwable e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return "no such host " + t.getMessage() + " (the host name does not resolve)";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
                return cause.getMessage() + " (" + t.getMessage() + ")";
            }
        }
        return cause.getMessage();
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one transaction and commits it; the commit has returned, so the work is durable, when
     * this returns. Rolls back and throws on failure; a deadlock or serialization failure (possible between
     * instances) is run again, up to three times in all, since nothing of it was committed.
     */
    public <T> T inTransaction(Transaction<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                // HikariCP sets autocommit back when the connection returns to the pool.
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    if (attempt < TRIES && e instanceof SQLException se && RETRYABLE.contains(se.getSQLState())) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    /** A pooled connection in autocommit mode, for reads. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** A connection of its own, outside the pool, for a LISTEN that must outlive any one request. */
    Connection dedicatedConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'tally-listener'");
        }
        return c;
    }

    /** The 16-byte secret refresh tokens are enciphered with: made at the first migration, shared by every instance. */
    public byte[] tokenSecret() {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM settings WHERE name = 'token_secret'")) {
            if (!rs.next()) {
                throw new StorageException("the database has no token secret (settings.token_secret)", null);
            }
            return rs.getBytes(1);
        } catch (SQLException e) {
            throw new StorageException("cannot read the token secret: " + e.getMessage(), e);
        }
    }

    public PostgresUrl url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }
}

package tally.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import tally.StorageException;

/**
 * The SQLite database: one writer connection and a small pool of readers over HikariCP, in WAL mode,
 * with the schema migrated at open. Everything SQLite-specific lives here.
 *
 * <p>Durability: SQLite runs with synchronous=NORMAL, so a commit writes its WAL frames without waiting
 * for the disk, and {@link #makeDurable()} fsyncs the WAL. With TALLY_SYNC=full the hit writer calls it
 * before acknowledging, on a thread of its own, so the next batch is applied while the disk flushes the
 * last one: the same guarantee as synchronous=FULL (which fsyncs the WAL at each commit), without the
 * wait on the writer. Checkpoints fsync the WAL before and the database after, as in NORMAL.
 */
public final class Database implements AutoCloseable {

    /**
     * WAL pages between checkpoints (SQLite's default is 1,000). When hits spread over many counters,
     * each batch rewrites dozens of pages; checkpointing ten times less often copies each hot page once
     * for many batches, and the 10,000-URL benchmark ran about 20% faster. The WAL grows to about 40 MiB
     * and is then reused.
     */
    static final int CHECKPOINT_PAGES = 10_000;

    private final Path file;
    private final boolean fullSync;
    private final WalSync wal;
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final StatementCache statements = new StatementCache();

    private Database(Path file, boolean fullSync, HikariDataSource writer, HikariDataSource readers) {
        this.file = file;
        this.fullSync = fullSync;
        this.wal = new WalSync(file);
        this.writer = writer;
        this.readers = readers;
    }

    /** Opens (creating if needed) the database, checks its pragmas and applies pending migrations. */
    public static Database open(Path file, boolean fullSync) {
        return open(file, fullSync, true);
    }

    /**
     * As {@link #open(Path, boolean)}; without {@code autoCheckpoint} Tally never checkpoints the WAL while
     * it runs (wal_autocheckpoint=0), leaving that to a replicator such as Litestream, whose own checkpoints
     * Tally's would otherwise fight.
     */
    public static Database open(Path file, boolean fullSync, boolean autoCheckpoint) {
        String checkpointPages = autoCheckpoint ? Integer.toString(CHECKPOINT_PAGES) : "0";
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the folder for the database " + absolute, e);
        }
        // NORMAL in both modes: with full, makeDurable() does the fsync that FULL would do at each commit.
        String synchronous = "NORMAL";
        HikariDataSource writer = pool(absolute, "tally-writer", 1, false, synchronous, checkpointPages);
        HikariDataSource readers = null;
        try {
            try (Connection c = writer.getConnection()) {
                expectPragma(c, "journal_mode", "wal");
                expectPragma(c, "synchronous", "1");
                expectPragma(c, "wal_autocheckpoint", checkpointPages);
            }
            readers = pool(absolute, "tally-readers", 4, true, synchronous, checkpointPages);
            Database db = new Database(absolute, fullSync, writer, readers);
            db.inTransaction(c -> {
                Schema.migrate(c);
                return null;
            });
            db.makeDurable();
            return db;
        } catch (SQLException | RuntimeException e) {
            writer.close();
            if (readers != null) {
                readers.close();
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open the database " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(Path file, String name, int size, boolean readOnly, String synchronous,
                                         String checkpointPages) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setBusyTimeout(5_000);
        sqlite.enforceForeignKeys(true);
        // Tally never asks for generated keys; sqlite-jdbc would otherwise parse every statement to fetch them.
        sqlite.setGetGeneratedKeys(false);
        if (readOnly) {
            // WAL is a property of the file, set by the writer; a read-only connection may not set it.
            sqlite.setReadOnly(true);
        } else {
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
            sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, checkpointPages);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl("jdbc:sqlite:" + file);
        hikari.setDataSourceProperties(sqlite.toProperties());
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        // Autocommit on both: the writer opens its transactions itself (inTransaction).
        hikari.setAutoCommit(true);
        hikari.setReadOnly(readOnly);
        hikari.setConnectionTimeout(5_000);
        // Connections live as long as they work, so their prepared statements stay useful.
        hikari.setMaxLifetime(0);
        // One attempt at once: a file SQLite cannot open fails the start now, not after connectionTimeout.
        hikari.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new StorageException("cannot open the database " + file + ": " + cause.getMessage(), e);
        }
    }

    private static void expectPragma(Connection c, String pragma, String expected) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            String actual = rs.next() ? rs.getString(1) : null;
            if (!expected.equalsIgnoreCase(actual)) {
                throw new StorageException("PRAGMA " + pragma + " is " + actual + ", expected " + expected, null);
            }
        }
    }

    /** Work done inside one write transaction. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one write transaction on the writer connection and commits it; rolls back and
     * throws on any failure. BEGIN IMMEDIATE takes the write lock up front, so the transaction cannot
     * fail half-way for want of it, and no transaction stays open between batches.
     */
    public <T> T inTransaction(Transaction<T> work) throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(c);
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /**
     * With full sync, makes every transaction committed so far durable, by an fsync (fdatasync) of the
     * WAL; with normal sync, does nothing. Called from one thread (the hit writer's syncer) at a time,
     * concurrently with the writer's next transaction: the fsync flushes whatever the WAL holds.
     */
    public void makeDurable() {
        if (!fullSync) {
            return;
        }
        wal.force();
    }

    /** A read-only connection in autocommit mode; in WAL mode readers never wait for the writer. */
    public Connection reader() throws SQLException {
        return readers.getConnection();
    }

    /**
     * The statement for this SQL on the connection, prepared on first use and kept. Callers bind and run
     * it and close its ResultSet, but never close the statement.
     */
    PreparedStatement prepared(Connection c, String sql) throws SQLException {
        return statements.prepared(c, sql);
    }

    public Path file() {
        return file;
    }

    /** The 16-byte secret that refresh tokens are enciphered with: made by migration 2 and kept, so cookies outlive restarts. */
    public byte[] tokenSecret() {
        try (Connection c = reader(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM settings WHERE name = 'token_secret'")) {
            if (!rs.next()) {
                throw new StorageException("the database has no token secret (settings.token_secret)", null);
            }
            return rs.getBytes(1);
        } catch (SQLException e) {
            throw new StorageException("cannot read the token secret: " + e.getMessage(), e);
        }
    }

    /** Writes a consistent copy of the database to {@code target} (never replacing a file) while writes go on. */
    public void backupTo(Path target) {
        try (Connection c = reader()) {
            Backups.write(c, target, false);
        } catch (SQLException e) {
            throw new StorageException("cannot back up to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads a pragma's value through a reader connection; for tests and diagnostics. */
    public String pragma(String name) {
        try (Connection c = reader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new StorageException("cannot read PRAGMA " + name, e);
        }
    }

    @Override
    public void close() {
        wal.close();
        readers.close();
        writer.close();
    }
}

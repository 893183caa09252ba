package tally.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import tally.StorageException;
import tally.store.Move;
import tally.store.TableCopy;

/** The SQLite ends of a move: a database file read in one snapshot, and a new file written whole or not at all. */
public final class SqliteMove {

    private SqliteMove() {
    }

    /**
     * Opens TALLY_DB's file read-only in one read transaction: in WAL mode a server may keep writing, and the
     * copy sees the database as it was when this returned. A schema older than this build's is upgraded in a
     * copy beside it, never in TALLY_DB itself; a newer one is refused.
     */
    public static Move.Source source(Path file) {
        Backups.requireDatabase(file);
        Connection c = null;
        try {
            c = readOnly(file);
            String identity = "sqlite:" + file.toAbsolutePath().toRealPath();
            if (requireKnown(file, Schema.userVersion(c)) < Schema.MIGRATIONS.size()) {
                return upgraded(c, file, identity);
            }
            c.setAutoCommit(false);
            requireKnown(file, Schema.userVersion(c));
            // The first read of a table fixes the snapshot every later read of this transaction sees.
            TableCopy.totals(c);
            if (pendingViews(c)) {
                c.rollback();
                c.setAutoCommit(true);
                return upgraded(c, file, identity); // the copy's views are added up there, as a writer would
            }
            return source(c, file, identity, null);
        } catch (SQLException | IOException | RuntimeException e) {
            close(c, e);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    private static int requireKnown(Path file, int version) {
        int known = Schema.MIGRATIONS.size();
        if (version == 0) {
            throw new StorageException(file + " is not a Tally database (its schema version is 0)", null);
        }
        if (version > known) {
            throw new StorageException(file + " has schema version " + version + " but this Tally knows versions up to "
                    + known + ": run migrate-to with the newer Tally that made it", null);
        }
        return version;
    }

    /**
     * A copy of the database (one snapshot, by VACUUM INTO) beside it, migrated and with its journal's page views
     * added up as a server would at start and when quiet, and read: for an older schema, or views not yet added up.
     */
    private static Move.Source upgraded(Connection c, Path file, String identity) throws SQLException {
        Path absolute = file.toAbsolutePath();
        Path copy = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".upgrading");
        Connection upgraded = null;
        try {
            Backups.write(c, copy, false);
            c.close();
            try (Database db = Database.open(copy, false)) {
                new SqliteLedger(db).settle();
            }
            upgraded = readOnly(copy);
            upgraded.setAutoCommit(false);
            TableCopy.totals(upgraded);
            return source(upgraded, file, identity, copy);
        } catch (SQLException | RuntimeException e) {
            close(upgraded, e);
            delete(copy);
            throw e;
        }
    }

    /** True when the journal holds page views not yet added to the aggregates, which the tables copied are. */
    private static boolean pendingViews(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM analytics_pending)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static Move.Source source(Connection c, Path file, String identity, Path temporary) {
        return new Move.Source() {
            @Override
            public Connection snapshot() {
                return c;
            }

            @Override
            public boolean postgres() {
                return false;
            }

            @Override
            public String identity() {
                return identity;
            }

            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public void close() {
                SqliteMove.close(c, null);
                if (temporary != null) {
                    delete(temporary);
                }
            }
        };
    }

    /**
     * A new SQLite file: written beside its name under a hidden one, and linked into place only after the copy
     * was committed and checked, so a failure leaves no file. An existing file is refused, never replaced.
     */
    public static Move.Target target(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new Move.Target() {
            @Override
            public boolean postgres() {
                return false;
            }

            @Override
            public String identity() {
                try {
                    return "sqlite:" + (Files.exists(absolute) ? absolute.toRealPath() : absolute);
                } catch (IOException e) {
                    return "sqlite:" + absolute;
                }
            }

            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public <T> T write(Move.Work<T> work) {
                return SqliteMove.write(file, absolute, work);
            }
        };
    }

    private static <T> T write(Path file, Path absolute, Move.Work<T> work) {
        if (Files.exists(absolute)) {
            throw exists(file);
        }
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            T result;
            try (Database db = Database.open(partial, true)) {
                result = db.inTransaction(work::run);
            }
            Backups.force(partial);
            // A hard link fails if the file appeared meanwhile, where a rename would replace it.
            Files.createLink(absolute, partial);
            Files.delete(partial);
            Backups.force(absolute.getParent());
            return result;
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (SQLException e) {
            throw new StorageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + e, e);
        } finally {
            delete(partial);
        }
    }

    /** Deletes a hidden file of a move, and SQLite's -wal and -shm beside it. */
    private static void delete(Path hidden) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(Path.of(hidden + suffix));
            } catch (IOException e) {
                // a leftover hidden file is harmless: the next move picks another name
            }
        }
    }

    private static StorageException exists(Path file) {
        return new StorageException(file + " exists: migrate-to writes a new SQLite file and never replaces one"
                + " (name a new file, or remove this one yourself)", null);
    }

    private static void close(Connection c, Exception failure) {
        if (c == null) {
            return;
        }
        try (c) {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }
}

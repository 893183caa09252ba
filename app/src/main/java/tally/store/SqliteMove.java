package tally.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/** The SQLite ends of a move: a database file read in one snapshot, and a new file written whole or not at all. */
public final class SqliteMove {

    private SqliteMove() {
    }

    /**
     * Opens TALLY_DB's file read-only in one read transaction: in WAL mode a server may keep writing, and the
     * copy sees the database as it was when this returned. Refuses a schema other than this build's.
     */
    public static Move.Source source(Path file) {
        Path absolute = file.toAbsolutePath();
        Backups.requireDatabase(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
            c.setAutoCommit(false);
            requireCurrent(file, Schema.userVersion(c));
            // The first read of a table fixes the snapshot every later read of this transaction sees.
            TableCopy.totals(c);
            return source(c, file, "sqlite:" + absolute.toRealPath());
        } catch (SQLException | IOException | RuntimeException e) {
            close(c, e);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireCurrent(Path file, int version) {
        int known = Schema.MIGRATIONS.size();
        if (version == 0) {
            throw new StorageException(file + " is not a Tally database (its schema version is 0)", null);
        }
        if (version > known) {
            throw new StorageException(file + " has schema version " + version + " but this Tally knows versions up to "
                    + known + ": run migrate-to with the newer Tally that made it", null);
        }
        if (version < known) {
            throw new StorageException(file + " has schema version " + version + ", older than this Tally's " + known
                    + ": start this Tally on it once (it upgrades the schema at start), stop it, then run migrate-to", null);
        }
    }

    private static Move.Source source(Connection c, Path file, String identity) {
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
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                try {
                    Files.deleteIfExists(Path.of(partial + suffix));
                } catch (IOException e) {
                    // a leftover hidden .partial file is harmless; the next move writes another name
                }
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
        try {
            c.rollback();
            c.close();
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }
}

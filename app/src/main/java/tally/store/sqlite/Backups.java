package tally.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import tally.StorageException;

/**
 * Self-contained copies of the database: a backup is SQLite's {@code VACUUM INTO}, a
 * consistent snapshot taken in a read transaction, so the server keeps counting while it is written.
 */
public final class Backups {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Backups() {
    }

    /**
     * Writes a copy of the database open on {@code c} to {@code target}: first to a hidden file beside it,
     * fsynced, then renamed, so the target is never half-written. Refuses an existing target unless replace.
     */
    static void write(Connection c, Path target, boolean replace) {
        Path absolute = target.toAbsolutePath();
        if (!replace && Files.exists(absolute)) {
            throw new StorageException(target + " exists: not overwritten (--force replaces it)", null);
        }
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            try (PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
                s.setString(1, partial.toString());
                s.execute();
            }
            force(partial);
            if (replace) {
                Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link fails if the target appeared meanwhile, where a rename would replace it.
                Files.createLink(absolute, partial);
                Files.delete(partial);
            }
            force(absolute.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new StorageException(target + " exists: not overwritten (--force replaces it)", e);
        } catch (SQLException | IOException e) {
            throw new StorageException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } finally {
            // VACUUM INTO keeps a rollback journal beside the file it writes, left there when it fails half-way
            for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
                try {
                    Files.deleteIfExists(Path.of(partial + suffix));
                } catch (IOException e) {
                    // a leftover hidden file is harmless; the next backup writes another name
                }
            }
        }
    }

    /** Backs up the database file of a server that may be running, through a connection of this process. */
    public static void write(Path database, Path target, boolean replace) {
        requireDatabase(database);
        requireElsewhere(database, target);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            write(c, target, replace);
        } catch (SQLException e) {
            throw new StorageException("cannot read " + database + ": " + e.getMessage(), e);
        }
    }

    /** Throws a StorageException saying "stop the server first" when a running server holds the database. */
    public static void requireStopped(Path database) {
        requireNoServer(database.toAbsolutePath());
    }

    /**
     * Leaving WAL mode needs the database to itself: it fails with "database is locked" while any other
     * connection (a running server) has it open. When it succeeds, SQLite has checkpointed and removed the WAL.
     */
    static void requireNoServer(Path database) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = DELETE")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"delete".equalsIgnoreCase(mode)) {
                    throw new StorageException(database + " is in use (journal mode stays " + mode + "): stop the server first", null);
                }
            }
        } catch (SQLException e) {
            throw new StorageException(database + " is in use by a running server, or unreadable (" + e.getMessage()
                    + "): stop the server first", e);
        }
    }

    /**
     * Refuses a target that is the database or one of its -wal, -shm, -journal or .lock files: replacing the file a
     * server has open leaves its -wal beside a copy it does not belong to, and the database no longer opens; replacing
     * the lock file lets a second server start on the database beside the running one.
     */
    private static void requireElsewhere(Path database, Path target) {
        Path db = database.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal", ".lock"}) {
            Path own = Path.of(db + suffix);
            boolean same = to.equals(own);
            try {
                same = same || Files.exists(to) && Files.exists(own) && Files.isSameFile(to, own);
            } catch (IOException e) {
                // cannot tell: the names differ, and the copy goes ahead
            }
            if (same) {
                throw new StorageException(target + " is TALLY_DB" + (suffix.isEmpty() ? "" : "'s " + suffix + " file")
                        + " itself: write the backup to another file", null);
            }
        }
    }

    static void requireDatabase(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StorageException(file + ": no such file", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (!Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER)) {
                throw new StorageException(file + ": not a SQLite database", null);
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e, e);
        }
    }

    static void force(Path path) throws IOException {
        try (FileChannel f = FileChannel.open(path, StandardOpenOption.READ)) {
            f.force(true);
        }
    }
}

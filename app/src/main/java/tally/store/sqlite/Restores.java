package tally.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import tally.StorageException;

/** Checking a backup and putting it in place of the database, as the file it replaces was: same owner, group and mode. */
public final class Restores {

    private Restores() {
    }

    /** What a checked backup holds. */
    public record Checked(int schemaVersion, long counters) {
    }

    /**
     * Checks a backup: a SQLite file on its own (no -wal beside it), {@code PRAGMA integrity_check} ok, and
     * a schema version this build knows (older ones are migrated when the server starts).
     */
    public static Checked check(Path backup) {
        Backups.requireDatabase(backup);
        if (Files.exists(Path.of(backup + "-wal"))) {
            throw new StorageException(backup + " has a -wal file beside it: not a self-contained backup"
                    + " (make one with: java -jar tally.jar backup FILE)", null);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + backup.toAbsolutePath() + "?immutable=1");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                String result = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new StorageException(backup + " fails SQLite's integrity check: " + result, null);
                }
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version < 1 || version > Schema.MIGRATIONS.size()) {
                throw new StorageException(backup + " has schema version " + version + "; this Tally reads versions 1 to "
                        + Schema.MIGRATIONS.size() + (version < 1 ? " (is it a Tally database?)" : " (restore it with a newer Tally)"), null);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM counters")) {
                return new Checked(version, rs.next() ? rs.getLong(1) : 0);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read " + backup + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts a checked backup in place of the database, refusing while a server has the database open, with the
     * replaced file's owner, group and permissions. The old -wal and -shm go first: left beside the new file,
     * SQLite would replay the old WAL onto it.
     */
    public static Checked restore(Path backup, Path database) {
        Checked checked = check(backup);
        Path absolute = database.toAbsolutePath();
        if (Files.exists(absolute)) {
            Backups.requireNoServer(absolute);
        }
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            Files.createDirectories(absolute.getParent());
            Files.copy(backup, partial);
            keepOwnership(absolute, partial);
            Backups.force(partial);
            Files.deleteIfExists(Path.of(absolute + "-wal"));
            Files.deleteIfExists(Path.of(absolute + "-shm"));
            Files.deleteIfExists(Path.of(absolute + "-journal"));
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Backups.force(absolute.getParent());
            return checked;
        } catch (IOException e) {
            throw new StorageException("cannot put " + backup + " in place of " + database + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // harmless leftover
            }
        }
    }

    /**
     * Gives the new file the owner, group and permissions of the one it replaces: restore run as root would
     * otherwise leave a root-owned 0644 database that a server running as its own user cannot open.
     */
    private static void keepOwnership(Path replaced, Path file) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(replaced, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (old == null || !Files.exists(replaced)) {
            return; // a new database, or no POSIX attributes (Windows): the file is as the folder makes it
        }
        PosixFileAttributes was = old.readAttributes();
        PosixFileAttributeView now = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributes is = now.readAttributes();
        try {
            // owner first: a change of owner may clear permission bits
            if (!is.owner().equals(was.owner())) {
                now.setOwner(was.owner());
            }
            if (!is.group().equals(was.group())) {
                now.setGroup(was.group());
            }
        } catch (IOException e) {
            throw new IOException("cannot give the restored file the owner " + was.owner().getName() + ":" + was.group().getName()
                    + " of the database it replaces (run restore as that user, or as root): " + e.getMessage(), e);
        }
        now.setPermissions(was.permissions());
    }
}

package tally;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks what the configuration points at before anything is opened, so that a bad TALLY_DB or TALLY_HOST
 * stops the start at once with the variable and the real cause, not with a pool's timeout or "port 0".
 */
final class Preflight {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Preflight() {
    }

    static void check(Config config) {
        host(config.server().host());
        if (config.counting().postgres() == null) {
            database(config.counting().database());
        } else if (config.operations().backupDir() != null) {
            throw new Config.Invalid("TALLY_BACKUP_DIR: scheduled backups copy an SQLite file; on PostgreSQL, back up"
                    + " with pg_dump or the server's own tools, and leave TALLY_BACKUP_DIR unset");
        }
    }

    static void host(String host) {
        String name = "TALLY_HOST=" + host + ": no such local address";
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Config.Invalid(name + " (the name does not resolve)");
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return;
        }
        try {
            if (NetworkInterface.getByInetAddress(address) != null) {
                return;
            }
        } catch (SocketException e) {
            throw new Config.Invalid(name + " (cannot list this machine's addresses: " + e.getMessage() + ")");
        }
        throw new Config.Invalid(name + " (" + address.getHostAddress() + " belongs to no network interface here)");
    }

    static void database(Path file) {
        String name = "TALLY_DB=" + file + ": ";
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new Config.Invalid(name + "is a directory, not a database file");
        }
        Path folder = absolute.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Config.Invalid(name + "cannot create the folder " + folder + ": " + reason(e));
        }
        if (Files.exists(absolute)) {
            if (!Files.isRegularFile(absolute)) {
                throw new Config.Invalid(name + "not a regular file");
            }
            if (!Files.isReadable(absolute) || !Files.isWritable(absolute)) {
                throw new Config.Invalid(name + "not writable (permission denied, or the file is immutable)");
            }
            if (!isSqliteOrEmpty(absolute, name)) {
                throw new Config.Invalid(name + "not a SQLite database");
            }
        }
        if (!Files.isWritable(folder)) {
            throw new Config.Invalid(name + "the folder " + folder + " is not writable (SQLite writes its -wal and -shm files there)");
        }
    }

    private static boolean isSqliteOrEmpty(Path file, String name) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SQLITE_HEADER.length);
            return head.length == 0 || Arrays.equals(head, SQLITE_HEADER);
        } catch (IOException e) {
            throw new Config.Invalid(name + "cannot read it: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // The failing path is often a parent of the folder: name it unless it is already in the message.
            return f.getReason() + " (at " + f.getFile() + ")";
        }
        return e.toString();
    }
}

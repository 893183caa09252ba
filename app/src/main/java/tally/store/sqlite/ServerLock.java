package tally.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tally.StorageException;

/**
 * The lock a server holds on its SQLite database for as long as it runs, on a file beside it ({@code tally.db.lock}):
 * a second server on the same file would keep counts in memory the first one's writes never reach, so it is
 * refused at start. The operating system lets go of the lock when the process ends, however it ends. A side file,
 * not the database: closing any channel on a file drops all of a process's locks on it, SQLite's own among them.
 */
public final class ServerLock {

    /** Held here, for the life of the process: an unreachable channel is closed by its cleaner, and the lock with it. */
    private static final java.util.List<FileChannel> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServerLock() {
    }

    /** Takes the lock for the life of this process; throws StorageException naming the file if a server holds it. */
    public static void hold(Path database) {
        Path file = database.toAbsolutePath().resolveSibling(database.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StorageException("another Tally server is running on " + database.toAbsolutePath()
                        + " (it holds " + file.getFileName() + "): stop it first, or give this one a TALLY_DB of its own", null);
            }
            HELD.add(channel);
        } catch (IOException e) {
            throw new StorageException("cannot lock " + file + " (a server holds it while it runs): " + e.getMessage(), e);
        }
    }
}

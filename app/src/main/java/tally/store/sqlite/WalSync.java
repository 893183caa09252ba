package tally.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import tally.StorageException;

/**
 * Makes every transaction committed so far durable by an fsync (fdatasync) of SQLite's WAL file, the
 * fsync that synchronous=FULL would make at each commit. The file is opened again when it is no longer
 * the one it was: SQLite deletes the WAL when its last connection closes.
 */
final class WalSync implements AutoCloseable {

    private final Path wal;
    private FileChannel channel;
    private Object identity;

    WalSync(Path database) {
        this.wal = database.resolveSibling(database.getFileName() + "-wal");
    }

    /** Flushes the WAL to the disk; throws a StorageException if the disk refuses. */
    void force() {
        try {
            channel().force(false);
        } catch (NoSuchFileException e) {
            // No WAL: the last connection's close checkpointed it into the database and fsynced that.
        } catch (IOException e) {
            close();
            throw new StorageException("cannot make the hits durable (fsync of " + wal + "): " + e.getMessage(), e);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        Object current = Files.readAttributes(wal, BasicFileAttributes.class).fileKey();
        if (channel == null || current == null || !current.equals(identity)) {
            close();
            channel = FileChannel.open(wal, StandardOpenOption.WRITE);
            identity = current;
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a file that is only fsynced loses nothing.
            }
            channel = null;
        }
    }
}

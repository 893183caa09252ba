package tally.admin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import tally.admin.CounterStore.Row;
import tally.count.CounterKey;

/**
 * Checked import rows kept in a temporary file rather than in memory, so a 50 MB import costs disk, not heap;
 * read back once, by the transaction that applies them. Closing deletes the file.
 */
final class Spool implements AutoCloseable, Iterable<Row> {

    private final Path file;
    private final DataOutputStream out;
    private final List<DataInputStream> readers = new ArrayList<>();
    private long rows;

    Spool() throws IOException {
        file = Files.createTempFile("tally-import-", ".rows");
        try {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    void add(CounterKey key, long count, String day, long line) throws IOException {
        out.writeByte(key.kind().ordinal());
        out.writeUTF(key.key());
        out.writeLong(count);
        out.writeUTF(day == null ? "" : day);
        out.writeLong(line);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Ends writing; the rows can then be read, once per call of iterator(). */
    void finish() throws IOException {
        out.close();
    }

    @Override
    public Iterator<Row> iterator() {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readers.add(in); // closed by close() if the transaction fails before reading to the end
        return new Iterator<>() {
            private long left = rows;

            @Override
            public boolean hasNext() {
                if (left == 0) {
                    close(in);
                }
                return left > 0;
            }

            @Override
            public Row next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                try {
                    CounterKey.Kind kind = CounterKey.Kind.values()[in.readByte()];
                    CounterKey key = new CounterKey(kind, in.readUTF());
                    long count = in.readLong();
                    String day = in.readUTF();
                    long line = in.readLong();
                    left--;
                    return new Row(key, count, day.isEmpty() ? null : day, line);
                } catch (EOFException e) {
                    throw new UncheckedIOException("the import's temporary file ended early", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static void close(DataInputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // read to the end already; nothing to lose
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
            for (DataInputStream in : readers) {
                in.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Closes and deletes after a failure, keeping what goes wrong meanwhile with the failure. */
    void discard(Throwable failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}

package tally.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tally.StorageException;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.HitWriter;
import tally.count.InvalidKey;

/**
 * The admin's work on counters: imports, edits and deletes go through the hit writer (one transaction each,
 * never racing hits); lists and exports read through the readers. The command line uses the static forms.
 */
public final class Admin {

    /** The largest count a counter may be set or imported to: far beyond any page's, far below a long's end. */
    public static final long MAX_COUNT = 100_000_000_000L;

    /** What an import did: how many lines it applied and how many counters they named. */
    public record Imported(long lines, long counters) {
    }

    /** Export formats. */
    public enum ExportFormat { CSV, JSON }

    private final CounterStore store;
    private final HitWriter writer;
    private final Clock clock;

    public Admin(CounterStore store, HitWriter writer, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    /** Checks the whole import first (InvalidImport if any line is bad), then applies it in one transaction. */
    public Imported importFrom(InputStream in, boolean json, boolean add) throws IOException {
        try (Spool spool = new ImportReader(today()).read(in, json ? ImportReader.Format.JSON : ImportReader.Format.CSV)) {
            long[] counters = new long[1];
            long now = clock.millis();
            String day = today().toString();
            await(writer.submitEdit(() -> store.importRows(spool, add, now, day, counters)));
            return new Imported(spool.rows(), counters[0]);
        }
    }

    /** The same on a database that no server holds (the command line): one transaction of its own. */
    public static Imported importInto(CounterStore store, InputStream in, boolean json, boolean add, Clock clock) throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (Spool spool = new ImportReader(today).read(in, json ? ImportReader.Format.JSON : ImportReader.Format.CSV)) {
            long[] counters = new long[1];
            store.importRows(spool, add, clock.millis(), today.toString(), counters);
            return new Imported(spool.rows(), counters[0]);
        }
    }

    public CounterStore.Page list(String q, String sort, int limit, long offset) {
        return store.page(searched(q), sort, limit, offset, today().toString());
    }

    /**
     * What a search looks for in the stored keys: a whole URL ({@code https://example.com/blog/}) or a key as the
     * list writes it ({@code name:visitors}) is the key it names; any other text is looked for as it is.
     */
    static String searched(String q) {
        String t = q.strip();
        boolean whole = t.contains("://") || t.regionMatches(true, 0, AdminKeys.NAME, 0, AdminKeys.NAME.length())
                || t.regionMatches(true, 0, AdminKeys.PAGE_ID, 0, AdminKeys.PAGE_ID.length());
        if (!whole) {
            return q;
        }
        try {
            return AdminKeys.of(t).key();
        } catch (InvalidKey e) {
            return q;
        }
    }

    /** Sets a counter's total, creating it if needed; answers its new state. */
    public CounterState set(CounterKey key, long count) {
        long now = clock.millis();
        String day = today().toString();
        return await(writer.submitEdit(() -> store.set(key, count, now, day))).get(0);
    }

    /** Deletes a counter with its days and tokens; false if there was none. */
    public boolean delete(CounterKey key) {
        return !await(writer.submitEdit(() -> store.delete(key))).isEmpty();
    }

    /** Streams every counter and day to {@code out} in the import format. */
    public void export(OutputStream out, ExportFormat format) throws IOException {
        export(store, out, format);
    }

    /** The same from the command line. */
    public static void export(CounterStore store, OutputStream out, ExportFormat format) throws IOException {
        Exporter.Closing sink = format == ExportFormat.CSV ? Exporter.csv(out) : Exporter.json(out);
        store.export(sink);
        sink.finish();
    }
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static List<CounterState> await(CompletableFuture<List<CounterState>> edit) {
        try {
            return edit.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StorageException se) {
                throw se;
            }
            if (cause instanceof InvalidImport refused) {
                throw refused;
            }
            throw new StorageException("the change was not applied: " + cause.getMessage(), cause);
        }
    }
}

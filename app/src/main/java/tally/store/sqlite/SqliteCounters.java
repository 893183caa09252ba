package tally.store.sqlite;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import tally.StorageException;
import tally.admin.CounterStore;
import tally.count.CounterKey;
import tally.count.CounterState;

/** The admin's changes and reads of counters on SQLite: each change one write transaction, reads on the reader pool. */
public final class SqliteCounters implements CounterStore {

    private final Database db;
    private final CounterListing listing;

    public SqliteCounters(Database db) {
        this.db = db;
        this.listing = new CounterListing(db);
    }

    @Override
    public List<CounterState> importRows(Iterable<Row> rows, boolean add, long now, String today, long[] counters) {
        return change("the import was not applied", c -> CounterEdits.importRows(c, rows, add, now, today, counters));
    }

    @Override
    public List<CounterState> set(CounterKey key, long count, long now, String today) {
        return change("the counter was not set", c -> CounterEdits.set(c, key, count, now, today));
    }

    @Override
    public List<CounterState> delete(CounterKey key) {
        return change("the counter was not deleted", c -> CounterEdits.delete(c, key));
    }

    @Override
    public Page page(String q, String sort, int limit, long offset, String today) {
        return listing.page(q, sort, limit, offset, today);
    }

    @Override
    public void export(Sink sink) throws IOException {
        listing.export(sink);
    }

    private List<CounterState> change(String failed, Database.Transaction<List<CounterState>> work) {
        try {
            return db.inTransaction(work);
        } catch (SQLException e) {
            throw new StorageException(failed + ": " + e.getMessage(), e);
        }
    }
}

package tally.store.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tally.StorageException;
import tally.admin.CounterStore;
import tally.count.CounterKey;
import tally.count.CounterState;

/**
 * The admin's changes and reads of counters on PostgreSQL: each change one transaction that also tells the other
 * instances' live streams of the counters it changed (a deleted one as 0); reads through the pool.
 */
final class PostgresCounters implements CounterStore {

    private final PostgresDatabase db;
    private final PostgresNotifier notifier;
    private final PostgresCounterListing listing;

    PostgresCounters(PostgresDatabase db, PostgresNotifier notifier) {
        this.db = db;
        this.notifier = notifier;
        this.listing = new PostgresCounterListing(db);
    }

    @Override
    public List<CounterState> importRows(Iterable<Row> rows, boolean add, long now, String today, long[] counters) {
        return change("the import was not applied", c -> PostgresCounterEdits.importRows(c, rows, add, now, today, counters));
    }

    @Override
    public List<CounterState> set(CounterKey key, long count, long now, String today) {
        return change("the counter was not set", c -> PostgresCounterEdits.set(c, key, count, now, today));
    }

    @Override
    public List<CounterState> delete(CounterKey key) {
        return change("the counter was not deleted", c -> PostgresCounterEdits.delete(c, key));
    }

    @Override
    public Page page(String q, String sort, int limit, long offset, String today) {
        return listing.page(q, sort, limit, offset, today);
    }

    @Override
    public void export(Sink sink) throws IOException {
        listing.export(sink);
    }

    private List<CounterState> change(String failed, PostgresDatabase.Transaction<List<CounterState>> work) {
        try {
            return db.inTransaction(c -> {
                List<CounterState> changed = work.run(c);
                notifier.publish(c, changes(changed));
                return changed;
            });
        } catch (SQLException e) {
            throw new StorageException(failed + ": " + e.getMessage(), e);
        }
    }

    /** As notifications: each counter once (the id only tells repeated changes of one counter apart). */
    private static List<PostgresNotifier.Change> changes(List<CounterState> changed) {
        List<PostgresNotifier.Change> changes = new ArrayList<>(changed.size());
        for (int i = 0; i < changed.size(); i++) {
            CounterState t = changed.get(i);
            changes.add(new PostgresNotifier.Change(-1 - i, t.key().kind().column(), t.key().key(), t.count(), t.today()));
        }
        return changes;
    }
}

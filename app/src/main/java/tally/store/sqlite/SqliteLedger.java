package tally.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;
import tally.ThrottledLog;
import tally.analytics.Increments;
import tally.analytics.View;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Ledger;

/**
 * The hit writer's batches on SQLite: hits and page views in one transaction of the single writer connection.
 * A batch's views are appended to the ViewJournal, and folded into the aggregates about once a second, in a
 * transaction of their own (many batches' views at once, so that most of a view's ten increments land on a
 * bucket another view raised too).
 * Used by the writer's thread only.
 */
public final class SqliteLedger implements Ledger {

    private static final Logger log = LoggerFactory.getLogger(SqliteLedger.class);

    /** Views held in the journal before a commit folds them. */
    static final int FOLD_AT = 5_000;
    /** How long a view waits in the journal at most while commits keep coming. */
    static final long FOLD_EVERY_NANOS = 1_000_000_000L;

    private final Database db;
    private final AnalyticsSql analytics;
    private final ViewJournal journal;
    /** The journal's rows, as committed: what the next fold adds up. */
    private final List<View> held = new ArrayList<>();
    private long heldSince;
    private final ThrottledLog foldFailures = new ThrottledLog(log::warn, Duration.ofMinutes(1));

    /** A ledger over {@code db}, holding whatever views the journal kept when the last process stopped. */
    public SqliteLedger(Database db) {
        this.db = db;
        this.analytics = new AnalyticsSql(db);
        this.journal = new ViewJournal(db);
        try (Connection c = db.reader()) {
            held.addAll(ViewJournal.all(c));
        } catch (SQLException e) {
            throw new StorageException("cannot read the page views not yet added up: " + e.getMessage(), e);
        }
        heldSince = System.nanoTime();
    }

    @Override
    public List<CounterState> commit(List<Hit> hits, List<View> views, long now, long suppressSince, String day) {
        if (!held.isEmpty() && (held.size() + views.size() >= FOLD_AT || System.nanoTime() - heldSince >= FOLD_EVERY_NANOS)) {
            try {
                settle();
            } catch (StorageException e) {
                // Hits must not wait on the views' bookkeeping: they stay in the journal, and it is tried again later.
                heldSince = System.nanoTime();
                foldFailures.log("page views stay in the journal for now: " + e.getMessage());
            }
        }
        List<CounterState> tallies;
        try {
            tallies = db.inTransaction(c -> {
                List<CounterState> counted = hits.isEmpty() ? new ArrayList<>() : new HitStore(db, c).applyAll(hits, now, suppressSince, day);
                if (!views.isEmpty()) {
                    journal.add(c, views);
                }
                return counted;
            });
        } catch (SQLException e) {
            throw new StorageException("the database did not accept the hit: " + e.getMessage(), e);
        }
        if (!views.isEmpty()) {
            if (held.isEmpty()) {
                heldSince = System.nanoTime();
            }
            held.addAll(views);
        }
        return tallies;
    }

    /** Adds up the journal's views and empties it, in a transaction of its own (a crash before its commit keeps them). */
    @Override
    public void settle() {
        if (held.isEmpty()) {
            return;
        }
        try {
            db.inTransaction(c -> {
                analytics.apply(c, Increments.fold(held));
                ViewJournal.clear(c);
                return null;
            });
        } catch (SQLException e) {
            throw new StorageException("could not add up the last page views: " + e.getMessage(), e);
        }
        held.clear();
    }

    @Override
    public void makeDurable() {
        db.makeDurable();
    }

    @Override
    public int forgetTokens(long before, int limit) {
        try {
            return db.inTransaction(c -> HitStore.forgetTokens(c, before, limit));
        } catch (SQLException e) {
            throw new StorageException("could not purge expired refresh tokens: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean rollUpOneDay(long before) {
        settle(); // a view held back may belong to a day rolled up now
        try {
            return db.inTransaction(c -> analytics.rollUpOneDay(c, before));
        } catch (SQLException e) {
            throw new StorageException("could not roll up old analytics hours: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean soleWriter() {
        return true;
    }
}

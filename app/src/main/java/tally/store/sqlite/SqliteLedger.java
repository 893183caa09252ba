package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;
import tally.ThrottledLog;
import tally.analytics.DayList;
import tally.analytics.Increments;
import tally.analytics.View;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Ledger;

/**
 * The hit writer's batches on SQLite: hits and page views in one transaction of the single writer connection.
 * A batch's views are appended to the ViewJournal and folded in memory as they come; about once a second, or
 * once they raise 20,000 buckets, the increments are written to the aggregates in a transaction of their own
 * (many batches' views at once, so that most of a view's thirty increments land on a bucket another view raised
 * too, and each bucket costs one upsert however many views raised it).
 * Used by the writer's thread only.
 */
public final class SqliteLedger implements Ledger {

    private static final Logger log = LoggerFactory.getLogger(SqliteLedger.class);
    private static final String FORGET_TOKENS = """
            DELETE FROM refresh_tokens WHERE (token, counter_id) IN (
                SELECT token, counter_id FROM refresh_tokens WHERE counted_at < ? LIMIT ?
            )
            """;

    /**
     * Buckets the journal's views raise before a commit writes them. Upserts are most of the fold's cost, and
     * hits wait while it runs: this bounds that wait (100–150 ms on the 2-core bench machine), while letting
     * repeated buckets merge for as long as the second lasts.
     */
    static final int FOLD_BUCKETS = 20_000;
    /** Views held in the journal before a commit folds them, however few buckets they raise: the reports read them all. */
    static final int FOLD_AT = 50_000;
    /** Views read back at once when the journal holds views that memory does not. */
    static final int READ_BACK = 5_000;
    /** Buckets kept in memory at most for the next fold; beyond (folds failing), the fold reads the views back. */
    static final int HELD_MAX = 100_000;
    /** How long a view waits in the journal at most while commits keep coming. */
    static final long FOLD_EVERY_NANOS = 1_000_000_000L;

    private final Database db;
    private final AnalyticsSql analytics;
    private final ViewJournal journal;
    /** How many views the journal holds. */
    private int pending;
    private long pendingSince;
    /** After a fold failed, commits do not try again before this (System.nanoTime). */
    private long retryAfter = System.nanoTime();
    /** The journal's views folded as committed, so a fold need not read them back; while {@code complete}. */
    private Increments.Folding held = new Increments.Folding();
    /** False once the journal holds views {@code held} does not: left by a stopped process, or too many buckets to keep. */
    private boolean complete;
    private final ThrottledLog foldFailures = new ThrottledLog(log::warn, Duration.ofMinutes(1));

    /** A ledger over {@code db}, holding whatever views the journal kept when the last process stopped. */
    public SqliteLedger(Database db) {
        this.db = db;
        this.analytics = new AnalyticsSql(db);
        this.journal = new ViewJournal(db);
        try (Connection c = db.reader()) {
            pending = ViewJournal.size(c);
        } catch (SQLException e) {
            throw new StorageException("cannot read the page views not yet added up: " + e.getMessage(), e);
        }
        complete = pending == 0;
        pendingSince = System.nanoTime();
    }

    @Override
    public List<CounterState> commit(List<Hit> hits, List<View> views, long now, long suppressSince, String day) {
        long nanos = System.nanoTime();
        if (pending > 0 && nanos - retryAfter >= 0 && (pending + views.size() >= FOLD_AT
                || (complete && held.buckets() >= FOLD_BUCKETS) || nanos - pendingSince >= FOLD_EVERY_NANOS)) {
            try {
                settle();
            } catch (StorageException e) {
                // Hits must not wait on the views' bookkeeping: they stay in the journal, and it is tried again later.
                retryAfter = nanos + FOLD_EVERY_NANOS;
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
            if (pending == 0) {
                pendingSince = System.nanoTime();
            }
            pending += views.size();
            if (complete) {
                views.forEach(held::add);
                if (held.buckets() > HELD_MAX) {
                    held = new Increments.Folding(); // folds keep failing: the journal on disk has the views, memory need not
                    complete = false;
                }
            }
        }
        return tallies;
    }

    /**
     * Adds up the journal's views and empties it, in a transaction of its own (a crash before its commit keeps
     * them); from memory, or else read back a chunk at a time, each chunk in its own transaction.
     */
    @Override
    public void settle() {
        if (pending == 0) {
            return;
        }
        try {
            if (complete) {
                db.inTransaction(c -> {
                    analytics.apply(c, held.increments());
                    ViewJournal.clear(c);
                    return null;
                });
                pending = 0;
            } else {
                while (pending > 0) {
                    int folded = db.inTransaction(c -> {
                        ViewJournal.Chunk chunk = ViewJournal.first(c, READ_BACK);
                        if (!chunk.views().isEmpty()) {
                            analytics.apply(c, Increments.fold(chunk.views()));
                            ViewJournal.deleteUpTo(c, chunk.lastId());
                        }
                        return chunk.views().size();
                    });
                    pending = folded < READ_BACK ? 0 : pending - folded;
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not add up the last page views: " + e.getMessage(), e);
        }
        held = new Increments.Folding();
        complete = true;
    }

    /** How many buckets are kept in memory for the next fold. */
    int heldInMemory() {
        return held.buckets();
    }

    @Override
    public void makeDurable() {
        db.makeDurable();
    }

    @Override
    public int forgetTokens(long before, int limit) {
        try {
            return db.inTransaction(c -> forgetTokens(c, before, limit));
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
    public boolean addOneDayList(long before) {
        settle(); // a day's views are all folded before its lists are added up
        long was = analytics.daysUntil();
        long until;
        try {
            until = db.inTransaction(c -> analytics.addOneDay(c, before));
        } catch (SQLException e) {
            throw new StorageException("could not add up a day of analytics: " + e.getMessage(), e);
        }
        analytics.daysAdded(until);
        return until != was && until + DayList.DAY <= before;
    }

    @Override
    public boolean soleWriter() {
        return true;
    }

    /**
     * Deletes at most {@code limit} token rows counted before {@code before} (their window is over) and
     * answers how many went: a large backlog is cleared in steps, between batches of hits.
     */
    static int forgetTokens(Connection c, long before, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FORGET_TOKENS)) {
            s.setLong(1, before);
            s.setInt(2, limit);
            return s.executeUpdate();
        }
    }
}

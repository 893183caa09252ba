package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import tally.StorageException;
import tally.analytics.Increments;
import tally.analytics.View;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.Ledger;

/**
 * The hit writer's batches on PostgreSQL: each batch one transaction, whose commit has returned (with
 * synchronous_commit on) before any hit is answered, and which NOTIFYs the counters it changed to the other
 * instances. Many instances write at once, so this process is never the sole writer. A batch holding a view
 * of a day that may be in the day lists already adds it there too (see PostgresDayLists).
 */
final class PostgresLedger implements Ledger {

    private static final String FORGET_TOKENS = """
            DELETE FROM refresh_tokens WHERE ctid IN (
                SELECT ctid FROM refresh_tokens WHERE counted_at < ? LIMIT ? FOR UPDATE SKIP LOCKED
            )
            """;

    private final PostgresDatabase db;
    private final PostgresNotifier notifier;
    private final PostgresAnalytics analytics;

    PostgresLedger(PostgresDatabase db, PostgresNotifier notifier, PostgresAnalytics analytics) {
        this.db = db;
        this.notifier = notifier;
        this.analytics = analytics;
    }

    @Override
    public List<CounterState> commit(List<Hit> hits, List<View> views, long now, long suppressSince, String day) {
        Increments inc = views.isEmpty() ? null : Increments.fold(views);
        boolean mayBeLate = inc != null && PostgresDayLists.mayBeLate(inc, now / 1000);
        try {
            return db.inTransaction(c -> {
                long daysUntil = mayBeLate ? PostgresDayLists.lockUntil(c) : Long.MIN_VALUE;
                PostgresHits batch = new PostgresHits(c);
                List<CounterState> tallies = hits.isEmpty() ? List.of() : batch.applyAll(hits, now, suppressSince, day);
                if (inc != null) {
                    analytics.apply(c, inc);
                }
                if (mayBeLate) {
                    PostgresDayLists.addLate(c, inc, daysUntil);
                }
                notifier.publish(c, batch.changed());
                return tallies;
            });
        } catch (SQLException e) {
            throw new StorageException("the database did not accept the hit: " + e.getMessage(), e);
        }
    }

    @Override
    public void makeDurable() {
        // the commit returned after PostgreSQL flushed it (synchronous_commit = on): nothing left to do
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
        try {
            return db.inTransaction(c -> analytics.rollUpOneDay(c, before));
        } catch (SQLException e) {
            throw new StorageException("could not roll up old analytics hours: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean addOneDayList(long before) {
        try {
            return db.inTransaction(c -> PostgresDayLists.addOneDay(c, before));
        } catch (SQLException e) {
            if (PostgresDayLists.BUSY.equals(e.getSQLState())) {
                return false; // a batch holds a view of the day: its turn comes again in a minute
            }
            throw new StorageException("could not add up a day of analytics: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean soleWriter() {
        return false;
    }

    /** Deletes at most {@code limit} token rows counted before {@code before}, skipping rows another instance holds. */
    static int forgetTokens(Connection c, long before, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FORGET_TOKENS)) {
            s.setLong(1, before);
            s.setInt(2, limit);
            return s.executeUpdate();
        }
    }
}

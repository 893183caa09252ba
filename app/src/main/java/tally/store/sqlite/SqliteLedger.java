package tally.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tally.StorageException;
import tally.analytics.Increments;
import tally.count.Hit;
import tally.count.Ledger;
import tally.count.Tally;

/** The hit writer's batches on SQLite: hits and page views in one transaction of the single writer connection. */
public final class SqliteLedger implements Ledger {

    private final Database db;
    private final AnalyticsSql analytics;

    public SqliteLedger(Database db) {
        this.db = db;
        this.analytics = new AnalyticsSql(db);
    }

    @Override
    public List<Tally> commit(List<Hit> hits, Increments views, long now, long suppressSince, String day) {
        try {
            return db.inTransaction(c -> {
                List<Tally> tallies = hits.isEmpty() ? new ArrayList<>() : new HitStore(db, c).applyAll(hits, now, suppressSince, day);
                if (views != null) {
                    analytics.apply(c, views);
                }
                return tallies;
            });
        } catch (SQLException e) {
            throw new StorageException("the database did not accept the hit: " + e.getMessage(), e);
        }
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

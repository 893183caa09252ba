package tally.store.postgres;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import tally.count.CounterKey;
import tally.count.History;
import tally.count.Hit;
import tally.count.Tally;
import tally.count.Token;
import tally.count.Tokens;
import tally.store.CounterEdits;
import tally.store.CounterListing;
import tally.store.CounterStoreContract;

/** The storage contract on PostgreSQL: a database of its own on TALLY_TEST_POSTGRES's server for each. */
class PostgresCounterStoreTest extends CounterStoreContract {

    @Override
    protected Stores open() {
        TestPostgres pg = TestPostgres.create();
        try {
            return new PostgresStores(pg, PostgresDatabase.open(pg.url, 4));
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The PostgreSQL classes on one database; shared with the concurrency tests. */
    record PostgresStores(TestPostgres pg, PostgresDatabase db) implements Stores {

        @Override
        public List<Tally> importRows(Iterable<CounterEdits.Row> rows, boolean add, long[] counters) throws Exception {
            return db.inTransaction(c -> PostgresCounterEdits.importRows(c, rows, add, NOW, TODAY, counters));
        }

        @Override
        public List<Tally> set(CounterKey key, long count) throws Exception {
            return db.inTransaction(c -> PostgresCounterEdits.set(c, key, count, NOW, TODAY));
        }

        @Override
        public List<Tally> delete(CounterKey key) throws Exception {
            return db.inTransaction(c -> PostgresCounterEdits.delete(c, key));
        }

        @Override
        public List<Tally> hits(long now, String day, List<Hit> hits) throws Exception {
            return db.inTransaction(c -> new PostgresHits(c).applyAll(hits, now, now - 300_000, day));
        }

        @Override
        public Tally countOf(CounterKey key, String day) {
            return new PostgresCounterReads(db).countOf(key, day);
        }

        @Override
        public List<History.Day> dailyHits(CounterKey key, String firstDay) {
            return new PostgresCounterReads(db).dailyHits(key, firstDay);
        }

        @Override
        public boolean answers() {
            return new PostgresCounterReads(db).answers();
        }

        @Override
        public CounterListing.Page page(String q, String sort, int limit, long offset) {
            return new PostgresCounterListing(db).page(q, sort, limit, offset, TODAY);
        }

        @Override
        public void export(CounterListing.Sink sink) throws IOException {
            new PostgresCounterListing(db).export(sink);
        }

        @Override
        public String keep(String name, String fresh) {
            return new PostgresSettings(db).keep(name, fresh);
        }

        @Override
        public Token token(String cookie) {
            return new Tokens(db.tokenSecret(), Clock.systemUTC()).fromCookie(cookie);
        }

        @Override
        public long number(String sql) {
            return pg.number(sql);
        }

        @Override
        public void close() {
            db.close();
            pg.close();
        }
    }
}

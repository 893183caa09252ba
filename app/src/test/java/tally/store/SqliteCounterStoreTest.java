package tally.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import tally.count.CounterKey;
import tally.count.History;
import tally.count.Hit;
import tally.count.Tally;
import tally.count.Token;
import tally.count.Tokens;

/** The storage contract on SQLite: a fresh file in a temp folder for each database. */
class SqliteCounterStoreTest extends CounterStoreContract {

    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Stores open() {
        return new SqliteStores(Database.open(dir.resolve("tally" + ++opened + ".db"), false));
    }

    private record SqliteStores(Database db) implements Stores {

        @Override
        public List<Tally> importRows(Iterable<CounterEdits.Row> rows, boolean add, long[] counters) throws Exception {
            return db.inTransaction(c -> CounterEdits.importRows(c, rows, add, NOW, TODAY, counters));
        }

        @Override
        public List<Tally> set(CounterKey key, long count) throws Exception {
            return db.inTransaction(c -> CounterEdits.set(c, key, count, NOW, TODAY));
        }

        @Override
        public List<Tally> delete(CounterKey key) throws Exception {
            return db.inTransaction(c -> CounterEdits.delete(c, key));
        }

        @Override
        public List<Tally> hits(long now, String day, List<Hit> hits) throws Exception {
            return db.inTransaction(c -> new HitStore(db, c).applyAll(hits, now, now - 300_000, day));
        }

        @Override
        public Tally countOf(CounterKey key, String day) {
            return new CounterReads(db).countOf(key, day);
        }

        @Override
        public List<History.Day> dailyHits(CounterKey key, String firstDay) {
            return new CounterReads(db).dailyHits(key, firstDay);
        }

        @Override
        public boolean answers() {
            return new CounterReads(db).answers();
        }

        @Override
        public CounterListing.Page page(String q, String sort, int limit, long offset) {
            return new CounterListing(db).page(q, sort, limit, offset, TODAY);
        }

        @Override
        public void export(CounterListing.Sink sink) throws IOException {
            new CounterListing(db).export(sink);
        }

        @Override
        public String keep(String name, String fresh) {
            return new Settings(db).keep(name, fresh);
        }

        @Override
        public Token token(String cookie) {
            return new Tokens(db.tokenSecret(), Clock.systemUTC()).fromCookie(cookie);
        }

        @Override
        public long number(String sql) {
            try (Connection c = db.reader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }
}

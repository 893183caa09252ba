package tally.store.sqlite;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tally.admin.CounterStore;
import tally.analytics.AdminToken;
import tally.analytics.AnalyticsStore;
import tally.count.CounterReads;
import tally.count.CounterState;
import tally.count.Ledger;
import tally.store.Storage;

/** Tally on one SQLite file, with this process its only writer. */
public final class SqliteStorage implements Storage {

    private final Database db;
    private final Ledger ledger;
    private final CounterReads reads;
    private final AnalyticsStore analytics;
    private final CounterStore counters;
    private final Settings settings;

    private SqliteStorage(Database db) {
        this.db = db;
        this.ledger = new SqliteLedger(db);
        this.reads = new SqliteCounterReads(db);
        this.analytics = new AnalyticsSql(db);
        this.counters = new SqliteCounters(db);
        this.settings = new Settings(db);
    }

    /** Opens (or creates) the file; see Database.open. */
    public static SqliteStorage open(Path file, boolean fullSync, boolean autoCheckpoint) {
        return new SqliteStorage(Database.open(file, fullSync, autoCheckpoint));
    }

    /** Over a database already open (tests, and commands that opened it themselves). */
    public static SqliteStorage of(Database db) {
        return new SqliteStorage(db);
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public CounterReads reads() {
        return reads;
    }

    @Override
    public AnalyticsStore analytics() {
        return analytics;
    }

    @Override
    public CounterStore counters() {
        return counters;
    }

    @Override
    public AdminToken.Keeper settings() {
        return settings;
    }

    @Override
    public byte[] tokenSecret() {
        return db.tokenSecret();
    }

    @Override
    public String describe() {
        return db.file().toString();
    }

    @Override
    public Optional<Database> sqlite() {
        return Optional.of(db);
    }

    @Override
    public void listen(Consumer<List<CounterState>> changed, Runnable missed) {
        // the only writer: every change is this process's own, and reaches live streams through the writer
    }

    @Override
    public void close() {
        db.close();
    }
}

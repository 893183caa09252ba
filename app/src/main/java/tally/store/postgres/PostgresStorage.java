package tally.store.postgres;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tally.admin.CounterStore;
import tally.analytics.AdminToken;
import tally.analytics.AnalyticsStore;
import tally.count.CounterKey;
import tally.count.CounterReads;
import tally.count.CounterState;
import tally.count.Ledger;
import tally.store.Storage;
import tally.store.sqlite.Database;

/** Tally on a PostgreSQL database shared by any number of instances. */
public final class PostgresStorage implements Storage {

    /** Connections per instance: the writer's, the readers', and room for admin work. */
    private static final int POOL = 8;

    private final PostgresDatabase db;
    private final PostgresNotifier notifier;
    private final Ledger ledger;
    private final CounterReads reads;
    private final PostgresAnalytics analytics;
    private final CounterStore counters;
    private final PostgresSettings settings;
    private final byte[] secret;

    private PostgresStorage(PostgresDatabase db) {
        this.db = db;
        this.notifier = new PostgresNotifier(db);
        this.analytics = new PostgresAnalytics(db);
        this.ledger = new PostgresLedger(db, notifier, analytics);
        this.reads = new PostgresCounterReads(db);
        this.counters = new PostgresCounters(db, notifier);
        this.settings = new PostgresSettings(db);
        this.secret = db.tokenSecret();
    }

    /** Opens a pool on the database and applies pending migrations, one instance at a time. */
    public static PostgresStorage open(PostgresUrl url) {
        return new PostgresStorage(PostgresDatabase.open(url, POOL));
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
        return secret.clone();
    }

    @Override
    public String describe() {
        return db.url().redacted();
    }

    @Override
    public Optional<Database> sqlite() {
        return Optional.empty();
    }

    @Override
    public void listen(Consumer<List<CounterState>> changed, Runnable missed) {
        notifier.start(new PostgresNotifier.Listener() {
            @Override
            public void changed(List<PostgresNotifier.Change> changes) {
                changed.accept(changes.stream().map(ch -> new CounterState(
                        new CounterKey(CounterKey.Kind.ofColumn(ch.kind()), ch.key()), ch.count(), ch.today(), true)).toList());
            }

            @Override
            public void reconnected() {
                missed.run();
            }
        });
    }

    @Override
    public void close() {
        notifier.close();
        db.close();
    }
}

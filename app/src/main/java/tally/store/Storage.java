package tally.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tally.Config;
import tally.StorageException;
import tally.admin.CounterStore;
import tally.analytics.AdminToken;
import tally.analytics.AnalyticsStore;
import tally.count.CounterReads;
import tally.count.CounterState;
import tally.count.Ledger;
import tally.store.postgres.PostgresStorage;
import tally.store.sqlite.Database;
import tally.store.sqlite.SqliteStorage;

/** One backend's implementations of what the domain packages need from storage: SQLite or PostgreSQL, from TALLY_DB. */
public interface Storage extends AutoCloseable {

    /** Opens the database TALLY_DB names, applying pending migrations; throws tally.StorageException. */
    static Storage open(Config config) {
        return config.counting().postgres() != null ? PostgresStorage.open(config.counting().postgres())
                : SqliteStorage.open(config.counting().database(), config.counting().sync() == Config.Sync.FULL,
                        config.counting().checkpoint() == Config.Checkpoint.AUTO);
    }

    Ledger ledger();

    CounterReads reads();

    AnalyticsStore analytics();

    CounterStore counters();

    AdminToken.Keeper settings();

    /** The secret refresh tokens are enciphered with, shared by everything that uses this database. */
    byte[] tokenSecret();

    /** What the start line names: the file, or the URL without its password. */
    String describe();

    /** The SQLite database, for what only a file allows (backups, file sizes); empty on PostgreSQL. */
    Optional<Database> sqlite();

    /**
     * Tells {@code changed} of the counters other instances' commits changed, from now on, and runs
     * {@code missed} after a gap in which some may have gone unheard. Nothing to hear for a sole writer.
     */
    void listen(Consumer<List<CounterState>> changed, Runnable missed);

    @Override
    void close();
}

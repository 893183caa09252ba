package tally.store.postgres;

import tally.store.CounterStoreContract;

/** The storage contract on PostgreSQL: a database of its own on TALLY_TEST_POSTGRES's server for each. */
class PostgresCounterStoreTest extends CounterStoreContract {

    @Override
    protected Stores open() {
        TestPostgres pg = TestPostgres.create();
        try {
            return new StorageStores(PostgresStorage.open(pg.url), pg::number, pg::close);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }
}

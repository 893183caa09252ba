package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.count.CounterKey;
import tally.count.UrlKeys;
import tally.admin.CounterStore.Row;
import tally.admin.CounterStore;

/** What only PostgreSQL's export needs: rows streamed through a cursor, not the whole table read into memory. */
class PostgresCounterListingTest {

    private TestPostgres pg;
    private PostgresDatabase db;

    @BeforeEach
    void freshDatabase() {
        pg = TestPostgres.create();
        db = PostgresDatabase.open(pg.url, 2);
    }

    @AfterEach
    void dropIt() {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void anExportReadsThroughAnOpenPortalAFewRowsAtATimeAndGivesBackAutocommit() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3 * PostgresCounterListing.FETCH; i++) {
            rows.add(new Row(UrlKeys.url("example.com/p" + i), i, null));
        }
        db.inTransaction(c -> PostgresCounterEdits.importRows(c, rows, false, 0, "2026-11-21", new long[1]));
        List<Long> portals = new ArrayList<>();
        long[] counters = new long[1];
        try (Connection c = db.connection()) {
            PostgresCounterListing.export(c, new CounterStore.Sink() {
                @Override
                public void counter(CounterKey key, long count) {
                    if (counters[0]++ == 0) {
                        portals.add(openPortals(c));
                    }
                }

                @Override
                public void day(CounterKey key, String day, long hits) {
                }
            });
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(openPortals(c)).isZero();
        }
        assertThat(counters[0]).isEqualTo(rows.size());
        assertThat(portals).as("the export's rows came from a portal still open after the first ones").containsExactly(1L);
    }

    /** The portals of the protocol (not DECLAREd cursors) open on this connection's session. */
    private static long openPortals(Connection c) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_cursors WHERE name <> ''")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

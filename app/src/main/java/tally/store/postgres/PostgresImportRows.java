package tally.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tally.admin.CounterStore.Row;

/**
 * Import lines staged in the temporary table {@code import_rows} of the caller's transaction (dropped at its end),
 * sent a few thousand at a time as five arrays, so a large import costs round trips by the chunk, not by the line.
 */
final class PostgresImportRows {

    /** Import lines sent to the server per statement. */
    private static final int CHUNK = 5_000;

    private static final String CREATE = """
            CREATE TEMP TABLE IF NOT EXISTS import_rows (kind TEXT NOT NULL, key TEXT NOT NULL, count BIGINT NOT NULL, day DATE,
                                                         line BIGINT NOT NULL)
            ON COMMIT DROP
            """;
    private static final String STAGE_ROWS = """
            INSERT INTO import_rows (kind, key, count, day, line)
            SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::date[], ?::bigint[])
            """;

    private PostgresImportRows() {
    }

    /** Empties (or creates) import_rows and fills it with the rows, read once. */
    static void stage(Connection c, Iterable<Row> rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
            s.execute("TRUNCATE import_rows");
        }
        try (PreparedStatement s = c.prepareStatement(STAGE_ROWS)) {
            List<Row> chunk = new ArrayList<>(CHUNK);
            for (Row r : rows) {
                chunk.add(r);
                if (chunk.size() == CHUNK) {
                    send(c, s, chunk);
                }
            }
            if (!chunk.isEmpty()) {
                send(c, s, chunk);
            }
        }
    }

    private static void send(Connection c, PreparedStatement s, List<Row> chunk) throws SQLException {
        int n = chunk.size();
        String[] kinds = new String[n];
        String[] keys = new String[n];
        Long[] counts = new Long[n];
        String[] days = new String[n];
        Long[] lines = new Long[n];
        for (int i = 0; i < n; i++) {
            Row r = chunk.get(i);
            kinds[i] = r.key().kind().column();
            keys[i] = r.key().key();
            counts[i] = r.count();
            days[i] = r.day();
            lines[i] = r.line();
        }
        s.setArray(1, c.createArrayOf("text", kinds));
        s.setArray(2, c.createArrayOf("text", keys));
        s.setArray(3, c.createArrayOf("bigint", counts));
        s.setArray(4, c.createArrayOf("text", days));
        s.setArray(5, c.createArrayOf("bigint", lines));
        s.executeUpdate();
        chunk.clear();
    }
}

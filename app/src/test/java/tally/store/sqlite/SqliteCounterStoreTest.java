package tally.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import tally.store.CounterStoreContract;

/** The storage contract on SQLite: a fresh file in a temp folder for each database. */
class SqliteCounterStoreTest extends CounterStoreContract {

    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Stores open() {
        Database db = Database.open(dir.resolve("tally" + ++opened + ".db"), false);
        return new StorageStores(SqliteStorage.of(db), sql -> number(db, sql), () -> { });
    }

    private static long number(Database db, String sql) {
        try (Connection c = db.reader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}

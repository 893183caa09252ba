package tally.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per physical connection: neither sqlite-jdbc nor HikariCP caches them, and
 * preparing a statement costs more than running it.
 */
final class StatementCache {

    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();

    /**
     * The statement for this SQL on the physical connection behind {@code c}, prepared on first use and
     * kept. A connection is used by one thread at a time, so its own map needs no lock.
     */
    PreparedStatement prepared(Connection c, String sql) throws SQLException {
        Connection physical = c.unwrap(SQLiteConnection.class);
        Map<String, PreparedStatement> cache = statements.get(physical);
        if (cache == null) {
            statements.keySet().removeIf(StatementCache::closed);
            cache = new HashMap<>();
            statements.put(physical, cache);
        }
        PreparedStatement s = cache.get(sql);
        if (s == null || s.isClosed()) {
            s = physical.prepareStatement(sql);
            cache.put(sql, s);
        }
        return s;
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}

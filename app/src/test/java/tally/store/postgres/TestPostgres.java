package tally.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own on the PostgreSQL server named by TALLY_TEST_POSTGRES (a URL, as .ci/run exports it from
 * pg_virtualenv), dropped at close. Without that variable the calling test is skipped, except under CI=true,
 * where a missing server fails the build.
 */
public final class TestPostgres implements AutoCloseable {

    public final PostgresUrl url;
    private final PostgresUrl server;

    private TestPostgres(PostgresUrl server, PostgresUrl url) {
        this.server = server;
        this.url = url;
    }

    /** A fresh, empty database on the test server. */
    public static TestPostgres create() {
        return create("");
    }

    /** A fresh, empty database made with these CREATE DATABASE options, such as a collation other than the server's. */
    static TestPostgres create(String options) {
        PostgresUrl server = server(System.getenv());
        String name = "tally_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run(server, "CREATE DATABASE " + name + " " + options);
        return new TestPostgres(server, server.withDatabase(name));
    }

    public static PostgresUrl server(Map<String, String> env) {
        String value = env.get("TALLY_TEST_POSTGRES");
        if (value == null || value.isBlank()) {
            String needs = "the PostgreSQL tests need a server: set TALLY_TEST_POSTGRES to its URL, such as"
                    + " postgresql://user:password@localhost:5432/postgres (.ci/run starts one with pg_virtualenv)";
            if ("true".equals(env.get("CI"))) {
                fail("CI=true and " + needs);
            }
            abort("PostgreSQL tests skipped: " + needs + " (with CI=true this is a failure)");
        }
        return PostgresUrl.fromEnv(Map.of("TALLY_DB", value));
    }

    private static void run(PostgresUrl on, String sql) {
        try (Connection c = DriverManager.getConnection(on.jdbcUrl(), on.properties());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + on + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query that answers one number, on a connection of its own. */
    public long number(String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement on a connection of its own. */
    public void execute(String sql) {
        run(url, sql);
    }

    @Override
    public void close() {
        run(server, "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)");
    }
}

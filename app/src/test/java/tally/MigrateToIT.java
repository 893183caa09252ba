package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.store.postgres.PostgresUrl;

/** {@code migrate-to} of the real jar: what a server counted on SQLite, moved into PostgreSQL and read there. */
class MigrateToIT {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    /** Each table with the columns that identify a row and what it holds, as both backends print them. */
    private static final List<String> ROWS = List.of(
            "SELECT kind || ' ' || key || ' ' || count || ' ' || created_at || ' ' || last_hit FROM counters",
            "SELECT counter_id || ' ' || day || ' ' || hits FROM daily_hits",
            "SELECT counter_id || ' ' || counted_at FROM refresh_tokens",
            "SELECT site || ' ' || hour || ' ' || views || ' ' || uniques || ' ' || bots FROM analytics_hours",
            "SELECT site || ' ' || page || ' ' || dimension || ' ' || value || ' ' || views FROM analytics_values",
            "SELECT site || ' ' || page || ' ' || title FROM analytics_titles");

    @TempDir
    Path dir;

    @Test
    void whatAServerCountedOnSqliteIsAllInPostgresAfterTheMove() throws Exception {
        PostgresUrl server = server();
        PostgresUrl target = server.withDatabase("tally_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        execute(server, "CREATE DATABASE " + target.database());
        try {
            Path db = dir.resolve("tally.db");
            try (ChildTally tally = ChildTally.start(db, Map.of())) {
                for (int i = 0; i < 5; i++) {
                    assertThat(tally.get("/count?url=example.com/a").statusCode()).isEqualTo(200);
                }
                assertThat(tally.get("/count?url=example.com/b").statusCode()).isEqualTo(200);
                HttpClient http = HttpClient.newHttpClient();
                for (String page : List.of("/a", "/a", "/b")) {
                    HttpRequest pixel = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port
                            + "/pixel.gif?site=blog.example&path=" + page + "&title=Post")).header("User-Agent", FIREFOX).build();
                    assertThat(http.send(pixel, HttpResponse.BodyHandlers.discarding()).statusCode()).isLessThan(300);
                }
                assertThat(tally.signal("TERM")).isZero();
            }

            String password = server.password() == null ? "" : server.password();
            Jar moved = Jar.run(Map.of("TALLY_DB", db.toString(), "TALLY_DB_PASSWORD", password), "migrate-to", target.redacted());
            assertThat(moved.exit()).as(moved.err()).isZero();
            assertThat(moved.out()).containsPattern("counters +2 rows").contains("6 counted hits and 6 daily hits");
            if (!password.isEmpty()) {
                assertThat(moved.out() + moved.err()).doesNotContain(":" + password + "@");
            }

            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                 Connection pg = DriverManager.getConnection(target.jdbcUrl(), target.properties())) {
                assertThat(rows(pg, "SELECT count FROM counters WHERE key = 'example.com/a'")).containsExactly("5");
                assertThat(rows(pg, "SELECT sum(hits) FROM daily_hits")).containsExactly("6");
                assertThat(rows(pg, "SELECT sum(views) FROM analytics_hours")).containsExactly("3");
                for (String query : ROWS) {
                    assertThat(rows(pg, query)).as(query).isEqualTo(rows(sqlite, query));
                }
                String secrets = "SELECT name, value FROM settings ORDER BY name";
                assertThat(bytes(pg, secrets)).isEqualTo(bytes(sqlite, secrets)).hasSize(2);
            }
        } finally {
            execute(server, "DROP DATABASE IF EXISTS " + target.database() + " WITH (FORCE)");
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static List<String> bytes(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + HexFormat.of().formatHex(rs.getBytes(2)));
            }
        }
        return rows;
    }

    /** The server named by TALLY_TEST_POSTGRES; skipped without it, except under CI=true. */
    private static PostgresUrl server() {
        String value = System.getenv("TALLY_TEST_POSTGRES");
        if (value == null || value.isBlank()) {
            String needs = "migrate-to's test needs a PostgreSQL server: set TALLY_TEST_POSTGRES to its URL";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + needs);
            }
            abort("skipped: " + needs + " (with CI=true this is a failure)");
        }
        return PostgresUrl.fromEnv(Map.of("TALLY_DB", value));
    }

    private static void execute(PostgresUrl on, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(on.jdbcUrl(), on.properties()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

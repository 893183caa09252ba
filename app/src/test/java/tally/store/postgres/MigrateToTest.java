package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.cli.Commands;
import tally.analytics.View;
import tally.store.sqlite.Database;
import tally.store.sqlite.SqliteLedger;
import tally.store.Move;
import tally.store.sqlite.SqliteMove;

/** {@code migrate-to}: SQLite into an empty PostgreSQL database and back, all or nothing, on a real server. */
class MigrateToTest {

    private TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeEach
    void freshDatabase() {
        pg = TestPostgres.create();
    }

    @AfterEach
    void dropIt() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void sqliteToPostgresAndBackToANewFileKeepsEveryRowOfEveryTable() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        byte[] before = Files.readAllBytes(source);

        Result there = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        assertThat(there.code()).as(there.err()).isZero();
        assertThat(there.out()).contains("Copied TALLY_DB=" + source + " to " + url())
                .containsPattern("counters +3 rows").containsPattern("refresh_tokens +3 rows")
                .containsPattern("daily_hits +4 rows").containsPattern("settings +2 rows")
                .containsPattern("analytics_hours +2 rows").containsPattern("analytics_values +3 rows")
                .containsPattern("analytics_titles +2 rows")
                .contains("9,000,000,123 counted hits and 9,000,000,123 daily hits");
        assertThat(Files.readAllBytes(source)).as("the source is only read").isEqualTo(before);
        try (Connection s = sqlite(source); Connection p = postgres()) {
            assertThat(dump(p, tables(s))).isEqualTo(dump(s, tables(s)));
        }
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            assertThat(db.tokenSecret()).as("cookies and refresh tokens stay valid").isEqualTo(tokenSecret(source));
        }

        Path back = dir.resolve("back/again.db");
        Result home = run(Map.of("TALLY_DB", url(), "TALLY_DB_PASSWORD", password()), "migrate-to", back.toString());
        assertThat(home.code()).as(home.err()).isZero();
        try (Connection s = sqlite(source); Connection b = sqlite(back)) {
            assertThat(tables(b)).isEqualTo(tables(s));
            assertThat(dump(b, tables(s))).isEqualTo(dump(s, tables(s)));
            assertThat(number(b, "PRAGMA user_version")).isEqualTo(number(s, "PRAGMA user_version"));
        }
        try (Stream<Path> files = Files.list(back.getParent())) {
            // (the -wal and -shm beside it are made by this test's read-only connections)
            assertThat(files.map(f -> f.getFileName().toString())).contains("again.db").noneMatch(f -> f.startsWith("."));
        }
    }

    @Test
    void pageViewsNotYetAddedUpInTheSourceArriveAddedUpAndTheSourceIsOnlyRead() throws Exception {
        Path source = dir.resolve("tally.db");
        long hour = 20_423 * 86_400L + 3_600;
        try (Database db = Database.open(source, false)) {
            new SqliteLedger(db).commit(List.of(), List.of(
                    new View("a.example", hour, "/a", "A", false, false, true, true, false, null, "Firefox", "133", "Linux", "desktop", "DE", "1280x720"),
                    new View("a.example", hour, null, null, true, false, false, false, false, null, null, null, null, null, null, null)),
                    0, 0, "2025-12-01");
        }
        byte[] before = Files.readAllBytes(source);
        try (Connection s = sqlite(source)) {
            assertThat(number(s, "SELECT count(*) FROM analytics_pending")).isEqualTo(2);
        }

        Result r = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(pg.number("SELECT views * 100 + uniques * 10 + bots FROM analytics_hours")).isEqualTo(111);
        assertThat(pg.number("SELECT count(*) FROM analytics_values WHERE page = '/a'")).isEqualTo(8);
        assertThat(pg.number("SELECT count(*) FROM analytics_titles")).isEqualTo(1);
        assertThat(Files.readAllBytes(source)).as("the source is only read").isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no copy left behind").noneMatch(f -> f.startsWith("."));
        }
    }

    @Test
    void countersMadeAfterTheMoveGetIdsPastTheHighestCopied() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        PostgresDatabase.open(pg.url, 1).close(); // a server started once on it: migrated, its own secret, no rows
        Result r = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(pg.number("INSERT INTO counters (kind, key, count, created_at) VALUES ('URL', 'example.com/new', 1, 0)"
                + " RETURNING id")).isEqualTo(1001);
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            assertThat(db.tokenSecret()).isEqualTo(tokenSecret(source));
        }
    }

    @Test
    void aTargetThatHoldsACounterIsRefusedAndLeftAsItWas() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        byte[] secret;
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            secret = db.tokenSecret();
        }
        pg.execute("INSERT INTO counters (kind, key, count, created_at) VALUES ('URL', 'example.com/mine', 7, 0)");
        Result r = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nothing was written", "not empty (it holds rows in counters)");
        assertThat(pg.number("SELECT count(*) FROM counters")).isEqualTo(1);
        assertThat(pg.number("SELECT count FROM counters WHERE key = 'example.com/mine'")).isEqualTo(7);
        assertThat(pg.number("SELECT count(*) FROM daily_hits") + pg.number("SELECT count(*) FROM analytics_hours")).isZero();
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            assertThat(db.tokenSecret()).isEqualTo(secret);
        }

        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "mine");
        Result file = run(Map.of("TALLY_DB", source.toString()), "migrate-to", existing.toString());
        assertThat(file.code()).isEqualTo(1);
        assertThat(file.err()).contains(existing + " exists");
        assertThat(Files.readString(existing)).isEqualTo("mine");
    }

    @Test
    void aFailureHalfWayLeavesThePostgresTargetEmpty() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        byte[] secret;
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            secret = db.tokenSecret();
        }
        // Counters go in first; the day with nine billion hits then breaks this rule.
        pg.execute("ALTER TABLE daily_hits ADD CONSTRAINT at_most_a_million CHECK (hits <= 1000000)");
        Result r = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nothing was written", "daily_hits", "at_most_a_million");
        for (String table : List.of("counters", "refresh_tokens", "daily_hits", "analytics_hours", "analytics_values", "analytics_titles")) {
            assertThat(pg.number("SELECT count(*) FROM " + table)).as(table).isZero();
        }
        try (PostgresDatabase db = PostgresDatabase.open(pg.url, 1)) {
            assertThat(db.tokenSecret()).isEqualTo(secret);
        }
    }

    @Test
    void aFailureHalfWayLeavesNoSqliteFile() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            // Without foreign keys enforced, as an old or damaged file might hold: a day of a counter that is gone.
            c.createStatement().executeUpdate("INSERT INTO daily_hits (counter_id, day, hits) VALUES (4242, '2026-01-01', 1)");
        }
        Path target = dir.resolve("new.db");
        Result r = run(Map.of("TALLY_DB", source.toString()), "migrate-to", target.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nothing was written", "daily_hits");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.contains("new.db"))).isEmpty();
        }
    }

    @Test
    void theSameDatabaseAndANewerSchemaAreRefusedWithNothingWritten() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        Result same = run(Map.of("TALLY_DB", source.toString()), "migrate-to", dir.resolve("./x/../tally.db").toString());
        assertThat(same.code()).isEqualTo(1);
        assertThat(same.err()).contains("is TALLY_DB itself");

        run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()), "migrate-to", url());
        String otherSpelling = url().replace("localhost", "127.0.0.1");
        Result samePg = run(Map.of("TALLY_DB", url(), "TALLY_DB_PASSWORD", password()), "migrate-to", otherSpelling);
        assertThat(samePg.code()).isEqualTo(1);
        assertThat(samePg.err()).contains("is TALLY_DB itself");

        try (TestPostgres other = TestPostgres.create()) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
                s.execute("PRAGMA user_version = 99");
            }
            Result newer = run(Map.of("TALLY_DB", source.toString(), "TALLY_DB_PASSWORD", password()),
                    "migrate-to", other.url.redacted());
            assertThat(newer.code()).isEqualTo(1);
            assertThat(newer.err()).contains("schema version 99 but this Tally knows versions up to ");
            assertThat(other.number("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isZero();
        }
    }

    @Test
    void theCopyIsOneSnapshotWhileTheSourceKeepsCounting() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        try (Move.Source snapshot = SqliteMove.source(source); Database server = Database.open(source, true)) {
            server.inTransaction(c -> c.createStatement().executeUpdate(
                    "INSERT INTO counters (kind, key, count, created_at) VALUES ('URL', 'example.com/late', 5, 0)"));
            var copied = Move.run(snapshot, PostgresMove.target(pg.url));
            assertThat(copied.rows()).containsEntry("counters", 3L);
        }
        assertThat(pg.number("SELECT count(*) FROM counters")).isEqualTo(3);

        try (Move.Source snapshot = PostgresMove.source(pg.url)) {
            pg.execute("INSERT INTO counters (kind, key, count, created_at) VALUES ('URL', 'example.com/later', 1, 0)");
            var copied = Move.run(snapshot, SqliteMove.target(dir.resolve("from-postgres.db")));
            assertThat(copied.rows()).containsEntry("counters", 3L);
            assertThat(copied.counted()).isEqualTo(9_000_000_123L);
        }
    }

    @Test
    void thePasswordIsNeverPrinted() throws Exception {
        Path source = filled(dir.resolve("tally.db"));
        String role = "tally_mover_" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "Pw-" + UUID.randomUUID();
        pg.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + secret + "'");
        try {
            pg.execute("GRANT CREATE ON SCHEMA public TO " + role);
            String withPassword = "postgresql://" + role + ":" + secret + "@" + url().substring(url().indexOf('@') + 1);
            Result wrong = run(Map.of("TALLY_DB", source.toString()), "migrate-to", withPassword.replace(secret, "Wrong-" + secret));
            assertThat(wrong.code()).isEqualTo(1);
            assertThat(wrong.err()).contains("password authentication failed");
            Result there = run(Map.of("TALLY_DB", source.toString()), "migrate-to", withPassword);
            assertThat(there.code()).as(there.err()).isZero();
            Result back = run(Map.of("TALLY_DB", withPassword), "migrate-to", dir.resolve("back.db").toString());
            assertThat(back.code()).as(back.err()).isZero();
            for (Result r : List.of(wrong, there, back)) {
                assertThat(r.out() + r.err()).doesNotContain(secret);
            }
        } finally {
            pg.execute("DROP OWNED BY " + role);
            pg.execute("DROP ROLE " + role);
        }
    }

    /** An SQLite database as Tally makes it, with a row or more in every table and values that test each column. */
    static Path filled(Path file) throws SQLException {
        SecureRandom random = new SecureRandom();
        try (Database db = Database.open(file, false)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("""
                            INSERT INTO counters (id, kind, key, count, created_at, last_hit) VALUES
                              (5, 'URL', 'example.com/a', 120, 1700000000000, 1764547200123),
                              (17, 'NAMED', 'Straße ✓ 日本 ''quoted''', 9000000000, 1700000000001, NULL),
                              (1000, 'PAGE_ID', 'p', 3, 1700000000002, 1764547299999)
                            """);
                    s.executeUpdate("""
                            INSERT INTO daily_hits (counter_id, day, hits) VALUES
                              (5, '2026-11-30', 100), (5, '2026-12-01', 20), (17, '2024-02-29', 9000000000), (1000, '1999-12-31', 3)
                            """);
                    s.executeUpdate("""
                            INSERT INTO analytics_hours (site, hour, views, uniques, bots) VALUES
                              ('blog.example', 1764547200000, 10, 4, 1), ('docs.example', 1764550800000, 2, 2, 0)
                            """);
                    s.executeUpdate("""
                            INSERT INTO analytics_values (site, hour, page, dimension, value, views) VALUES
                              ('blog.example', 1764547200000, '/a', 'referrer', 'news.ycombinator.com', 6),
                              ('blog.example', 1764547200000, '/a', 'country', 'DE', 4),
                              ('blog.example', 1764547200000, '', 'browser', 'Firefox', 10)
                            """);
                    s.executeUpdate("""
                            INSERT INTO analytics_titles (site, page, title) VALUES
                              ('blog.example', '/a', 'A — post'), ('docs.example', '/', '')
                            """);
                }
                try (PreparedStatement token = c.prepareStatement(
                        "INSERT INTO refresh_tokens (token, counter_id, counted_at) VALUES (?, ?, ?)")) {
                    for (long counter : new long[] {5, 5, 17}) {
                        byte[] bytes = new byte[16];
                        random.nextBytes(bytes);
                        token.setBytes(1, bytes);
                        token.setLong(2, counter);
                        token.setLong(3, 1764547200000L + counter);
                        token.executeUpdate();
                    }
                }
                try (PreparedStatement admin = c.prepareStatement("INSERT INTO settings (name, value) VALUES ('admin_token', ?)")) {
                    admin.setBytes(1, "admin-token-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
                    admin.executeUpdate();
                }
                return null;
            });
        }
        return file;
    }

    /** Every row of each table, as text (bytes in hex), sorted: equal dumps are equal tables, whatever the backend. */
    static Map<String, List<String>> dump(Connection c, List<String> tables) throws SQLException {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        row.append(rs.getMetaData().getColumnName(i)).append('=')
                                .append(value instanceof byte[] b ? HexFormat.of().formatHex(b) : rs.getString(i)).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
            rows.sort(null);
            dump.put(table, rows);
        }
        return dump;
    }

    private static List<String> tables(Connection sqlite) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = sqlite.createStatement();
             // analytics_pending is SQLite's journal of page views not yet added up: a move adds them up first;
             // the day lists are SQLite's own, derived from analytics_values and made again by the store moved to
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'analytics_pending'"
                     + " AND name NOT LIKE 'analytics_day_lists%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] tokenSecret(Path sqlite) throws SQLException {
        try (Connection c = sqlite(sqlite); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM settings WHERE name = 'token_secret'")) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private static Connection sqlite(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
    }

    private Connection postgres() throws SQLException {
        return DriverManager.getConnection(pg.url.jdbcUrl(), pg.url.properties());
    }

    /** The test database's URL without its password, which travels in TALLY_DB_PASSWORD. */
    private String url() {
        return pg.url.redacted();
    }

    private String password() {
        return pg.url.password();
    }

    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

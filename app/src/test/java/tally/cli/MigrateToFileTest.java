package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.store.sqlite.Database;

/** {@code migrate-to FILE} between SQLite files, which needs no PostgreSQL server: what it refuses, and a copy. */
class MigrateToFileTest {

    @TempDir
    Path dir;

    @Test
    void copiesIntoANewFileWithTheSameCountsAndSecrets() throws Exception {
        Path source = counted(dir.resolve("tally.db"));
        Path target = dir.resolve("moved/tally.db");
        Result r = run(Map.of("TALLY_DB", source.toString()), "migrate-to", target.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("counters +1 rows").containsPattern("settings +1 rows")
                .contains("42 counted hits and 42 daily hits");
        for (String sql : new String[] {"SELECT count FROM counters WHERE key = 'example.com/a'",
                "SELECT hex(value) FROM settings WHERE name = 'token_secret'", "SELECT day || hits FROM daily_hits"}) {
            assertThat(text(target, sql)).as(sql).isEqualTo(text(source, sql)).isNotNull();
        }
    }

    @Test
    void refusesAnExistingFileTheSourceItselfAndAMissingSource() throws Exception {
        Path source = counted(dir.resolve("tally.db"));
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "keep me");
        Result exists = run(Map.of("TALLY_DB", source.toString()), "migrate-to", existing.toString());
        assertThat(exists.code()).isEqualTo(1);
        assertThat(exists.err()).contains("existing.db exists", "never replaces one");
        assertThat(Files.readString(existing)).isEqualTo("keep me");

        Result itself = run(Map.of("TALLY_DB", source.toString()), "migrate-to", dir.resolve("sub/../tally.db").toString());
        assertThat(itself.code()).isEqualTo(1);
        assertThat(itself.err()).contains("is TALLY_DB itself");

        Result missing = run(Map.of("TALLY_DB", dir.resolve("none.db").toString()), "migrate-to", dir.resolve("x.db").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("none.db: no such file");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void refusesANewerSchemaAndMovesAnOlderOneUpgradedWithoutWritingTheSource() throws Exception {
        Path source = counted(dir.resolve("tally.db"));
        setUserVersion(source, 99);
        Result newer = run(Map.of("TALLY_DB", source.toString()), "migrate-to", dir.resolve("x.db").toString());
        assertThat(newer.code()).isEqualTo(1);
        assertThat(newer.err()).contains("schema version 99 but this Tally knows versions up to");
        assertThat(dir.resolve("x.db")).doesNotExist();

        // As Tally's version 3 left it: before counters.last_hit.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
            s.execute("DROP TABLE analytics_day_lists");
            s.execute("DROP TABLE analytics_day_lists_until");
            s.execute("DROP VIEW analytics_pairs_all");
            s.execute("DROP TABLE analytics_pairs");
            s.execute("DROP VIEW analytics_hours_all");
            s.execute("DROP VIEW analytics_values_all");
            s.execute("DROP TABLE analytics_pending");
            s.execute("ALTER TABLE counters DROP COLUMN last_hit");
            s.execute("PRAGMA user_version = 3");
        }
        byte[] before = Files.readAllBytes(source);
        Result older = run(Map.of("TALLY_DB", source.toString()), "migrate-to", dir.resolve("x.db").toString());
        assertThat(older.code()).as(older.err()).isZero();
        assertThat(older.out()).contains("42 counted hits and 42 daily hits");
        assertThat(text(dir.resolve("x.db"), "SELECT count || ' ' || coalesce(last_hit, 'none') FROM counters")).isEqualTo("42 none");
        assertThat(text(source, "PRAGMA user_version")).isEqualTo("3");
        assertThat(Files.readAllBytes(source)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("."));
        }
    }

    @Test
    void namesItsArgumentWhenItHasNone() {
        Result r = run(Map.of(), "migrate-to");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("usage: java -jar tally.jar migrate-to FILE-or-URL");
        assertThat(run(Map.of(), "--help").out()).contains("migrate-to FILE-or-URL", "stop the server first for an exact move");
    }

    private static Path counted(Path file) throws SQLException {
        try (Database db = Database.open(file, false)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO counters (id, kind, key, count, created_at) VALUES (1, 'URL', 'example.com/a', 42, 0)");
                    return s.executeUpdate("INSERT INTO daily_hits (counter_id, day, hits) VALUES (1, '2026-12-01', 42)");
                }
            });
        }
        return file;
    }

    private static void setUserVersion(Path file, int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + version);
        }
    }

    private static String text(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

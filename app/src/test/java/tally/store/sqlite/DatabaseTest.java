package tally.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.StorageException;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void opensInWalModeWithTheRequestedSync() {
        try (Database db = Database.open(dir.resolve("full.db"), true)) {
            assertThat(db.pragma("journal_mode")).isEqualTo("wal");
            assertThat(db.pragma("user_version")).isEqualTo(String.valueOf(Schema.MIGRATIONS.size()));
        }
        try (Database db = Database.open(dir.resolve("normal.db"), false)) {
            assertThat(db.pragma("journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void theWriterCheckpointsEveryTenThousandPages() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), true)) {
            long pages = db.inTransaction(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(pages).isEqualTo(10_000);
        }
    }

    @Test
    void createsParentFolders() {
        Path nested = dir.resolve("a/b/c/tally.db");
        try (Database db = Database.open(nested, true)) {
            assertThat(nested).exists();
            assertThat(db.file()).isEqualTo(nested.toAbsolutePath());
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() throws Exception {
        Path file = dir.resolve("tally.db");
        Database.open(file, true).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO counters (kind, key, count, created_at) VALUES ('url', 'a.com', 7, 0)");
        }
        try (Database db = Database.open(file, true); Connection c = db.reader(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count FROM counters WHERE key = 'a.com'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(7);
        }
    }

    @Test
    void theTokenSecretIsMadeOnceAndKeptAcrossRestarts() {
        Path file = dir.resolve("secret.db");
        byte[] first;
        try (Database db = Database.open(file, true)) {
            first = db.tokenSecret();
        }
        try (Database db = Database.open(file, true)) {
            assertThat(db.tokenSecret()).hasSize(16).isEqualTo(first);
        }
        try (Database other = Database.open(dir.resolve("other.db"), true)) {
            assertThat(other.tokenSecret()).isNotEqualTo(first);
        }
    }

    @Test
    void refusesASchemaNewerThanItKnows() throws Exception {
        Path file = dir.resolve("tally.db");
        Database.open(file, true).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> Database.open(file, true)).isInstanceOf(StorageException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer Tally");
    }

    @Test
    void aFileThatIsNotADatabaseFailsWithItsPath() throws Exception {
        Path file = dir.resolve("junk.db");
        java.nio.file.Files.writeString(file, "this is not sqlite ".repeat(100));
        assertThatThrownBy(() -> Database.open(file, true)).isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString());
    }
}

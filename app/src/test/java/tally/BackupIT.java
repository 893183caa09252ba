package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup FILE} and {@code restore FILE} of the real jar, beside a real server. */
class BackupIT {

    @TempDir
    Path dir;

    private Map<String, String> env(Path db) {
        return Map.of("TALLY_DB", db.toString());
    }

    static String integrity(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aBackupWhileHitsAreCountedHoldsEveryHitAcknowledgedBeforeItStarted() throws Exception {
        Path db = dir.resolve("tally.db");
        Path backup = dir.resolve("copies/backup.db");
        Files.createDirectories(backup.getParent());
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            for (int i = 0; i < 4; i++) {
                load.execute(() -> {
                    while (running.get()) {
                        try {
                            if (tally.get("/count?url=backup.example.com/page").statusCode() == 200) {
                                acknowledged.incrementAndGet();
                            }
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
            }
            while (acknowledged.get() < 500) {
                Thread.sleep(10);
            }
            long before = acknowledged.get();
            Jar run = Jar.run(env(db), "backup", backup.toString());
            long after = acknowledged.get();
            running.set(false);
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("Backed up");
            assertThat(after).as("counting went on during the backup").isGreaterThan(before);
            assertThat(integrity(backup)).isEqualTo("ok");
            assertThat(ChildTally.hitsInFile(backup)).isGreaterThanOrEqualTo(before);
            assertThat(Path.of(backup + "-wal")).doesNotExist();
        }
    }

    @Test
    void aBackupNeverOverwritesAFileUnlessForced() throws Exception {
        Path db = dir.resolve("tally.db");
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            tally.get("/count?url=backup.example.com/force");
            Path existing = Files.writeString(dir.resolve("existing.db"), "precious");

            Jar refused = Jar.run(env(db), "backup", existing.toString());
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains(existing.toString()).contains("exists").contains("--force");
            assertThat(Files.readString(existing)).isEqualTo("precious");

            Jar forced = Jar.run(env(db), "backup", existing.toString(), "--force");
            assertThat(forced.exit()).as(forced.err()).isZero();
            assertThat(integrity(existing)).isEqualTo("ok");
            assertThat(ChildTally.hitsInFile(existing)).isEqualTo(1);
        }
        assertThat(dir).isDirectoryNotContaining("glob:**.partial");
    }

    @Test
    void aBackupOfAMissingDatabaseOrIntoAMissingFolderFailsWithAMessage() throws Exception {
        Jar missing = Jar.run(env(dir.resolve("none.db")), "backup", dir.resolve("b.db").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("TALLY_DB=" + dir.resolve("none.db")).contains("no such file");
        assertThat(dir.resolve("none.db")).doesNotExist();

        Jar usage = Jar.run(env(dir.resolve("none.db")), "backup");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("backup FILE [--force]");
    }

    @Test
    void restorePutsABackupBackAndTheServerCountsOnFromIt() throws Exception {
        Path db = dir.resolve("tally.db");
        Path backup = dir.resolve("backup.db");
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            for (int i = 0; i < 5; i++) {
                tally.get("/count?url=restore.example.com");
            }
            assertThat(Jar.run(env(db), "backup", backup.toString()).exit()).isZero();
            for (int i = 0; i < 3; i++) {
                tally.get("/count?url=restore.example.com");
            }

            Jar refused = Jar.run(env(db), "restore", backup.toString());
            assertThat(refused.exit()).as("restore while the server runs").isNotZero();
            assertThat(refused.err()).contains("stop the server first");
            assertThat(tally.get("/nocount?url=restore.example.com").body()).isEqualTo("8");
            assertThat(tally.signal("TERM")).isZero();
        }
        Jar restored = Jar.run(env(db), "restore", backup.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("Restored").contains("schema version");
        assertThat(Path.of(db + "-wal")).doesNotExist();
        assertThat(backup).exists();
        try (ChildTally again = ChildTally.start(db, Map.of())) {
            assertThat(again.get("/nocount?url=restore.example.com").body()).isEqualTo("5");
            assertThat(again.get("/count?url=restore.example.com").body()).isEqualTo("6");
        }
    }

    @Test
    void restoreRefusesWhatIsNotAGoodTallyBackup() throws Exception {
        Path db = dir.resolve("tally.db");
        Path text = Files.writeString(dir.resolve("notes.db"), "just some text, long enough to have a header");
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        Path future = dir.resolve("future.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + future); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE counters (x)");
            s.execute("PRAGMA user_version = 999");
        }
        Map<Path, String> expected = Map.of(
                text, "not a SQLite database",
                foreign, "schema version 0",
                future, "schema version 999",
                dir.resolve("missing.db"), "no such file");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            Jar run = Jar.run(env(db), "restore", e.getKey().toString());
            assertThat(run.exit()).as(e.getKey() + ": " + run.err()).isNotZero();
            assertThat(run.err()).contains(e.getValue());
        }
        assertThat(db).doesNotExist();
    }
}

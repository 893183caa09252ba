package tally.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TALLY_CHECKPOINT: Tally checkpoints every 10,000 WAL pages itself, or never while it runs (litestream). */
class CheckpointTest {

    @TempDir
    Path dir;

    /** The writer's setting: it is the connection that commits, and so the one that would checkpoint. */
    private static String writersAutocheckpoint(Database db) throws Exception {
        return db.inTransaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void tallyCheckpointsItselfByDefault() throws Exception {
        try (Database db = Database.open(dir.resolve("auto.db"), true)) {
            assertThat(writersAutocheckpoint(db)).isEqualTo("10000");
        }
    }

    @Test
    void withLitestreamTallyNeverCheckpoints() throws Exception {
        try (Database db = Database.open(dir.resolve("litestream.db"), true, false)) {
            assertThat(writersAutocheckpoint(db)).isEqualTo("0");
        }
    }
}

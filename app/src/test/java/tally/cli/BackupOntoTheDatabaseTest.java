package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** {@code backup FILE --force} never writes over the database it copies, its -wal or its lock, while the server counts. */
class BackupOntoTheDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aForcedBackupOntoTheRunningDatabaseItsWalOrItsLockIsRefusedAndTheCountsStay() {
        assumeFalse(TestTally.onPostgres(), "backup copies an SQLite file");
        Path db = dir.resolve("tally.db");
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                var browser = Http.cookieless(server);
                for (int i = 0; i < 3; i++) {
                    browser.get("/count?url=https://example.com/a");
                }

                assertThat(run(db, "backup", db.toString(), "--force"))
                        .isEqualTo("1 tally: backup of TALLY_DB=" + db + " failed: " + db
                                + " is TALLY_DB itself: write the backup to another file");
                assertThat(run(db, "backup", dir.resolve("./tally.db-wal").toString(), "--force"))
                        .startsWith("1 tally: backup of TALLY_DB=" + db + " failed: ")
                        .endsWith("is TALLY_DB's -wal file itself: write the backup to another file");
                assertThat(run(db, "backup", dir.resolve("tally.db.lock").toString(), "--force"))
                        .endsWith("is TALLY_DB's .lock file itself: write the backup to another file");

                assertThat(browser.get("/count?url=https://example.com/a").body().string()).isEqualTo("4");
            });
        }
        try (TestTally reopened = TestTally.create(dir)) {
            assertThat(reopened.number("SELECT count FROM counters")).isEqualTo(4);
        }
    }

    /** The exit code, a space and what the command wrote to standard error. */
    private static String run(Path db, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, Map.of("TALLY_DB", db.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return code + " " + err.toString(StandardCharsets.UTF_8).trim();
    }
}

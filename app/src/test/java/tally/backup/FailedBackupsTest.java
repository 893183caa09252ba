package tally.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.cli.Commands;
import tally.store.sqlite.Database;

/** A backup that fails half-way, the command's or a scheduled one, leaves none of its files behind. */
class FailedBackupsTest {

    @TempDir
    Path dir;

    @Test
    void backupsIntoAFolderThatFillsUpLeaveNothingThere() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()),
                "cannot mount a small tmpfs here (needs root): a backup that fills its folder is not tested");
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    // about 2 MB: more than the folder holds
                    return s.executeUpdate("""
                            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                            INSERT INTO counters (kind, key, count, created_at)
                            SELECT 'url', 'example.com/' || hex(randomblob(24)), i, 0 FROM n
                            """);
                }
            });

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Commands.run(new String[] {"backup", small.resolve("b.db").toString()}, Map.of("TALLY_DB", db.file().toString()),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(files(small)).as("after the command").isEmpty();

            ScheduledBackups scheduled = new ScheduledBackups(db, small, Duration.ofHours(1), 2, Clock.systemUTC());
            scheduled.backUp();
            assertThat(scheduled.status().lastOk()).isFalse();
            assertThat(files(small)).as("after a scheduled backup").isEmpty();
        } finally {
            run("umount", small.toString());
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}

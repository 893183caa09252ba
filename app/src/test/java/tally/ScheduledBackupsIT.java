package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TALLY_BACKUP_DIR and TALLY_BACKUP_EVERY: the server backs itself up, keeps the newest, and counts through failures. */
class ScheduledBackupsIT {

    @TempDir
    Path dir;

    private static List<Path> backups(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static void awaitLines(ChildTally tally, String text, int n) throws InterruptedException {
        while (tally.log.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < n) {
            Thread.sleep(50);
        }
    }

    @Test
    void scheduledBackupsAreNamedByUtcTimeAndRotatedToKeep() throws Exception {
        Path folder = dir.resolve("backups");
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"),
                Map.of("TALLY_BACKUP_DIR", folder.toString(), "TALLY_BACKUP_EVERY", "1s", "TALLY_BACKUP_KEEP", "2"))) {
            tally.get("/count?url=scheduled.example.com");
            awaitLines(tally, "Backup written to", 4);
            // Stopped, no backup is under way: the folder holds exactly what rotation left.
            assertThat(tally.signal("TERM")).isZero();
            List<Path> kept = backups(folder);
            assertThat(kept).hasSize(2);
            for (Path b : kept) {
                assertThat(b.getFileName().toString()).matches("tally-\\d{8}T\\d{6}Z\\.db");
                assertThat(BackupIT.integrity(b)).isEqualTo("ok");
                assertThat(ChildTally.hitsInFile(b)).isEqualTo(1);
            }
            List<String> written = tally.log.toString().lines().filter(l -> l.contains("Backup written to")).toList();
            assertThat(kept.stream().map(b -> "Backup written to " + b))
                    .as("the newest two written").allMatch(w -> written.stream().skip(written.size() - 2).anyMatch(l -> l.endsWith(w)));
        }
    }

    private static void failingBackupsAreLoggedOnceAndCountingGoesOn(Path database, Path folder, String reason) throws Exception {
        try (ChildTally tally = ChildTally.start(database,
                Map.of("TALLY_BACKUP_DIR", folder.toString(), "TALLY_BACKUP_EVERY", "1s"))) {
            awaitLines(tally, "failed", 1);
            for (int i = 1; i <= 30; i++) {
                assertThat(tally.get("/count?url=failing-backups.example.com").body()).isEqualTo(String.valueOf(i));
                Thread.sleep(100);
            }
            assertThat(tally.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(tally.log.toString().lines().filter(l -> l.contains("Backup to")).toList())
                    .as("one line for repeated failures:\n" + tally.log).hasSize(1)
                    .allMatch(l -> l.contains("counting goes on") && l.contains(reason));
        }
    }

    @Test
    void aBackupFolderThatCannotBeCreatedIsLoggedOnceAndCountingGoesOn() throws Exception {
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "x");
        failingBackupsAreLoggedOnceAndCountingGoesOn(dir.resolve("tally.db"), aFile.resolve("backups"), "Not a directory");
    }

    @Test
    void aBackupFolderThatIsAFileIsLoggedWithWhatIsWrong() throws Exception {
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "x");
        failingBackupsAreLoggedOnceAndCountingGoesOn(dir.resolve("tally.db"), aFile, aFile + " exists and is not a folder");
    }

    @Test
    void aFullBackupFolderIsLoggedOnceAndCountingGoesOn() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()),
                "cannot mount a small tmpfs here (needs root): a full backup folder is not tested");
        try {
            try (var out = Files.newOutputStream(small.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (java.io.IOException full) {
                // the folder is full now
            }
            failingBackupsAreLoggedOnceAndCountingGoesOn(dir.resolve("tally.db"), small, "full");
        } finally {
            run("umount", small.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

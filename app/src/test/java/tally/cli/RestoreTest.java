package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.store.sqlite.Database;

/** {@code restore FILE} over an existing database leaves a file the server that owned the old one can open. */
class RestoreTest {

    @TempDir
    Path dir;

    @Test
    void restoringOverADatabaseKeepsItsPermissionsAndAsRootItsOwnerAndGroup() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path db = dir.resolve("tally.db");
        Database.open(db, false).close();
        Path backup = dir.resolve("backup.db");
        assertThat(run(db, "backup", backup.toString())).isEqualTo("0 ");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw----"));
        PosixFileAttributeView view = Files.getFileAttributeView(db, PosixFileAttributeView.class);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // as systemd's DynamicUser would have it: the service's own user, not root
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            view.setOwner(users.lookupPrincipalByName("65534"));
            view.setGroup(users.lookupPrincipalByGroupName("65534"));
        }
        PosixFileAttributes before = view.readAttributes();

        assertThat(run(db, "restore", backup.toString())).isEqualTo("0 ");

        PosixFileAttributes after = Files.getFileAttributeView(db, PosixFileAttributeView.class).readAttributes();
        assertThat(after.fileKey()).as("a new file").isNotEqualTo(before.fileKey());
        assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-rw----");
        assertThat(after.owner()).isEqualTo(before.owner());
        assertThat(after.group()).isEqualTo(before.group());
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

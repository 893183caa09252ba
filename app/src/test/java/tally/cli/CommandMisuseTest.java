package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command told wrong arguments or a bad variable stops with exit 2 and one line saying what to give instead. */
class CommandMisuseTest {

    @TempDir
    Path dir;

    @Test
    void aMissingOrExtraFileShowsTheCommandsUsage() {
        assertThat(run("backup")).isEqualTo("2 tally: usage: java -jar tally.jar backup FILE [--force]");
        assertThat(run("backup", "a", "b", "--force")).isEqualTo("2 tally: usage: java -jar tally.jar backup FILE [--force]");
        assertThat(run("restore", "--force")).isEqualTo("2 tally: usage: java -jar tally.jar restore FILE");
        assertThat(run("import", "--add")).isEqualTo("2 tally: usage: java -jar tally.jar import FILE [--add]");
        assertThat(run("export", "a", "b")).isEqualTo("2 tally: usage: java -jar tally.jar export [--format=csv|json] [FILE]");
        assertThat(run("export", "--csv")).isEqualTo("2 tally: usage: java -jar tally.jar export [--format=csv|json] [FILE]");
        assertThat(run("token", "--db", "other.db")).isEqualTo("2 tally: usage: java -jar tally.jar token (it reads TALLY_DB and TALLY_ADMIN_TOKEN)");
    }

    @Test
    void anUnknownFormatOrAMissingImportFileIsNamed() {
        assertThat(run("export", "--format=csv", "--format=xml")).isEqualTo("2 tally: --format must be csv or json, not 'xml'");
        Path missing = dir.resolve("missing.csv");
        assertThat(run("import", missing.toString(), "--add")).isEqualTo("2 tally: " + missing + ": no such file");
    }

    @Test
    void aBadVariableStopsEveryCommandThatReadsTheConfiguration() {
        Map<String, String> env = Map.of("TALLY_DB", dir.resolve("t.db").toString(), "TALLY_SYNC", "sometimes");
        String message = "2 tally: TALLY_SYNC must be full or normal, not 'sometimes'";
        assertThat(run(env, "backup", dir.resolve("b.db").toString())).isEqualTo(message);
        assertThat(run(env, "restore", dir.resolve("b.db").toString())).isEqualTo(message);
        assertThat(run(env, "export")).isEqualTo(message);
        assertThat(run(env, "token")).isEqualTo(message);
    }

    @Test
    void aFileInAFolderThatIsMissingOrAFolderForAFileIsNamed() throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("backups"));
        Path nowhere = dir.resolve("no-such-folder");
        assertThat(run("backup", nowhere.resolve("b.db").toString())).isEqualTo("2 tally: no such folder: " + nowhere + " (make it first)");
        assertThat(run("export", nowhere.resolve("e.csv").toString())).isEqualTo("2 tally: no such folder: " + nowhere + " (make it first)");
        assertThat(run("backup", folder.toString(), "--force")).startsWith("2 tally: " + folder + " is a folder: name a file in it");
        assertThat(run("import", folder.toString())).isEqualTo("2 tally: " + folder + " is a folder: name a file in it");
        assertThat(run("restore", folder.toString())).isEqualTo("2 tally: " + folder + " is a folder: name a file in it");
    }

    @Test
    void aUrlOfAnotherDatabaseIsNotTakenForAFileName() {
        assertThat(run(Map.of("TALLY_DB", "mysql://db.example/tally"), "token"))
                .startsWith("2 tally: TALLY_DB: mysql:// is not a database Tally reads");
        assertThat(run("migrate-to", "postgressql://db.example/tally"))
                .startsWith("2 tally: postgressql:// is not a database Tally writes");
        assertThat(dir.resolve("mysql:")).doesNotExist();
    }

    private String run(String... args) {
        return run(Map.of("TALLY_DB", dir.resolve("t.db").toString()), args);
    }

    /** The exit code, a space and what the command wrote to standard error. */
    private static String run(Map<String, String> env, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return code + " " + err.toString(StandardCharsets.UTF_8).trim();
    }
}

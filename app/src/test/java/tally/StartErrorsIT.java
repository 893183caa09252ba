package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TALLY_DB or TALLY_HOST that cannot work stops the real jar at once: exit 2, the variable and the real cause. */
class StartErrorsIT {

    @TempDir
    Path dir;

    private record Case(String what, Map<String, String> env, String expected) {
    }

    private record Run(int exit, String output) {
    }

    private Run start(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("tally.jar", "target/tally.jar")).redirectErrorStream(true);
        pb.environment().put("TALLY_PORT", "0");
        pb.environment().put("TALLY_HOST", "127.0.0.1");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 30 s:\n" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void eachBadPlaceOrAddressExitsTwoNamingTheVariableAndTheCause() throws Exception {
        Path aFile = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        Path text = Files.writeString(dir.resolve("text.db"), "hello, this is not SQLite at all\n".repeat(10));
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        String db = dir.resolve("tally.db").toString();
        List<Case> cases = List.of(
                new Case("a folder that cannot be created", Map.of("TALLY_DB", aFile.resolve("sub/tally.db").toString()),
                        "TALLY_DB=" + aFile.resolve("sub/tally.db") + ": cannot create the folder"),
                new Case("a directory", Map.of("TALLY_DB", folder.toString()),
                        "TALLY_DB=" + folder + ": is a directory"),
                new Case("a file that is not SQLite", Map.of("TALLY_DB", text.toString()),
                        "TALLY_DB=" + text + ": not a SQLite database"),
                new Case("a host name that does not resolve", Map.of("TALLY_DB", db, "TALLY_HOST", "no-such-host.invalid"),
                        "TALLY_HOST=no-such-host.invalid: no such local address"),
                new Case("an address of another machine", Map.of("TALLY_DB", db, "TALLY_HOST", "192.0.2.1"),
                        "TALLY_HOST=192.0.2.1: no such local address"),
                new Case("another database's URL", Map.of("TALLY_DB", "mysql://db.example/tally"),
                        "TALLY_DB: mysql:// is not a database Tally reads"),
                new Case("a misspelt PostgreSQL URL", Map.of("TALLY_DB", "postgressql://db.example/tally"),
                        "TALLY_DB: postgressql:// is not a database Tally reads"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Run run = start(c.env());
            if (run.exit() != 2 || !run.output().contains(c.expected()) || run.output().contains("timed out")
                    || run.output().contains("\tat ")) {
                failures.add(c.what() + ": expected exit 2 and '" + c.expected() + "', got exit " + run.exit() + ":\n" + run.output());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void anUnwritablePlaceExitsTwoNamingTheVariable() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path existing = Files.write(dir.resolve("existing.db"), new byte[0]);
        assumeTrue(chattr("+i", locked, existing), "chattr +i needs root on a file system that has it");
        try {
            for (Path db : List.of(locked.resolve("tally.db"), existing)) {
                Run run = start(Map.of("TALLY_DB", db.toString()));
                assertThat(run.exit()).as(run.output()).isEqualTo(2);
                assertThat(run.output()).contains("TALLY_DB=" + db + ": ").contains("not writable").doesNotContain("timed out");
            }
        } finally {
            chattr("-i", locked, existing);
        }
    }

    @Test
    void aSecondServerOnTheSameFileExitsTwoAndTheFirstServesOn() throws Exception {
        Path db = dir.resolve("shared.db");
        try (ChildTally first = ChildTally.start(db, Map.of())) {
            Run second = start(Map.of("TALLY_DB", db.toString()));

            assertThat(second.exit()).as(second.output()).isEqualTo(2);
            assertThat(second.output()).contains("another Tally server is running on " + db).doesNotContain("\tat ");
            assertThat(first.get("/count?url=example.com/shared").body()).isEqualTo("1");
        }
        try (ChildTally after = ChildTally.start(db, Map.of())) {
            assertThat(after.get("/nocount?url=example.com/shared").body()).as("the lock went with the first server").isEqualTo("1");
        }
    }

    private static boolean chattr(String flag, Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        for (Path f : files) {
            command.add(f.toString());
        }
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false; // no chattr on this machine
        }
    }
}

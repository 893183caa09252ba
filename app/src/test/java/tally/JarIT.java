package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a person runs it: --help, --version, a bad variable, and a first start. */
class JarIT {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("tally.jar", "target/tally.jar")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryVariableWithItsDefault() throws Exception {
        Run help = run(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("TALLY_PORT", "8080", "TALLY_DB", "tally.db", "TALLY_SYNC", "TALLY_TRUST_PROXY",
                "TALLY_REFRESH_WINDOW", "300");
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        Run version = run(Map.of(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.output()).matches("tally \\d+\\.\\d+\\.\\d+\\s*");
    }

    @Test
    void aBadVariableStopsTheStartNamingIt() throws Exception {
        Run bad = run(Map.of("TALLY_PORT", "eighty"));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("TALLY_PORT");
    }

    @Test
    void aPortInUseStopsTheStartWithAMessage() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run busy = run(Map.of("TALLY_HOST", "127.0.0.1", "TALLY_PORT", String.valueOf(taken.getLocalPort())));
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.output()).contains("cannot serve on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aFirstStartCreatesTheDatabaseAndItsFoldersAndLogsWhereItListens() throws Exception {
        Path db = dir.resolve("data/nested/tally.db");
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            assertThat(tally.log.toString()).contains("listening on http://127.0.0.1:" + tally.port + "/")
                    .contains(db.toString());
            assertThat(tally.get("/count?url=example.com").body()).isEqualTo("1");
            assertThat(db).exists();
        }
    }
}

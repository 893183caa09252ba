package tally.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

class StorageFailureTest {

    @TempDir
    Path dir;

    @Test
    void aLockedDatabaseAnswers503AndTheServiceRecoversWhenItIsReleased() throws Exception {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(Http.get(server.port(), "/count?url=example.com/l", Map.of()).body()).isEqualTo("1");
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + t.config.counting().database());
                     Statement s = other.createStatement()) {
                    s.execute("BEGIN EXCLUSIVE");
                    HttpResponse<String> locked = Http.get(server.port(), "/count/tag.svg?url=example.com/l", Map.of());
                    assertThat(locked.statusCode()).isEqualTo(503);
                    assertThat(locked.body()).contains("<svg").contains("unavailable");
                    assertThat(Http.get(server.port(), "/healthz", Map.of()).statusCode()).isEqualTo(503);
                    // reads do not wait for the writer, even while it is stuck
                    assertThat(Http.get(server.port(), "/nocount?url=example.com/l", Map.of()).body()).isEqualTo("1");
                    s.execute("ROLLBACK");
                }
                assertThat(Http.get(server.port(), "/count?url=example.com/l", Map.of()).body()).isEqualTo("2");
                assertThat(Http.get(server.port(), "/healthz", Map.of()).statusCode()).isEqualTo(200);
            });
        }
    }

    @Test
    void aReadOnlyDatabaseAnswers503AndTheServiceRecoversWhenItIsWritableAgain() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        // As root, file modes do not stop writes; the immutable attribute does, even through open files (ext4).
        assumeTrue(chattr("+i", probe) && chattr("-i", probe), "chattr +i needs root on a file system that has it");
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                assertThat(Http.get(server.port(), "/count?url=example.com/ro", Map.of()).body()).isEqualTo("1");
                Path db = t.config.counting().database();
                Path[] files = {db, db.resolveSibling(db.getFileName() + "-wal")};
                assertThat(chattr("+i", files)).isTrue();
                try {
                    HttpResponse<String> refused = Http.get(server.port(), "/count.json?url=example.com/ro", Map.of());
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.body()).contains("storage is unavailable, try again shortly")
                            .as("the driver's words stay in the log").doesNotContain("SQLITE");
                    assertThat(Http.get(server.port(), "/healthz", Map.of()).statusCode()).isEqualTo(503);
                    assertThat(Http.get(server.port(), "/nocount?url=example.com/ro", Map.of()).body()).isEqualTo("1");
                } finally {
                    assertThat(chattr("-i", files)).isTrue();
                }
                assertThat(Http.get(server.port(), "/count?url=example.com/ro", Map.of()).body()).isEqualTo("2");
                assertThat(Http.get(server.port(), "/healthz", Map.of()).statusCode()).isEqualTo(200);
            });
        }
    }

    private static boolean chattr(String flag, Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        for (Path f : files) {
            command.add(f.toString());
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // no chattr on this machine
        }
    }
}

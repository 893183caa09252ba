package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
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
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + t.config.database());
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
}

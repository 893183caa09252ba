package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {

    @TempDir
    Path dir;

    @Test
    void printsTheTokenKeptInTheDatabaseAndTheSameOneAgain() {
        Map<String, String> env = Map.of("TALLY_DB", dir.resolve("t.db").toString());
        String first = run(env);
        assertThat(first).matches("[A-Za-z0-9_-]{32}");
        assertThat(run(env)).isEqualTo(first);
    }

    @Test
    void printsTallyAdminTokenWhenSet() {
        assertThat(run(Map.of("TALLY_DB", dir.resolve("t.db").toString(), "TALLY_ADMIN_TOKEN", "my-own-token"))).isEqualTo("my-own-token");
    }

    private static String run(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(new String[] {"token"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}

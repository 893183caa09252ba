package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.analytics.AdminToken;
import tally.store.Storage;

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

    @Test
    void refusesToPrintAStoredTokenWhenTheServerTakesItsOwnFromTheEnvironment() {
        Map<String, String> env = Map.of("TALLY_DB", dir.resolve("t.db").toString());
        startServerWith(env, "the-servers-own-token");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(new String[] {"token"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TALLY_ADMIN_TOKEN", "set where it runs");
        assertThat(run(Map.of("TALLY_DB", env.get("TALLY_DB"), "TALLY_ADMIN_TOKEN", "the-servers-own-token")))
                .isEqualTo("the-servers-own-token");
    }

    @Test
    void printsTheStoredTokenAgainOnceTheServerStopsTakingOneFromTheEnvironment() {
        Map<String, String> env = Map.of("TALLY_DB", dir.resolve("t.db").toString());
        String made = run(env);
        startServerWith(env, "the-servers-own-token");
        startServerWith(env, null);

        assertThat(run(env)).isEqualTo(made);
    }

    /** What a server does with its token as it starts (Main resolves it so), on the database of {@code env}. */
    private static void startServerWith(Map<String, String> env, String configured) {
        try (Storage storage = Storage.open(Arguments.config(env))) {
            AdminToken.resolve(configured, storage.settings(), made -> { });
        }
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

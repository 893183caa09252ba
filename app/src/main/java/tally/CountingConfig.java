package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tally.store.postgres.PostgresUrl;

/**
 * How hits are counted and kept: the database (an SQLite file, or else {@code postgres}, with {@code database}
 * null), its sync and checkpoints, the refresh window and cookies.
 */
public record CountingConfig(Path database, Config.Sync sync, Config.Checkpoint checkpoint, Duration refreshWindow,
                             boolean cookies, PostgresUrl postgres) {

    static CountingConfig fromEnv(Map<String, String> env) {
        PostgresUrl postgres = postgres(env);
        return new CountingConfig(
                postgres != null ? null : Path.of(Env.text(env, "TALLY_DB")),
                sync(env),
                checkpoint(env),
                Duration.ofSeconds(Env.integer(env, "TALLY_REFRESH_WINDOW", 0, 31_536_000)),
                Env.bool(env, "TALLY_COOKIES"),
                postgres);
    }

    /** The database's name for messages: the file, or the URL without its password. */
    public String describe() {
        return postgres != null ? postgres.redacted() : database.toString();
    }

    /** TALLY_DB as a PostgreSQL database (with TALLY_DB_PASSWORD or .pgpass), or null when it names an SQLite file. */
    private static PostgresUrl postgres(Map<String, String> env) {
        String other = PostgresUrl.otherScheme(Env.text(env, "TALLY_DB"));
        if (other != null) {
            throw new Config.Invalid("TALLY_DB: " + other + ":// is not a database Tally reads: give an SQLite file"
                    + " (such as /var/lib/tally/tally.db) or a URL postgresql://user@host:5432/db");
        }
        if (!PostgresUrl.isPostgres(Env.text(env, "TALLY_DB"))) {
            return null;
        }
        try {
            return PostgresUrl.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new Config.Invalid(e.getMessage());
        }
    }

    private static Config.Sync sync(Map<String, String> env) {
        String value = Env.word(env, "TALLY_SYNC");
        return switch (value) {
            case "full" -> Config.Sync.FULL;
            case "normal" -> Config.Sync.NORMAL;
            default -> throw new Config.Invalid("TALLY_SYNC must be full or normal, not '" + value + "'");
        };
    }

    private static Config.Checkpoint checkpoint(Map<String, String> env) {
        String value = Env.word(env, "TALLY_CHECKPOINT");
        return switch (value) {
            case "auto" -> Config.Checkpoint.AUTO;
            case "litestream" -> Config.Checkpoint.LITESTREAM;
            default -> throw new Config.Invalid("TALLY_CHECKPOINT must be auto or litestream, not '" + value + "'");
        };
    }
}

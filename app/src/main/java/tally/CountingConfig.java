package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** How hits are counted and kept: the database file, its sync and checkpoints, the refresh window and cookies. */
public record CountingConfig(Path database, Config.Sync sync, Config.Checkpoint checkpoint, Duration refreshWindow,
                             boolean cookies) {

    static CountingConfig fromEnv(Map<String, String> env) {
        return new CountingConfig(
                Path.of(Env.text(env, "TALLY_DB")),
                sync(env),
                checkpoint(env),
                Duration.ofSeconds(Env.integer(env, "TALLY_REFRESH_WINDOW", 0, 31_536_000)),
                Env.bool(env, "TALLY_COOKIES"));
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

package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Running Tally: scheduled backups (none when {@code backupDir} is null), who may read /metrics, and the access log. */
public record OperationsConfig(Path backupDir, Duration backupEvery, int backupKeep,
                               Config.MetricsAccess metrics, Config.AccessLog accessLog) {

    static OperationsConfig fromEnv(Map<String, String> env) {
        return new OperationsConfig(
                Env.optionalPath(env, "TALLY_BACKUP_DIR"),
                Env.duration(env, "TALLY_BACKUP_EVERY"),
                Env.integer(env, "TALLY_BACKUP_KEEP", 1, 10_000),
                metrics(env),
                accessLog(env));
    }

    /** Another TALLY_METRICS and TALLY_ACCESS_LOG. */
    public OperationsConfig withMetrics(Config.MetricsAccess access, Config.AccessLog log) {
        return new OperationsConfig(backupDir, backupEvery, backupKeep, access, log);
    }

    private static Config.MetricsAccess metrics(Map<String, String> env) {
        String value = Env.word(env, "TALLY_METRICS");
        return switch (value) {
            case "public" -> Config.MetricsAccess.PUBLIC;
            case "token" -> Config.MetricsAccess.TOKEN;
            case "off" -> Config.MetricsAccess.OFF;
            default -> throw new Config.Invalid("TALLY_METRICS must be public, token or off, not '" + value + "'");
        };
    }

    private static Config.AccessLog accessLog(Map<String, String> env) {
        String value = Env.word(env, "TALLY_ACCESS_LOG");
        return switch (value) {
            case "true", "1", "yes", "on" -> Config.AccessLog.PATH;
            case "false", "0", "no", "off" -> Config.AccessLog.OFF;
            case "query" -> Config.AccessLog.QUERY;
            default -> throw new Config.Invalid("TALLY_ACCESS_LOG must be true, false or query, not '" + value + "'");
        };
    }
}

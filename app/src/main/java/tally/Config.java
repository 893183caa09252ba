package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's configuration, read once from environment variables and validated at start, one record per feature. */
public record Config(ServerConfig server, CountingConfig counting, LiveConfig live, LimitsConfig limits,
                     AnalyticsConfig analytics, OperationsConfig operations) {

    /** Names the listening address and database only. */
    @Override
    public String toString() {
        return "Config[" + server.host() + ":" + server.port() + ", " + counting.describe() + "]";
    }

    /** How hard SQLite syncs each commit. */
    public enum Sync { FULL, NORMAL }

    /** Who checkpoints the WAL into the database file: Tally itself, or Litestream (which replicates the WAL). */
    public enum Checkpoint { AUTO, LITESTREAM }

    /** Who may read /metrics: anyone, only with the admin token, or nobody (404). */
    public enum MetricsAccess { PUBLIC, TOKEN, OFF }

    /** The access log: none, a line per request without its query string, or with it. */
    public enum AccessLog { OFF, PATH, QUERY }

    /** Every variable with its default and meaning, in the order --help prints them. */
    public static final Map<String, String[]> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("TALLY_PORT", new String[] {"8080", "TCP port to listen on (0 picks a free one)"});
        VARIABLES.put("TALLY_HOST", new String[] {"0.0.0.0", "address to bind"});
        VARIABLES.put("TALLY_DB", new String[] {"tally.db", "SQLite database file (created, parent folders too), or a PostgreSQL URL postgresql://user@host:5432/db"});
        VARIABLES.put("TALLY_DB_PASSWORD", new String[] {"", "the PostgreSQL password, if not in TALLY_DB's URL or a .pgpass file"});
        VARIABLES.put("TALLY_REFRESH_WINDOW", new String[] {"300", "seconds in which a browser's reload is not counted again"});
        VARIABLES.put("TALLY_COOKIES", new String[] {"true", "false: set no cookie; reloads are recognised by a keyed hash of address and User-Agent held in memory"});
        VARIABLES.put("TALLY_SYNC", new String[] {"full", "full: every acknowledged hit is fsynced; normal: survives a process crash, may lose the last commits on power loss"});
        VARIABLES.put("TALLY_TRUST_PROXY", new String[] {"false", "true (or 1): believe the X-Forwarded-* entry the proxy in front appended; N: the N-th from the right, for N proxies in a row"});
        VARIABLES.put("TALLY_PUBLIC_URL", new String[] {"", "the address readers reach Tally at, such as https://tally.example.com (the snippets' origin); unset: taken from the request"});
        VARIABLES.put("TALLY_LIVE_INTERVAL", new String[] {"250", "milliseconds between two live events of one counter"});
        VARIABLES.put("TALLY_SSE_MAX", new String[] {"10000", "most live streams open at once"});
        VARIABLES.put("TALLY_SSE_PER_IP", new String[] {"32", "most live streams open at once from one client address"});
        VARIABLES.put("TALLY_BACKUP_DIR", new String[] {"", "folder for scheduled backups (none when empty)"});
        VARIABLES.put("TALLY_BACKUP_EVERY", new String[] {"6h", "time between scheduled backups: 90s, 30m, 6h, 1d"});
        VARIABLES.put("TALLY_BACKUP_KEEP", new String[] {"7", "scheduled backups kept; older ones are deleted"});
        VARIABLES.put("TALLY_CHECKPOINT", new String[] {"auto", "auto: Tally checkpoints the WAL; litestream: leaves it to Litestream"});
        VARIABLES.put("TALLY_METRICS", new String[] {"public", "GET /metrics for Prometheus: public, token (only with the admin token) or off"});
        VARIABLES.put("TALLY_ACCESS_LOG", new String[] {"false", "true: a log line per request (tally.access); query: with its query string"});
        VARIABLES.put("TALLY_RATE_LIMIT", new String[] {"10/s:60", "hits counted per client address: N/s, N/m or N/h with :BURST, or off; beyond it the count is shown, not raised"});
        VARIABLES.put("TALLY_RATE_LIMIT_EXEMPT", new String[] {"", "comma list of addresses or CIDR ranges not rate-limited (User-Agent github-camo* never is)"});
        VARIABLES.put("TALLY_NEW_COUNTERS_PER_HOUR", new String[] {"100", "new counters (URL and named) one client address may create per hour, or off"});
        VARIABLES.put("TALLY_ALLOWED_HOSTS", new String[] {"", "comma list of hosts whose URLs may be counted, such as example.com,*.github.io (empty: any)"});
        VARIABLES.put("TALLY_SSE_PER_NETWORK", new String[] {"128", "most live streams open at once from one IPv4 /24 or IPv6 /64"});
        VARIABLES.put("TALLY_MAX_CONNECTIONS", new String[] {"0", "most connections open at once; 0: the open-file limit less 128"});
        VARIABLES.put("TALLY_CONNECTIONS_PER_IP", new String[] {"128", "most connections open at once from one client address (0: no limit; not applied with TALLY_TRUST_PROXY)"});
        VARIABLES.put("TALLY_HEADER_TIMEOUT", new String[] {"10", "seconds a client has to send a request's line and headers (2 when near TALLY_MAX_CONNECTIONS), and again its body of up to 16 KB"});
        VARIABLES.put("TALLY_ADMIN_TOKEN", new String[] {"", "token for /analytics, /api and /admin (default: made at first start, kept in the database; `token` prints it)"});
        VARIABLES.put("TALLY_SITES", new String[] {"", "sites the pixel records, e.g. example.com,*.github.io (default: any, at most 100 new a day)"});
        VARIABLES.put("TALLY_NEW_VALUES_PER_HOUR", new String[] {"1000", "pixel views one client address may send per hour that bring a page, referrer, browser or screen size new to the site's hour, or off; beyond, its views count in the totals only"});
        VARIABLES.put("TALLY_RETENTION_DAYS", new String[] {"400", "days of hourly analytics; older hours are rolled up into days"});
        VARIABLES.put("TALLY_GEOIP_DB", new String[] {"", "a MaxMind-format country database to use instead of the one shipped"});
    }

    /** Thrown for a variable whose value cannot be used; the message names the variable. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Every variable read and validated; the first that cannot be used is thrown as {@link Invalid}. */
    public static Config fromEnv(Map<String, String> env) {
        return new Config(ServerConfig.fromEnv(env), CountingConfig.fromEnv(env), LiveConfig.fromEnv(env),
                LimitsConfig.fromEnv(env), AnalyticsConfig.fromEnv(env), OperationsConfig.fromEnv(env));
    }

    /**
     * The defaults with another database file and without the abuse limits: what tests start from (one test
     * client is one address that counts fast); tests of the limits turn them on with {@link #withLimits}.
     */
    public static Config defaults(Path database) {
        return fromEnv(Map.of("TALLY_DB", database.toString(), "TALLY_PORT", "0",
                "TALLY_RATE_LIMIT", "off", "TALLY_NEW_COUNTERS_PER_HOUR", "off"));
    }

    /** Trusts one proxy (or none): as TALLY_TRUST_PROXY=true or false. */
    public Config withTrustProxy(boolean trust) {
        return new Config(server.withTrustProxy(trust), counting, live, limits, analytics, operations);
    }

    public Config withConnections(int max, int perIp, Duration headerTimeout) {
        return new Config(server.withConnections(max, perIp, headerTimeout), counting, live, limits, analytics, operations);
    }

    public Config withSse(Duration interval, int max, int perIp) {
        return new Config(server, counting, live.withSse(interval, max, perIp), limits, analytics, operations);
    }

    public Config withSsePerNetwork(int perNetwork) {
        return new Config(server, counting, live.withSsePerNetwork(perNetwork), limits, analytics, operations);
    }

    /** Another TALLY_RATE_LIMIT, TALLY_RATE_LIMIT_EXEMPT, TALLY_NEW_COUNTERS_PER_HOUR and TALLY_ALLOWED_HOSTS, as their text. */
    public Config withLimits(String rate, String exempt, String newPerHour, String hosts) {
        return new Config(server, counting, live, LimitsConfig.of(rate, exempt, newPerHour, hosts), analytics, operations);
    }

    /** Another admin token (null: made at first start), site patterns and retention. */
    public Config withAnalytics(String token, List<String> sitePatterns, int retention) {
        return new Config(server, counting, live, limits, analytics.with(token, sitePatterns, retention), operations);
    }

    /** Another TALLY_NEW_VALUES_PER_HOUR (Integer.MAX_VALUE: no cap). */
    public Config withNewValuesPerHour(int perHour) {
        return new Config(server, counting, live, limits, analytics.withNewValuesPerHour(perHour), operations);
    }

    /** Another TALLY_METRICS and TALLY_ACCESS_LOG. */
    public Config withMetrics(MetricsAccess access, AccessLog log) {
        return new Config(server, counting, live, limits, analytics, operations.withMetrics(access, log));
    }
}

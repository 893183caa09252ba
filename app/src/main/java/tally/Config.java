package tally;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tally.limits.AddressRanges;
import tally.limits.AllowedHosts;
import tally.limits.Rate;
import tally.store.postgres.PostgresUrl;

/** The service's configuration, read once from environment variables and validated at start. */
public record Config(String host, int port, Path database, Duration refreshWindow, Sync sync,
                     boolean trustProxy, Duration liveInterval, int sseMax, int ssePerIp,
                     int proxyHops, String publicUrl, boolean cookies,
                     Path backupDir, Duration backupEvery, int backupKeep, Checkpoint checkpoint,
                     Rate rateLimit, AddressRanges rateLimitExempt, int newCountersPerHour, AllowedHosts allowedHosts,
                     int maxConnections, int connectionsPerIp, Duration headerTimeout, int ssePerNetwork,
                     String adminToken, List<String> sites, int retentionDays, Path geoipDb,
                     Map<String, String> source, MetricsAccess metrics, AccessLog accessLog, PostgresUrl postgres) {

    /** {@code trustProxy} is whether any proxy is trusted; {@code proxyHops} how many (at least 1 when trusted, else 0). */
    public Config {
        proxyHops = trustProxy ? Math.max(1, proxyHops) : 0;
        source = Map.copyOf(source);
    }

    /** Names the listening address and database only: {@code source} may hold the admin token. */
    @Override
    public String toString() {
        return "Config[" + host + ":" + port + ", " + (postgres != null ? postgres.redacted() : database) + "]";
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
        VARIABLES.put("TALLY_HEADER_TIMEOUT", new String[] {"10", "seconds a client has to send a request's line and headers (2 when near TALLY_MAX_CONNECTIONS)"});
        VARIABLES.put("TALLY_ADMIN_TOKEN", new String[] {"", "token for /analytics, /api and /admin (default: made at first start, kept in the database; `token` prints it)"});
        VARIABLES.put("TALLY_SITES", new String[] {"", "sites the pixel records, e.g. example.com,*.github.io (default: any, at most 100 new a day)"});
        VARIABLES.put("TALLY_RETENTION_DAYS", new String[] {"400", "days of hourly analytics; older hours are rolled up into days"});
        VARIABLES.put("TALLY_GEOIP_DB", new String[] {"", "a MaxMind-format country database to use instead of the one shipped"});
    }

    /** Thrown for a variable whose value cannot be used; the message names the variable. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        int hops = proxyHops(env);
        PostgresUrl postgres = postgres(env);
        return new Config(
                text(env, "TALLY_HOST"),
                integer(env, "TALLY_PORT", 0, 65535),
                postgres != null ? null : Path.of(text(env, "TALLY_DB")),
                Duration.ofSeconds(integer(env, "TALLY_REFRESH_WINDOW", 0, 31_536_000)),
                sync(env),
                hops > 0,
                Duration.ofMillis(integer(env, "TALLY_LIVE_INTERVAL", 0, 60_000)),
                integer(env, "TALLY_SSE_MAX", 0, 1_000_000),
                integer(env, "TALLY_SSE_PER_IP", 0, 1_000_000),
                hops,
                publicUrl(env),
                bool(env, "TALLY_COOKIES"),
                optionalPath(env, "TALLY_BACKUP_DIR"),
                duration(env, "TALLY_BACKUP_EVERY"),
                integer(env, "TALLY_BACKUP_KEEP", 1, 10_000),
                checkpoint(env),
                parsed(env, "TALLY_RATE_LIMIT", Rate::parse),
                parsed(env, "TALLY_RATE_LIMIT_EXEMPT", AddressRanges::parse),
                perHour(env, "TALLY_NEW_COUNTERS_PER_HOUR"),
                parsed(env, "TALLY_ALLOWED_HOSTS", AllowedHosts::parse),
                integer(env, "TALLY_MAX_CONNECTIONS", 0, 1_000_000),
                integer(env, "TALLY_CONNECTIONS_PER_IP", 0, 1_000_000),
                Duration.ofSeconds(integer(env, "TALLY_HEADER_TIMEOUT", 1, 3600)),
                integer(env, "TALLY_SSE_PER_NETWORK", 0, 1_000_000),
                adminToken(env),
                sites(env),
                integer(env, "TALLY_RETENTION_DAYS", 1, 36_500),
                optionalPath(env, "TALLY_GEOIP_DB"),
                env,
                metrics(env),
                accessLog(env),
                postgres);
    }

    /** TALLY_DB as a PostgreSQL database (with TALLY_DB_PASSWORD or .pgpass), or null when it names an SQLite file. */
    private static PostgresUrl postgres(Map<String, String> env) {
        if (!PostgresUrl.isPostgres(text(env, "TALLY_DB"))) {
            return null;
        }
        try {
            return PostgresUrl.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
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
        return with(Map.of("TALLY_TRUST_PROXY", trust ? "1" : "0"));
    }

    public Config withSse(Duration interval, int max, int perIp) {
        return with(Map.of("TALLY_LIVE_INTERVAL", Long.toString(interval.toMillis()),
                "TALLY_SSE_MAX", Integer.toString(max), "TALLY_SSE_PER_IP", Integer.toString(perIp)));
    }

    public Config withSsePerNetwork(int perNetwork) {
        return with(Map.of("TALLY_SSE_PER_NETWORK", Integer.toString(perNetwork)));
    }

    /** Another TALLY_RATE_LIMIT, TALLY_RATE_LIMIT_EXEMPT, TALLY_NEW_COUNTERS_PER_HOUR and TALLY_ALLOWED_HOSTS, as their text. */
    public Config withLimits(String rate, String exempt, String newPerHour, String hosts) {
        return with(Map.of("TALLY_RATE_LIMIT", rate, "TALLY_RATE_LIMIT_EXEMPT", exempt,
                "TALLY_NEW_COUNTERS_PER_HOUR", newPerHour, "TALLY_ALLOWED_HOSTS", hosts));
    }

    public Config withConnections(int max, int perIp, Duration headerTimeout) {
        return with(Map.of("TALLY_MAX_CONNECTIONS", Integer.toString(max), "TALLY_CONNECTIONS_PER_IP", Integer.toString(perIp),
                "TALLY_HEADER_TIMEOUT", Long.toString(headerTimeout.toSeconds())));
    }

    /** Another admin token (null: made at first start), site patterns and retention. */
    public Config withAnalytics(String token, List<String> sitePatterns, int retention) {
        return with(Map.of("TALLY_ADMIN_TOKEN", token == null ? "" : token, "TALLY_SITES", String.join(",", sitePatterns),
                "TALLY_RETENTION_DAYS", Integer.toString(retention)));
    }

    /** Another TALLY_METRICS and TALLY_ACCESS_LOG. */
    public Config withMetrics(MetricsAccess access, AccessLog log) {
        return with(Map.of("TALLY_METRICS", access.name().toLowerCase(Locale.ROOT),
                "TALLY_ACCESS_LOG", log == AccessLog.PATH ? "true" : log.name().toLowerCase(Locale.ROOT)));
    }

    /** The same variables with some changed, read and validated again as at start. */
    public Config with(Map<String, String> changes) {
        Map<String, String> env = new java.util.HashMap<>(source);
        env.putAll(changes);
        return fromEnv(env);
    }

    private static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return VARIABLES.get(name)[0];
        }
        return value.trim();
    }

    private static int integer(Map<String, String> env, String name, int min, int max) {
        String value = text(env, name);
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new Invalid(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** The value parsed, or its default when unset; a parser's IllegalArgumentException is told with the name. */
    private static <T> T parsed(Map<String, String> env, String name, Function<String, T> parser) {
        String value = text(env, name);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new Invalid(name + " " + e.getMessage() + ", not '" + value + "'");
        }
    }

    /** A number of counters per hour, or "off": no cap (Integer.MAX_VALUE). */
    private static int perHour(Map<String, String> env, String name) {
        if (text(env, name).equalsIgnoreCase("off")) {
            return Integer.MAX_VALUE;
        }
        try {
            return integer(env, name, 1, 1_000_000);
        } catch (Invalid e) {
            throw new Invalid(name + " must be a whole number from 1 to 1000000 or off, not '" + text(env, name) + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String value = text(env, name).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new Invalid(name + " must be true or false, not '" + value + "'");
        };
    }

    /** true, yes and on mean one proxy; false, no and off none; a whole number that many in a row. */
    private static int proxyHops(Map<String, String> env) {
        String value = text(env, "TALLY_TRUST_PROXY").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on" -> 1;
            case "false", "no", "off" -> 0;
            default -> {
                if (!value.matches("[0-9]{1,2}") || Integer.parseInt(value) > 10) {
                    throw new Invalid("TALLY_TRUST_PROXY must be true, false or the number of proxies in front"
                            + " of Tally (0 to 10), not '" + value + "'");
                }
                yield Integer.parseInt(value);
            }
        };
    }

    /** The origin readers reach Tally at, as scheme://host[:port] in lower case; "" when unset. */
    private static String publicUrl(Map<String, String> env) {
        String value = text(env, "TALLY_PUBLIC_URL");
        if (value.isEmpty()) {
            return "";
        }
        String problem = "must be http:// or https:// with a host and optional port, nothing after it";
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getPort() > 65535 || !uri.getHost().chars().allMatch(c -> c < 0x7f)) {
                throw new Invalid("TALLY_PUBLIC_URL " + problem + " (such as https://tally.example.com), not '" + value + "'");
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port;
        } catch (URISyntaxException e) {
            throw new Invalid("TALLY_PUBLIC_URL " + problem + " (such as https://tally.example.com), not '" + value
                    + "': " + e.getReason());
        }
    }

    /** Null when unset: a token is then made at first start. Printable ASCII without spaces, so it fits a header. */
    private static String adminToken(Map<String, String> env) {
        String value = text(env, "TALLY_ADMIN_TOKEN");
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 256 || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new Invalid("TALLY_ADMIN_TOKEN must be 1 to 256 printable ASCII characters without spaces");
        }
        return value;
    }

    /** Host patterns such as example.com or *.github.io; empty when unset (any site). */
    private static List<String> sites(Map<String, String> env) {
        List<String> patterns = new ArrayList<>();
        for (String part : text(env, "TALLY_SITES").split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (!p.matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]{0,250}[a-z0-9])?")) {
                throw new Invalid("TALLY_SITES must be a comma-separated list of hosts such as example.com or *.github.io, not '" + p + "'");
            }
            patterns.add(p);
        }
        return List.copyOf(patterns);
    }

    private static Path optionalPath(Map<String, String> env, String name) {
        String value = text(env, name);
        return value.isEmpty() ? null : Path.of(value);
    }

    private static Sync sync(Map<String, String> env) {
        String value = text(env, "TALLY_SYNC").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "full" -> Sync.FULL;
            case "normal" -> Sync.NORMAL;
            default -> throw new Invalid("TALLY_SYNC must be full or normal, not '" + value + "'");
        };
    }

    private static Duration duration(Map<String, String> env, String name) {
        String value = text(env, name).toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(value);
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw new Invalid(name + " must be a number and a unit (s, m, h or d), such as 30m or 6h, not '" + value + "'");
    }

    private static Checkpoint checkpoint(Map<String, String> env) {
        String value = text(env, "TALLY_CHECKPOINT").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> Checkpoint.AUTO;
            case "litestream" -> Checkpoint.LITESTREAM;
            default -> throw new Invalid("TALLY_CHECKPOINT must be auto or litestream, not '" + value + "'");
        };
    }

    private static MetricsAccess metrics(Map<String, String> env) {
        String value = text(env, "TALLY_METRICS").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "public" -> MetricsAccess.PUBLIC;
            case "token" -> MetricsAccess.TOKEN;
            case "off" -> MetricsAccess.OFF;
            default -> throw new Invalid("TALLY_METRICS must be public, token or off, not '" + value + "'");
        };
    }

    private static AccessLog accessLog(Map<String, String> env) {
        String value = text(env, "TALLY_ACCESS_LOG").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> AccessLog.PATH;
            case "false", "0", "no", "off" -> AccessLog.OFF;
            case "query" -> AccessLog.QUERY;
            default -> throw new Invalid("TALLY_ACCESS_LOG must be true, false or query, not '" + value + "'");
        };
    }
}

package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The service's configuration, read once from environment variables and validated at start. */
public record Config(String host, int port, Path database, Duration refreshWindow, Sync sync,
                     boolean trustProxy, Duration liveInterval, int sseMax, int ssePerIp,
                     MetricsAccess metrics, AccessLog accessLog) {

    /** How hard SQLite syncs each commit. */
    public enum Sync { FULL, NORMAL }

    /** Who may read /metrics: anyone, only with the admin token, or nobody (404). */
    public enum MetricsAccess { PUBLIC, TOKEN, OFF }

    /** The access log: none, a line per request without its query string, or with it. */
    public enum AccessLog { OFF, PATH, QUERY }

    /** Every variable with its default and meaning, in the order --help prints them. */
    static final Map<String, String[]> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("TALLY_PORT", new String[] {"8080", "TCP port to listen on (0 picks a free one)"});
        VARIABLES.put("TALLY_HOST", new String[] {"0.0.0.0", "address to bind"});
        VARIABLES.put("TALLY_DB", new String[] {"tally.db", "SQLite database file (created, parent folders too)"});
        VARIABLES.put("TALLY_REFRESH_WINDOW", new String[] {"300", "seconds in which a browser's reload is not counted again"});
        VARIABLES.put("TALLY_SYNC", new String[] {"full", "full: every acknowledged hit is fsynced; normal: survives a process crash, may lose the last commits on power loss"});
        VARIABLES.put("TALLY_TRUST_PROXY", new String[] {"false", "true: believe X-Forwarded-Proto, X-Forwarded-For and X-Forwarded-Host"});
        VARIABLES.put("TALLY_LIVE_INTERVAL", new String[] {"250", "milliseconds between two live events of one counter"});
        VARIABLES.put("TALLY_SSE_MAX", new String[] {"10000", "most live streams open at once"});
        VARIABLES.put("TALLY_SSE_PER_IP", new String[] {"32", "most live streams open at once from one client address"});
        VARIABLES.put("TALLY_METRICS", new String[] {"public", "GET /metrics for Prometheus: public, token (needs the admin token) or off"});
        VARIABLES.put("TALLY_ACCESS_LOG", new String[] {"false", "true: a log line per request (tally.access); query: with its query string"});
    }

    /** Thrown for a variable whose value cannot be used; the message names the variable. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        return new Config(
                text(env, "TALLY_HOST"),
                integer(env, "TALLY_PORT", 0, 65535),
                Path.of(text(env, "TALLY_DB")),
                Duration.ofSeconds(integer(env, "TALLY_REFRESH_WINDOW", 0, 31_536_000)),
                sync(env),
                bool(env, "TALLY_TRUST_PROXY"),
                Duration.ofMillis(integer(env, "TALLY_LIVE_INTERVAL", 0, 60_000)),
                integer(env, "TALLY_SSE_MAX", 0, 1_000_000),
                integer(env, "TALLY_SSE_PER_IP", 0, 1_000_000),
                metrics(env),
                accessLog(env));
    }

    /** The defaults with another database file: what tests start from. */
    public static Config defaults(Path database) {
        return fromEnv(Map.of("TALLY_DB", database.toString(), "TALLY_PORT", "0"));
    }

    public Config withTrustProxy(boolean trust) {
        return new Config(host, port, database, refreshWindow, sync, trust, liveInterval, sseMax, ssePerIp, metrics, accessLog);
    }

    public Config withSse(Duration interval, int max, int perIp) {
        return new Config(host, port, database, refreshWindow, sync, trustProxy, interval, max, perIp, metrics, accessLog);
    }

    public Config withMetrics(MetricsAccess access, AccessLog log) {
        return new Config(host, port, database, refreshWindow, sync, trustProxy, liveInterval, sseMax, ssePerIp, access, log);
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

    private static boolean bool(Map<String, String> env, String name) {
        String value = text(env, name).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new Invalid(name + " must be true or false, not '" + value + "'");
        };
    }

    private static Sync sync(Map<String, String> env) {
        String value = text(env, "TALLY_SYNC").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "full" -> Sync.FULL;
            case "normal" -> Sync.NORMAL;
            default -> throw new Invalid("TALLY_SYNC must be full or normal, not '" + value + "'");
        };
    }

    private static MetricsAccess metrics(Map<String, String> env) {
        String value = text(env, "TALLY_METRICS").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "public" -> MetricsAccess.PUBLIC;
            // Until the admin token (TALLY_ADMIN_TOKEN, branch analytics) is in this build: then pass AdminAuth to Observability.
            case "token" -> throw new Invalid("TALLY_METRICS=token needs the admin token, which this build does not have yet; use public or off");
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

package tally;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analytics: the admin token (null: made at first start), the sites the pixel records (empty: any), the days
 * of hourly data kept, a country database to use instead of the shipped one (null: the shipped one), and the views
 * bringing new values one client address may send per hour (Integer.MAX_VALUE: no cap).
 */
public record AnalyticsConfig(String adminToken, List<String> sites, int retentionDays, Path geoipDb, int newValuesPerHour) {

    public AnalyticsConfig {
        sites = List.copyOf(sites);
    }

    static AnalyticsConfig fromEnv(Map<String, String> env) {
        return new AnalyticsConfig(
                adminToken(env),
                sites(env),
                Env.integer(env, "TALLY_RETENTION_DAYS", 1, 36_500),
                Env.optionalPath(env, "TALLY_GEOIP_DB"),
                Env.perHour(env, "TALLY_NEW_VALUES_PER_HOUR"));
    }

    /** Another admin token (null: made at first start), site patterns and retention. */
    public AnalyticsConfig with(String token, List<String> sitePatterns, int retention) {
        return new AnalyticsConfig(token == null || token.isEmpty() ? null : token, sitePatterns, retention, geoipDb, newValuesPerHour);
    }

    AnalyticsConfig withNewValuesPerHour(int perHour) {
        return new AnalyticsConfig(adminToken, sites, retentionDays, geoipDb, perHour);
    }

    /** Leaves the admin token out. */
    @Override
    public String toString() {
        return "AnalyticsConfig[sites=" + sites + ", retentionDays=" + retentionDays + ", geoipDb=" + geoipDb
                + ", newValuesPerHour=" + newValuesPerHour + "]";
    }

    /** Null when unset: a token is then made at first start. Printable ASCII without spaces, so it fits a header. */
    private static String adminToken(Map<String, String> env) {
        String value = Env.text(env, "TALLY_ADMIN_TOKEN");
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 256 || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new Config.Invalid("TALLY_ADMIN_TOKEN must be 1 to 256 printable ASCII characters without spaces");
        }
        return value;
    }

    /** Host patterns such as example.com or *.github.io; empty when unset (any site). */
    private static List<String> sites(Map<String, String> env) {
        List<String> patterns = new ArrayList<>();
        for (String part : Env.text(env, "TALLY_SITES").split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (!p.matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]{0,250}[a-z0-9])?")) {
                throw new Config.Invalid("TALLY_SITES must be a comma-separated list of hosts such as example.com or *.github.io, not '" + p + "'");
            }
            patterns.add(p);
        }
        return patterns;
    }
}

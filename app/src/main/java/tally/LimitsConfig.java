package tally;

import java.util.Map;
import tally.limits.AddressRanges;
import tally.limits.AllowedHosts;
import tally.limits.Rate;

/**
 * The abuse limits: hits counted per client address (null: no limit), the addresses exempt from it, new counters
 * one address may create per hour (Integer.MAX_VALUE: no cap), and the hosts whose URLs may be counted.
 */
public record LimitsConfig(Rate rateLimit, AddressRanges rateLimitExempt, int newCountersPerHour, AllowedHosts allowedHosts) {

    static LimitsConfig fromEnv(Map<String, String> env) {
        return new LimitsConfig(
                Env.parsed(env, "TALLY_RATE_LIMIT", Rate::parse),
                Env.parsed(env, "TALLY_RATE_LIMIT_EXEMPT", AddressRanges::parse),
                Env.perHour(env, "TALLY_NEW_COUNTERS_PER_HOUR"),
                Env.parsed(env, "TALLY_ALLOWED_HOSTS", AllowedHosts::parse));
    }

    /** TALLY_RATE_LIMIT, TALLY_RATE_LIMIT_EXEMPT, TALLY_NEW_COUNTERS_PER_HOUR and TALLY_ALLOWED_HOSTS as their text, read as at start. */
    public static LimitsConfig of(String rate, String exempt, String newPerHour, String hosts) {
        return fromEnv(Map.of("TALLY_RATE_LIMIT", rate, "TALLY_RATE_LIMIT_EXEMPT", exempt,
                "TALLY_NEW_COUNTERS_PER_HOUR", newPerHour, "TALLY_ALLOWED_HOSTS", hosts));
    }
}

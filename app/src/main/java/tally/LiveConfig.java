package tally;

import java.time.Duration;
import java.util.Map;

/** Live counts over server-sent events: the time between two events of a counter and the most streams open at once. */
public record LiveConfig(Duration liveInterval, int sseMax, int ssePerIp, int ssePerNetwork) {

    static LiveConfig fromEnv(Map<String, String> env) {
        return new LiveConfig(
                Duration.ofMillis(Env.integer(env, "TALLY_LIVE_INTERVAL", 0, 60_000)),
                Env.integer(env, "TALLY_SSE_MAX", 0, 1_000_000),
                Env.integer(env, "TALLY_SSE_PER_IP", 0, 1_000_000),
                Env.integer(env, "TALLY_SSE_PER_NETWORK", 0, 1_000_000));
    }

    /** Another TALLY_LIVE_INTERVAL, TALLY_SSE_MAX and TALLY_SSE_PER_IP. */
    public LiveConfig withSse(Duration interval, int max, int perIp) {
        return new LiveConfig(interval, max, perIp, ssePerNetwork);
    }

    /** Another TALLY_SSE_PER_NETWORK. */
    public LiveConfig withSsePerNetwork(int perNetwork) {
        return new LiveConfig(liveInterval, sseMax, ssePerIp, perNetwork);
    }
}

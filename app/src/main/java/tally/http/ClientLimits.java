package tally.http;

import io.javalin.http.Context;
import java.util.Locale;
import tally.Config;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Creation;
import tally.limits.AllowedHosts;
import tally.limits.ClientKeys;
import tally.limits.NewCounterCap;
import tally.limits.NotAllowed;
import tally.limits.TokenBuckets;

/** The abuse limits as the routes apply them: hits per client, new counters per client, allowed hosts. */
final class ClientLimits {

    /** Clients remembered by each limit: about 250 bytes each, so some 25 MB at most per limit. */
    static final int MAX_CLIENTS = 100_000;
    /** Why a request for a counter that does not exist yet answered 0 with 429. */
    static final String NEW_COUNTERS_SPENT = "this address has created as many new counters as it may this hour"
            + " (TALLY_NEW_COUNTERS_PER_HOUR); existing counters still count, new ones can be made in the next hour";

    private final Clients clients;
    private final Config config;
    private final TokenBuckets buckets;
    private final NewCounterCap newCounters;
    private final AllowedHosts hosts;

    ClientLimits(Config config, Clients clients) {
        this.clients = clients;
        this.config = config;
        this.buckets = config.limits().rateLimit() == null ? null
                : new TokenBuckets(config.limits().rateLimit(), MAX_CLIENTS, System::nanoTime);
        this.newCounters = config.limits().newCountersPerHour() == Integer.MAX_VALUE ? null
                : new NewCounterCap(config.limits().newCountersPerHour(), MAX_CLIENTS, System::nanoTime);
        this.hosts = config.limits().allowedHosts();
    }

    /** Refuses a URL counter on a host outside TALLY_ALLOWED_HOSTS. */
    void checkHost(CounterKey key) {
        if (key.kind() == CounterKey.Kind.URL && !hosts.allows(key.key())) {
            throw new NotAllowed("this server counts only the hosts its operator allowed, not " + key.key().split("/", 2)[0]);
        }
    }

    /**
     * Takes a token for a hit, answering null when the client is not limited: the limit is off, its
     * User-Agent is GitHub's image proxy (every README view comes through a few of its addresses), or
     * its address is in TALLY_RATE_LIMIT_EXEMPT. {@code headers} adds the RateLimit-* fields.
     */
    TokenBuckets.Decision take(Context ctx, boolean headers) {
        if (buckets == null) {
            return null;
        }
        String agent = ctx.header("User-Agent");
        String ip = clients.ip(ctx);
        if (agent != null && agent.toLowerCase(Locale.ROOT).startsWith("github-camo") || config.limits().rateLimitExempt().contains(ip)) {
            return null;
        }
        TokenBuckets.Decision d = buckets.take(ClientKeys.of(ip));
        if (headers) {
            ctx.header("RateLimit-Limit", Integer.toString(d.limit()));
            ctx.header("RateLimit-Remaining", Integer.toString(d.remaining()));
            ctx.header("RateLimit-Reset", Long.toString(d.resetSeconds()));
        }
        return d;
    }

    /** Whether this request's hit may create its counter (TALLY_NEW_COUNTERS_PER_HOUR). */
    Creation creation(Context ctx) {
        return newCounters == null ? Creation.ANY : newCounters.forClient(clients.ip(ctx));
    }

    /**
     * Whether a hit was refused the creation of its counter: answered 0, not counted, from a client that has
     * spent its new counters (a reload of an existing counter at 0 is answered the same way, but is no
     * refusal). A refusal says in Retry-After when the client's hour is over.
     */
    boolean creationRefused(Context ctx, CounterState tally) {
        if (newCounters == null || tally.count() != 0 || tally.counted()) {
            return false;
        }
        long wait = newCounters.secondsUntilNext(clients.ip(ctx));
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
        }
        return wait > 0;
    }
}

package tally.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket per client, in a bounded map: a bucket untouched until it would be full again is dropped
 * (a fresh one is the same), and past {@code maxClients} the least useful go first, so memory stays bounded
 * whatever the number of addresses.
 */
public final class TokenBuckets {

    /** The outcome of one request: whether it may count, and the RateLimit-* header values. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Rate rate;
    private final LongSupplier nanos;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(Rate rate, int maxClients, LongSupplier nanos) {
        this.rate = rate;
        this.nanos = nanos;
        this.buckets = Caffeine.newBuilder().maximumSize(maxClients)
                .expireAfterAccess(Duration.ofNanos(rate.refillNanos())).build();
    }

    /** Takes a token from the client's bucket if it has one. */
    public Decision take(String client) {
        long now = nanos.getAsLong();
        Bucket b = buckets.get(client, k -> new Bucket(rate.burst(), now));
        synchronized (b) {
            b.tokens = Math.min(rate.burst(), b.tokens + Math.max(0, now - b.at) / 1e9 * rate.perSecond());
            b.at = now;
            boolean allowed = b.tokens >= 1;
            if (allowed) {
                b.tokens -= 1;
            }
            long reset = (long) Math.ceil((rate.burst() - b.tokens) / rate.perSecond());
            return new Decision(allowed, rate.burst(), (int) Math.floor(b.tokens), reset);
        }
    }

    /** Clients with a bucket now (after pending evictions), for the memory bench and tests. */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}

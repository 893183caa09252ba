package tally.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import tally.count.Creation;

/**
 * How many counters each client address may create per hour. The hit writer asks only when a hit's
 * counter turns out to be new in its batch, so hits on existing counters cost nothing; the map of
 * clients is bounded, so memory stays bounded whatever the number of addresses.
 */
public final class NewCounterCap {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    /** Creations in the hour that began at {@code since}. */
    private static final class Window {
        long since;
        int created;

        Window(long since) {
            this.since = since;
        }
    }

    private final int perHour;
    private final LongSupplier nanos;
    private final Cache<String, Window> windows;

    public NewCounterCap(int perHour, int maxClients, LongSupplier nanos) {
        this.perHour = perHour;
        this.nanos = nanos;
        this.windows = Caffeine.newBuilder().maximumSize(maxClients).expireAfterWrite(Duration.ofHours(1)).build();
    }

    /** What the writer asks for the hits of one client. */
    public Creation forClient(String ip) {
        String key = ClientKeys.of(ip);
        return () -> tryCreate(key);
    }

    /** Whether the client may create one more counter now; if so, it is counted against its hour. */
    boolean tryCreate(String client) {
        long now = nanos.getAsLong();
        Window w = windows.get(client, k -> new Window(now));
        synchronized (w) {
            if (now - w.since >= HOUR) {
                w.since = now;
                w.created = 0;
            }
            if (w.created >= perHour) {
                return false;
            }
            w.created++;
            windows.put(client, w); // restarts expiry from this write
            return true;
        }
    }

    /** Seconds until the client may create a counter again: 0 when it may now. */
    public long secondsUntilNext(String ip) {
        Window w = windows.getIfPresent(ClientKeys.of(ip));
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            long left = w.since + HOUR - nanos.getAsLong();
            return w.created < perHour || left <= 0 ? 0 : (left + 999_999_999) / 1_000_000_000;
        }
    }

    public long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}

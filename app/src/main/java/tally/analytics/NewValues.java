package tally.analytics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tally.limits.NewCounterCap;

/**
 * The values each site has had this UTC hour (pages, sources, browsers, versions, systems, resolutions), in memory,
 * so that a view bringing a new one is charged to its client: one address may bring at most
 * TALLY_NEW_VALUES_PER_HOUR such views an hour, and beyond that its views count in the totals only. Each new value
 * adds rows for its hour, and a client free to invent paths or User-Agents could otherwise add them as fast as its
 * rate limit lets it, filling the disk; views of values already seen this hour cost nothing.
 */
public final class NewValues {

    /** The client's allowance: true if it may bring one more new value now, which is then counted against it. */
    @FunctionalInterface
    public interface Allowance {
        boolean take(String address);
    }

    /** Values remembered per hour, about 100 bytes each: past it, every value not yet remembered is charged as new. */
    static final int MAX_REMEMBERED = 200_000;
    /** No cap: every view may bring new values. */
    public static final NewValues ANY = new NewValues(address -> true);

    private final Allowance allowance;
    private final int remembered;
    private volatile Hour current = new Hour(Long.MIN_VALUE);

    private record Hour(long start, Set<String> seen) {
        Hour(long start) {
            this(start, ConcurrentHashMap.newKeySet());
        }
    }

    public NewValues(Allowance allowance) {
        this(allowance, MAX_REMEMBERED);
    }

    NewValues(Allowance allowance, int remembered) {
        this.allowance = allowance;
        this.remembered = remembered;
    }

    /** At most {@code perHour} views bringing new values per client address and hour; Integer.MAX_VALUE: no cap. */
    public static NewValues perHour(int perHour) {
        if (perHour == Integer.MAX_VALUE) {
            return ANY;
        }
        // Clients remembered as the other per-address limits remember them (http.ClientLimits).
        NewCounterCap cap = new NewCounterCap(perHour, 100_000, System::nanoTime);
        return new NewValues(address -> cap.forClient(address).allow());
    }

    /** Whether the view may be recorded with its values: none is new this hour, or the client may bring new ones. */
    boolean admit(String site, long hour, String address, String... values) {
        if (this == ANY) {
            return true;
        }
        Hour h = hour(hour);
        String[] keys = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                String key = site + '\n' + i + values[i];
                if (!h.seen.contains(key)) {
                    keys = keys == null ? new String[values.length] : keys;
                    keys[i] = key;
                }
            }
        }
        if (keys == null) {
            return true;
        }
        if (!allowance.take(address)) {
            return false;
        }
        for (String key : keys) {
            if (key != null && h.seen.size() < remembered) {
                h.seen.add(key);
            }
        }
        return true;
    }

    /** The set of the view's hour: a new hour starts an empty one (a view of an earlier hour uses the current set). */
    private Hour hour(long hour) {
        Hour h = current;
        if (hour > h.start) {
            synchronized (this) {
                h = current;
                if (hour > h.start) {
                    h = new Hour(hour);
                    current = h;
                }
            }
        }
        return h;
    }
}

package tally.analytics;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.ThrottledLog;

/**
 * Which sites the pixel records: those TALLY_SITES names (example.com, *.github.io), or, when it is unset,
 * any site, but at most {@link #NEW_PER_DAY} new ones a UTC day, so that nobody fills the disk with made-up sites.
 */
public final class Sites {

    private static final Logger log = LoggerFactory.getLogger(Sites.class);
    static final int NEW_PER_DAY = 100;

    private final List<String> patterns;
    private final Set<String> known;
    private final Clock clock;
    private final ThrottledLog dropped = new ThrottledLog(log::warn, Duration.ofMinutes(10));
    private long day;
    private int newToday;

    /**
     * {@code known}: the sites already stored, which are never new; {@code newToday}: those of them first recorded
     * today (UTC), which count toward today's limit, so that a restart does not let in another hundred.
     */
    public Sites(List<String> patterns, Set<String> known, Set<String> newToday, Clock clock) {
        this.patterns = List.copyOf(patterns);
        this.known = new HashSet<>(known);
        this.known.addAll(newToday);
        this.clock = clock;
        this.day = today(clock);
        this.newToday = newToday.size();
    }

    /** The start of today (UTC) in epoch seconds, where a day's new sites are counted from. */
    public static long startOfToday(Clock clock) {
        return today(clock) * 86_400L;
    }

    private static long today(Clock clock) {
        return Math.floorDiv(clock.millis(), 86_400_000L);
    }

    public boolean accept(String site) {
        if (!patterns.isEmpty()) {
            return patterns.stream().anyMatch(p -> matches(p, site));
        }
        synchronized (this) {
            if (known.contains(site)) {
                return true;
            }
            long today = today(clock);
            if (today != day) {
                day = today;
                newToday = 0;
            }
            if (newToday >= NEW_PER_DAY) {
                dropped.log("analytics: dropped a view of a new site, " + NEW_PER_DAY
                        + " new sites were recorded today already; set TALLY_SITES to name yours");
                return false;
            }
            newToday++;
            known.add(site);
            return true;
        }
    }

    static boolean matches(String pattern, String site) {
        if (pattern.startsWith("*.")) {
            return site.endsWith(pattern.substring(1));
        }
        return site.equals(pattern);
    }
}

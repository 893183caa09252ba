package tally.analytics;

import java.util.Set;

/**
 * What both stores' day lists hold: for each finished UTC day, the views per (site, dimension, value) over all the
 * day's pages, so that an unfiltered report over months reads a row per value and day, not every page's every hour.
 */
public final class DayList {

    /** A day's length in seconds; days start at UTC midnight. */
    public static final long DAY = 86_400;
    /** The dimensions with a list, and the pages: never the per-page uniques, which no list shows. */
    public static final Set<String> DIMENSIONS = Set.of("page", "referrer", "browser", "version", "os", "device", "country", "resolution");

    private DayList() {
    }

    /** The start of the day holding {@code t} (epoch seconds). */
    public static long floor(long t) {
        return t - Math.floorMod(t, DAY);
    }

    /** The first day start at or after {@code t}. */
    public static long ceil(long t) {
        long f = floor(t);
        return f == t ? t : f + DAY;
    }

    /** The value a bucket adds to its day's list: the page itself for the page list, else the bucket's value. */
    public static String value(String dimension, String page, String value) {
        return dimension.equals("page") ? page : value;
    }
}

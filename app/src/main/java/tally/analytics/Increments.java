package tally.analytics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of views folded into one increment per bucket: per site-hour the views, uniques and bots, per
 * (site, hour, page, dimension, value) the views, per pair of a filter's value and another dimension's value
 * the views (and uniques), and each page's latest title. Storage grows with the number of distinct buckets,
 * not with traffic.
 */
public record Increments(Map<SiteHour, Totals> totals, Map<Bucket, Long> values, Map<Pair, Long> pairs,
                         Map<Page, String> titles) {

    /** A site's hour: the start of the UTC hour in epoch seconds. */
    public record SiteHour(String site, long hour) {
    }

    public record Totals(long views, long uniques, long bots) {
        Totals plus(Totals o) {
            return new Totals(views + o.views, uniques + o.uniques, bots + o.bots);
        }
    }

    /** One stored bucket. The dimension {@code page} with an empty value counts the page's views, {@code unique} its uniques. */
    public record Bucket(String site, long hour, String page, String dimension, String value) {
    }

    /**
     * The views that had {@code byValue} for the filter dimension {@code by} (referrer, country or browser) and
     * {@code value} for {@code dimension}; the dimension {@code unique} with an empty value counts their uniques.
     */
    public record Pair(String site, long hour, String by, String byValue, String dimension, String value) {
    }

    public record Page(String site, String page) {
    }

    /** The views folded into one increment per bucket. */
    public static Increments fold(List<View> views) {
        Folding folding = new Folding();
        views.forEach(folding::add);
        return folding.increments();
    }

    /** Views folded as they come: memory grows with the distinct buckets they raise, not with the views. */
    public static final class Folding {
        private final Map<SiteHour, Totals> totals = new LinkedHashMap<>();
        private final Map<Bucket, Long> values = new HashMap<>();
        private final Map<Pair, Long> pairs = new HashMap<>();
        private final Map<Page, String> titles = new HashMap<>();
        private final Map<String, String> strings = new HashMap<>();

        public void add(View view) {
            View v = canonical(view);
            Totals t = new Totals(v.bot() ? 0 : 1, v.newVisitor() ? 1 : 0, v.bot() ? 1 : 0);
            totals.merge(new SiteHour(v.site(), v.hour()), t, Totals::plus);
            if (!v.detailed()) {
                return;
            }
            Increments.add(values, v, Dimension.PAGE, "");
            if (v.newOnPage()) {
                Increments.add(values, v, Dimension.UNIQUE, "");
            }
            for (Dimension d : Dimension.LISTED) {
                Increments.add(values, v, d, v.value(d));
            }
            for (Dimension by : Dimension.PAIRED) {
                pair(pairs, v, by);
            }
            if (v.title() != null && !v.title().isEmpty()) {
                titles.put(new Page(v.site(), v.page()), v.title());
            }
        }

        /**
         * The view with each value replaced by the equal string this folding already holds, if any. A view's strings
         * are new objects, while the keys it is merged into were made by earlier views; this way each of its two dozen
         * merges compares strings by identity, in memory that is in cache, instead of reading two copies of each one.
         */
        private View canonical(View v) {
            return new View(canonical(v.site()), v.hour(), canonical(v.page()), v.title(), v.bot(), v.optedOut(),
                    v.newVisitor(), v.newOnPage(), v.newFromReferrer(), canonical(v.referrer()), canonical(v.browser()),
                    canonical(v.version()), canonical(v.os()), canonical(v.device()), canonical(v.country()),
                    canonical(v.resolution()));
        }

        private String canonical(String s) {
            if (s == null) {
                return null;
            }
            String held = strings.putIfAbsent(s, s);
            return held != null ? held : s;
        }

        /** How many rows the increments would write: what a fold's transaction costs. */
        public int buckets() {
            return totals.size() + values.size() + pairs.size() + titles.size();
        }

        /** The increments so far, backed by this folding's maps (a fold that failed leaves them as they were). */
        public Increments increments() {
            return new Increments(totals, values, pairs, titles);
        }
    }

    private static void add(Map<Bucket, Long> values, View v, Dimension d, String value) {
        if (value != null) {
            values.merge(new Bucket(v.site(), v.hour(), v.page(), d.key(), value), 1L, Long::sum);
        }
    }

    /**
     * A visitor's country and browser come from the address and User-Agent their hash is made of, so their first
     * view today is their first with that country and browser; a referrer changes between views, and has its own flag.
     */
    private static void pair(Map<Pair, Long> pairs, View v, Dimension by) {
        String byValue = v.value(by);
        if (byValue == null) {
            return;
        }
        for (Dimension d : Dimension.LISTED) {
            String value = v.value(d);
            if (d != by && value != null) {
                pairs.merge(new Pair(v.site(), v.hour(), by.key(), byValue, d.key(), value), 1L, Long::sum);
            }
        }
        if (by == Dimension.REFERRER ? v.newFromReferrer() : v.newVisitor()) {
            pairs.merge(new Pair(v.site(), v.hour(), by.key(), byValue, Dimension.UNIQUE.key(), ""), 1L, Long::sum);
        }
    }
}

package tally.analytics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of views folded into one increment per bucket: per site-hour the views, uniques and bots, per
 * (site, hour, page, dimension, value) the views, and each page's latest title. Storage grows with the
 * number of distinct buckets, not with traffic.
 */
public record Increments(Map<SiteHour, Totals> totals, Map<Bucket, Long> values, Map<Page, String> titles) {

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

    public record Page(String site, String page) {
    }

    public static Increments fold(List<View> views) {
        Map<SiteHour, Totals> totals = new LinkedHashMap<>();
        Map<Bucket, Long> values = new HashMap<>();
        Map<Page, String> titles = new HashMap<>();
        for (View v : views) {
            Totals t = new Totals(v.bot() ? 0 : 1, v.newVisitor() ? 1 : 0, v.bot() ? 1 : 0);
            totals.merge(new SiteHour(v.site(), v.hour()), t, Totals::plus);
            if (!v.detailed()) {
                continue;
            }
            add(values, v, Dimension.PAGE, "");
            if (v.newOnPage()) {
                add(values, v, Dimension.UNIQUE, "");
            }
            add(values, v, Dimension.REFERRER, v.referrer());
            add(values, v, Dimension.BROWSER, v.browser());
            add(values, v, Dimension.VERSION, v.version());
            add(values, v, Dimension.OS, v.os());
            add(values, v, Dimension.DEVICE, v.device());
            add(values, v, Dimension.COUNTRY, v.country());
            add(values, v, Dimension.RESOLUTION, v.resolution());
            if (v.title() != null && !v.title().isEmpty()) {
                titles.put(new Page(v.site(), v.page()), v.title());
            }
        }
        return new Increments(totals, values, titles);
    }

    private static void add(Map<Bucket, Long> values, View v, Dimension d, String value) {
        if (value != null) {
            values.merge(new Bucket(v.site(), v.hour(), v.page(), d.key(), value), 1L, Long::sum);
        }
    }
}

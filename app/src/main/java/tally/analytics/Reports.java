package tally.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tally.analytics.AnalyticsStore.Entry;
import tally.analytics.AnalyticsStore.Point;

/**
 * The analytics reports, from the stored aggregates: totals, a series with a point for every hour (ranges
 * up to 3 days) or UTC day, and the top lists. Under a filter (a page, referrer, country or browser) every
 * number is of the views it selects, but bots, which have no page or dimensions (null).
 */
public final class Reports {

    static final long HOURLY_UP_TO = 3 * 86_400L;
    private static final Map<String, Dimension> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put("referrers", Dimension.REFERRER);
        LISTS.put("browsers", Dimension.BROWSER);
        LISTS.put("versions", Dimension.VERSION);
        LISTS.put("os", Dimension.OS);
        LISTS.put("devices", Dimension.DEVICE);
        LISTS.put("countries", Dimension.COUNTRY);
        LISTS.put("resolutions", Dimension.RESOLUTION);
    }

    private final AnalyticsStore store;

    public Reports(AnalyticsStore store) {
        this.store = store;
    }

    /** {"sites":[{"site":..,"views":..}]}: every site recorded, with its views over the 30 days before {@code now}. */
    public Map<String, Object> sites(long now) {
        List<Map<String, Object>> sites = new ArrayList<>();
        for (Entry e : store.siteViews(now - 30 * 86_400L)) {
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("site", e.value());
            site.put("views", e.views());
            sites.add(site);
        }
        return Map.of("sites", sites);
    }

    public Map<String, Object> report(ReportQuery q) {
        Filter f = q.filter();
        long step = q.end() - q.start() <= HOURLY_UP_TO ? 3600 : 86_400;
        long from = firstHour(q.start());
        List<Point> points = f == null ? store.totals(q.site(), from, q.end()) : store.filtered(q.site(), f, from, q.end());
        long views = 0;
        long uniques = 0;
        long bots = 0;
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        for (long t = Math.floorDiv(q.start(), step) * step; t < q.end(); t += step) {
            buckets.put(t, new long[2]);
        }
        for (Point p : points) {
            long[] b = buckets.get(Math.floorDiv(p.t(), step) * step);
            views += p.views();
            uniques += p.uniques() == null ? 0 : p.uniques();
            bots += p.bots() == null ? 0 : p.bots();
            if (b != null) {
                b[0] += p.views();
                b[1] += p.uniques() == null ? 0 : p.uniques();
            }
        }
        List<Map<String, Object>> series = new ArrayList<>(buckets.size());
        buckets.forEach((t, b) -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", t);
            point.put("views", b[0]);
            point.put("uniques", b[1]);
            series.add(point);
        });
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("views", views);
        totals.put("uniques", uniques);
        totals.put("bots", f == null ? bots : null);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", q.site());
        out.put("start", q.start());
        out.put("end", q.end());
        out.put("granularity", step == 3600 ? "hour" : "day");
        out.put("filter", f == null ? null : Map.of(name(f.dimension()), f.value()));
        out.put("totals", totals);
        out.put("series", series);
        out.put("top", top(q, views));
        if (views == 0 && bots == 0 && !store.sites().contains(q.site())) {
            out.put("note", "no view of " + q.site() + " has been recorded: GET /api/sites lists the sites that have views,"
                    + " and a site's pages send them with tally.js or /pixel.gif");
        }
        return out;
    }

    private Map<String, Object> top(ReportQuery q, long views) {
        Filter f = q.filter();
        Map<String, Object> top = new LinkedHashMap<>();
        long from = firstHour(q.start());
        top.put("pages", list(store.topPages(q.site(), f, from, q.end(), q.limit()), true));
        LISTS.forEach((name, dimension) -> {
            if (f != null && f.dimension() == dimension) {
                top.put(name, views == 0 ? List.of() : list(List.of(new Entry(f.value(), null, views)), false));
            } else {
                top.put(name, list(store.top(q.site(), dimension, f, from, q.end(), q.limit()), false));
            }
        });
        return top;
    }

    /**
     * Views are known to the hour: a range counts every hour it overlaps, so one that starts at 09:30 counts the
     * 09:00 hour, as one that ends at 09:30 does (older days, rolled up, count when the range holds their 00:00).
     */
    static long firstHour(long start) {
        return Math.floorDiv(start, 3600) * 3600;
    }

    private static List<Map<String, Object>> list(List<Entry> entries, boolean titles) {
        List<Map<String, Object>> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value", e.value());
            if (titles) {
                item.put("title", e.title());
            }
            item.put("views", e.views());
            out.add(item);
        }
        return out;
    }

    static String name(Dimension d) {
        return d.key();
    }
}

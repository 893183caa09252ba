package tally.analytics;

import java.util.List;
import java.util.Map;

/**
 * A report's parameters, validated: the site, the range [start, end) in UNIX seconds (default the last 30
 * days), the length of the top lists, and at most one filter (page, referrer, country or browser).
 */
public record ReportQuery(String site, long start, long end, int limit, Filter filter) {

    static final long MAX_RANGE = 20L * 366 * 86_400;
    private static final Map<String, Dimension> FILTERS = Map.of("page", Dimension.PAGE, "referrer", Dimension.REFERRER,
            "country", Dimension.COUNTRY, "browser", Dimension.BROWSER);

    public static ReportQuery parse(Map<String, List<String>> params, long now) {
        String site = one(params, "site");
        if (site == null || site.isBlank()) {
            throw new InvalidQuery("pass ?site= (GET /api/sites lists the sites recorded)");
        }
        String host = Values.host(site);
        long end = seconds(params, "end", now);
        long start = seconds(params, "start", Math.max(0, end - 30 * 86_400L));
        if (start >= end) {
            throw new InvalidQuery("start must be before end (UNIX seconds; start inclusive, end exclusive)");
        }
        if (end - start > MAX_RANGE) {
            throw new InvalidQuery("the range from start to end may be at most 20 years");
        }
        String limitText = one(params, "limit");
        int limit = 10;
        if (limitText != null) {
            long n = number(limitText);
            if (n < 1 || n > 1000) {
                throw new InvalidQuery("limit must be a whole number from 1 to 1000, in ASCII digits 0-9, not '"
                        + Values.cut(limitText, 40) + "'");
            }
            limit = (int) n;
        }
        return new ReportQuery(host == null ? site : host, start, end, limit, filter(params));
    }

    private static Filter filter(Map<String, List<String>> params) {
        Filter filter = null;
        for (Map.Entry<String, Dimension> f : FILTERS.entrySet()) {
            String value = one(params, f.getKey());
            if (value == null) {
                continue;
            }
            if (filter != null) {
                throw new InvalidQuery("pass at most one of page, referrer, country and browser");
            }
            if (value.isEmpty() || value.length() > 1000) {
                throw new InvalidQuery(f.getKey() + " must be 1 to 1000 characters");
            }
            filter = new Filter(f.getValue(), f.getValue() == Dimension.COUNTRY ? value.toUpperCase(java.util.Locale.ROOT) : value);
        }
        return filter;
    }

    private static long seconds(Map<String, List<String>> params, String name, long otherwise) {
        String text = one(params, name);
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        long v = number(text);
        if (v >= 0 && v <= 253_402_300_799L) {
            return v;
        }
        throw new InvalidQuery(name + " must be a time in UNIX seconds, in ASCII digits 0-9 (such as 1764547200), not '"
                + Values.cut(text, 40) + "'");
    }

    /** The whole number written in ASCII, or -1: Long.parseLong alone reads any script's digits, ٣ or ５, as 3 or 5. */
    private static long number(String text) {
        String t = text.trim();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) >= 0x80) {
                return -1;
            }
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidQuery("pass " + name + " once");
        }
        return values.get(0);
    }
}

package tally.analytics;

import java.util.List;
import java.util.Set;

/**
 * The reads analytics needs from storage, on connections of their own (the writes ride in the hit writer's
 * batches: count.Ledger). Times are epoch seconds; ranges are [start, end).
 */
public interface AnalyticsStore {

    /** Every site ever recorded. */
    Set<String> sites();

    /** The sites whose first recorded view is at or after {@code since}: a day's new sites, across restarts. */
    Set<String> sitesFirstSeenSince(long since);

    /** Sites with their views since {@code since}, most first. */
    List<Entry> siteViews(long since);

    /** Per stored hour of the site: views, uniques and bots. */
    List<Point> totals(String site, long start, long end);

    /** Per stored hour: the views and uniques of a page, or of the views with a referrer, country or browser. */
    List<Point> filtered(String site, Filter filter, long start, long end);

    /** The most viewed values of a dimension, of all views or of those the filter (null for none) selects. */
    List<Entry> top(String site, Dimension dimension, Filter filter, long start, long end, int limit);

    /** The most viewed pages, of all views or of those with a dimension's value; with their latest titles. */
    List<Entry> topPages(String site, Filter filter, long start, long end, int limit);

    /** A time bucket's counts; uniques and bots may be null where not known. */
    record Point(long t, long views, Long uniques, Long bots) {
    }

    /** A value and its views; {@code title} only for pages. */
    record Entry(String value, String title, long views) {
    }
}

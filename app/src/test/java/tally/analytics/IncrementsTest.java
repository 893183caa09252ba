package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tally.analytics.Increments.Bucket;
import tally.analytics.Increments.Page;
import tally.analytics.Increments.Pair;
import tally.analytics.Increments.SiteHour;
import tally.analytics.Increments.Totals;

class IncrementsTest {

    private static final long HOUR = 1_764_547_200L;

    @Test
    void aViewRaisesItsPageItsValuesAndEachFiltersPairs() {
        View v = view("a.example", HOUR, "/p", "Title", true, true, true, "google", "Chrome", "120", "Windows",
                "desktop", "DE", "1920x1080");
        Increments i = Increments.fold(List.of(v));

        assertThat(i.totals()).containsExactly(Map.entry(new SiteHour("a.example", HOUR), new Totals(1, 1, 0)));
        assertThat(i.values()).containsOnlyKeys(bucket("page", ""), bucket("unique", ""), bucket("referrer", "google"),
                bucket("browser", "Chrome"), bucket("version", "120"), bucket("os", "Windows"), bucket("device", "desktop"),
                bucket("country", "DE"), bucket("resolution", "1920x1080"));
        assertThat(i.values().values()).containsOnly(1L);
        assertThat(i.pairs()).hasSize(3 * 7).containsEntry(new Pair("a.example", HOUR, "country", "DE", "referrer", "google"), 1L)
                .containsEntry(new Pair("a.example", HOUR, "referrer", "google", "unique", ""), 1L)
                .containsEntry(new Pair("a.example", HOUR, "browser", "Chrome", "country", "DE"), 1L)
                .doesNotContainKey(new Pair("a.example", HOUR, "browser", "Chrome", "browser", "Chrome"));
        assertThat(i.titles()).containsExactly(Map.entry(new Page("a.example", "/p"), "Title"));
    }

    @Test
    void botsAndPrivateViewsAreCountedInTheTotalsOnly() {
        Increments i = Increments.fold(List.of(View.bot("a.example", HOUR), View.privately("a.example", HOUR),
                View.privately("a.example", HOUR + 3600)));

        assertThat(i.totals()).containsExactly(Map.entry(new SiteHour("a.example", HOUR), new Totals(1, 0, 1)),
                Map.entry(new SiteHour("a.example", HOUR + 3600), new Totals(1, 0, 0)));
        assertThat(i.values()).isEmpty();
        assertThat(i.pairs()).isEmpty();
        assertThat(i.titles()).isEmpty();
    }

    @Test
    void aFoldAddsUpAsOneIncrementPerViewWould() {
        Random random = new Random(7);
        List<View> views = new ArrayList<>();
        for (int n = 0; n < 5_000; n++) {
            views.add(randomView(random));
        }
        Increments.Folding folding = new Increments.Folding();
        views.subList(0, 2_000).forEach(folding::add);
        views.subList(2_000, views.size()).forEach(folding::add);
        Increments folded = folding.increments();
        Increments expected = oneByOne(views);

        assertThat(folded.totals()).containsExactlyEntriesOf(expected.totals());
        assertThat(folded.values()).isEqualTo(expected.values());
        assertThat(folded.pairs()).isEqualTo(expected.pairs());
        assertThat(folded.titles()).isEqualTo(expected.titles());
        assertThat(folding.buckets()).isEqualTo(expected.totals().size() + expected.values().size()
                + expected.pairs().size() + expected.titles().size());
    }

    /** The model: each view adds one to each of its buckets, and the last title of a page stands. */
    private static Increments oneByOne(List<View> views) {
        Map<SiteHour, Totals> totals = new LinkedHashMap<>();
        Map<Bucket, Long> values = new HashMap<>();
        Map<Pair, Long> pairs = new HashMap<>();
        Map<Page, String> titles = new HashMap<>();
        for (View v : views) {
            totals.merge(new SiteHour(v.site(), v.hour()), new Totals(v.bot() ? 0 : 1, v.newVisitor() ? 1 : 0, v.bot() ? 1 : 0),
                    (a, b) -> new Totals(a.views() + b.views(), a.uniques() + b.uniques(), a.bots() + b.bots()));
            if (v.bot() || v.optedOut()) {
                continue;
            }
            values.merge(new Bucket(v.site(), v.hour(), v.page(), "page", ""), 1L, Long::sum);
            if (v.newOnPage()) {
                values.merge(new Bucket(v.site(), v.hour(), v.page(), "unique", ""), 1L, Long::sum);
            }
            for (Dimension d : Dimension.LISTED) {
                if (v.value(d) != null) {
                    values.merge(new Bucket(v.site(), v.hour(), v.page(), d.key(), v.value(d)), 1L, Long::sum);
                }
            }
            for (Dimension by : Dimension.PAIRED) {
                if (v.value(by) == null) {
                    continue;
                }
                for (Dimension d : Dimension.LISTED) {
                    if (d != by && v.value(d) != null) {
                        pairs.merge(new Pair(v.site(), v.hour(), by.key(), v.value(by), d.key(), v.value(d)), 1L, Long::sum);
                    }
                }
                if (by == Dimension.REFERRER ? v.newFromReferrer() : v.newVisitor()) {
                    pairs.merge(new Pair(v.site(), v.hour(), by.key(), v.value(by), "unique", ""), 1L, Long::sum);
                }
            }
            if (v.title() != null && !v.title().isEmpty()) {
                titles.put(new Page(v.site(), v.page()), v.title());
            }
        }
        return new Increments(totals, values, pairs, titles);
    }

    private static View randomView(Random r) {
        String site = "s" + r.nextInt(3) + ".example";
        long hour = HOUR + 3600L * r.nextInt(3);
        int kind = r.nextInt(20);
        if (kind == 0) {
            return View.bot(site, hour);
        }
        if (kind == 1) {
            return View.privately(site, hour);
        }
        return view(site, hour, "/p" + r.nextInt(30), r.nextInt(4) == 0 ? null : "T" + r.nextInt(5), r.nextBoolean(),
                r.nextBoolean(), r.nextBoolean(), maybe(r, "ref", 6), maybe(r, "b", 5), maybe(r, "v", 8), maybe(r, "os", 4),
                maybe(r, "d", 3), maybe(r, "C", 40), maybe(r, "r", 6));
    }

    /** A value out of {@code n}, or none one time in five; a new String each time, as views bring them. */
    private static String maybe(Random r, String prefix, int n) {
        return r.nextInt(5) == 0 ? null : new String(prefix + r.nextInt(n));
    }

    private static View view(String site, long hour, String page, String title, boolean newVisitor, boolean newOnPage,
                             boolean newFromReferrer, String referrer, String browser, String version, String os,
                             String device, String country, String resolution) {
        return new View(site, hour, page, title, false, false, newVisitor, newOnPage, newFromReferrer, referrer, browser,
                version, os, device, country, resolution);
    }

    private static Bucket bucket(String dimension, String value) {
        return new Bucket("a.example", HOUR, "/p", dimension, value);
    }
}

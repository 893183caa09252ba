package tally.analytics;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import tally.analytics.Agents.Agent;

/**
 * Turns a pixel request into a view and hands it to the writer: the site (its {@code site} parameter, else,
 * when that is missing, empty or not a host, the Referer's host), whether it is recorded at all, and the derived values. The address and User-Agent
 * are used here and dropped; only derived, bounded values travel on.
 */
public final class Collector {

    /** Where views go: the group-commit writer, which answers once the view is committed. */
    @FunctionalInterface
    public interface Sink {
        CompletableFuture<Void> submit(View view);
    }

    static final String UNKNOWN_PAGE = "(unknown)";
    private static final CompletableFuture<Void> DROPPED = CompletableFuture.completedFuture(null);

    private final Sink sink;
    private final Sites sites;
    private final Agents agents;
    private final Countries countries;
    private final Uniques uniques;
    private final NewValues newValues;
    private final Clock clock;

    public Collector(Sink sink, Sites sites, Agents agents, Countries countries, Uniques uniques, NewValues newValues,
                     Clock clock) {
        this.sink = sink;
        this.newValues = newValues;
        this.sites = sites;
        this.agents = agents;
        this.countries = countries;
        this.uniques = uniques;
        this.clock = clock;
    }

    /** Records the view, if it is one to record; the future completes once it is committed (at once if dropped). */
    public CompletableFuture<Void> collect(PixelRequest r) {
        String given = Values.host(r.site());
        String site = given != null ? given : Values.host(r.refererHeader());
        if (site == null || !sites.accept(site)) {
            return DROPPED;
        }
        long hour = Math.floorDiv(clock.millis() / 1000, 3600) * 3600;
        Agent agent = agents.classify(r.userAgent());
        if (agent.bot()) {
            return sink.submit(View.bot(site, hour));
        }
        if (r.doNotTrack()) {
            return sink.submit(View.privately(site, hour));
        }
        String page = page(r, site);
        String source = Referrers.source(site, r.referrer(), r.utmSource() != null ? r.utmSource() : utmSource(r.path()));
        String resolution = Values.resolution(r.resolution());
        // Countries and devices come from fixed sets; these values are the client's to choose.
        if (!newValues.admit(site, hour, r.address(), page, source, agent.browser(), agent.version(), agent.os(), resolution)) {
            return sink.submit(View.privately(site, hour));
        }
        Uniques.Firsts firsts = uniques.see(site, r.address(), r.userAgent(), page, source);
        return sink.submit(new View(site, hour, page, Values.title(r.title()), false, false, firsts.visitor(),
                firsts.page(), firsts.referrer(), source, agent.browser(), agent.version(), agent.os(), agent.device(),
                countries.of(r.address()), resolution));
    }

    /** The {@code path} parameter, else the Referer's path when it is a page of the site. */
    private static String page(PixelRequest r, String site) {
        String page = Values.path(r.path());
        if (page == null && r.refererHeader() != null && site.equals(Values.host(r.refererHeader()))) {
            page = Values.pathOf(r.refererHeader());
        }
        return page == null ? UNKNOWN_PAGE : page;
    }

    /** utm_source from a path sent with its query. */
    private static String utmSource(String path) {
        int at = path == null ? -1 : path.indexOf("utm_source=");
        if (at <= 0 || path.length() > 4096 || (path.charAt(at - 1) != '?' && path.charAt(at - 1) != '&')) {
            return null;
        }
        String v = path.substring(at + "utm_source=".length()).split("[&#]", 2)[0];
        try {
            return java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

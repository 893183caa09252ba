package tally.http;

import io.javalin.http.Context;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.UrlEncoded;
import tally.analytics.Collector;
import tally.analytics.PixelRequest;

/** The tracking pixel: records a page view and answers a transparent GIF, whatever it was sent. */
final class PixelRoutes {

    /** A 1x1 transparent GIF, 43 bytes. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    private static final Set<String> NAMES = Set.of("site", "path", "title", "referrer", "resolution", "utm_source");

    private final Collector collector;
    private final Clients clients;
    private final ClientLimits limits;

    PixelRoutes(Collector collector, Clients clients, ClientLimits limits) {
        this.collector = collector;
        this.clients = clients;
        this.limits = limits;
    }

    /**
     * Answered only after the view is committed, like a hit; a view not recorded is answered at once, as is
     * one beyond the client's rate limit (TALLY_RATE_LIMIT, shared with counting), which is not recorded.
     */
    void pixel(Context ctx) {
        var rate = limits.take(ctx, false);
        if (rate != null && !rate.allowed()) {
            gif(ctx);
            return;
        }
        Map<String, String> q = params(ctx.queryString());
        PixelRequest request = new PixelRequest(q.get("site"), q.get("path"), q.get("title"),
                q.get("referrer"), q.get("resolution"), q.get("utm_source"), ctx.header("Referer"),
                ctx.header("User-Agent"), clients.ip(ctx), "1".equals(ctx.header("DNT")) || "1".equals(ctx.header("Sec-GPC")));
        ctx.future(() -> collector.collect(request).thenRun(() -> gif(ctx)));
    }

    /** HEAD and anything else that must not count. */
    static void gif(Context ctx) {
        Headers.noCache(ctx);
        Headers.add(ctx, Headers.ANY_ORIGIN);
        Headers.add(ctx, Headers.CROSS_ORIGIN_RESOURCE);
        ctx.contentType("image/gif").result(GIF);
    }

    /**
     * The first value of each parameter the pixel reads. Decoded leniently (Jetty's decoder, told to allow bad
     * escapes and bad UTF-8): a broken escape in one value leaves it as sent and the others as they were, where a
     * strict decoder drops the whole query. Also cheaper than a map of every parameter's values, on the busiest route.
     */
    static Map<String, String> params(String query) {
        Map<String, String> first = new HashMap<>();
        if (query == null) {
            return first;
        }
        try {
            UrlEncoded.decodeUtf8To(query, 0, query.length(), (name, value) -> {
                if (NAMES.contains(name)) {
                    first.putIfAbsent(name, value);
                }
            }, true, true, true);
        } catch (IllegalArgumentException e) {
            // told to be lenient it has nothing left to refuse; should it, the values read so far stand
        }
        return first;
    }
}

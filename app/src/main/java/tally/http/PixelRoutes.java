package tally.http;

import io.javalin.http.Context;
import java.util.Base64;
import tally.analytics.Collector;
import tally.analytics.PixelRequest;

/** The tracking pixel: records a page view and answers a transparent GIF, whatever it was sent. */
final class PixelRoutes {

    /** A 1x1 transparent GIF, 43 bytes. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

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
        PixelRequest request = new PixelRequest(param(ctx, "site"), param(ctx, "path"), param(ctx, "title"),
                param(ctx, "referrer"), param(ctx, "resolution"), param(ctx, "utm_source"), ctx.header("Referer"),
                ctx.header("User-Agent"), clients.ip(ctx), "1".equals(ctx.header("DNT")) || "1".equals(ctx.header("Sec-GPC")));
        ctx.future(() -> collector.collect(request).thenRun(() -> gif(ctx)));
    }

    /** HEAD and anything else that must not count. */
    static void gif(Context ctx) {
        Headers.noCache(ctx);
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Cross-Origin-Resource-Policy", "cross-origin");
        ctx.contentType("image/gif").result(GIF);
    }

    /** The first value of a parameter, or null; a bad query never fails here. */
    private static String param(Context ctx, String name) {
        try {
            return ctx.queryParam(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

package tally.http;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;

/**
 * The response headers every count representation carries: no caching (for GitHub's Camo) and CORS. They are
 * added, not set: setting a field first looks through every field already set, on each response of the busiest
 * routes, while each of these is added once per response. {@link #forget} clears them for an answer that replaces one.
 */
final class Headers {

    static final String COOKIE = "tally_id";
    private static final int YEAR = 365 * 24 * 3600;
    private static final List<String> ADDED = List.of("Cache-Control", "Pragma", "Expires", "Access-Control-Allow-Origin",
            "Access-Control-Allow-Credentials", "Vary", "Content-Security-Policy", "Cross-Origin-Resource-Policy");

    private Headers() {
    }

    static void noCache(Context ctx) {
        ctx.res().addHeader("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate");
        ctx.res().addHeader("Pragma", "no-cache");
        ctx.res().addHeader("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    /** Removes what these methods added, before an error answer adds its own: a handler may have failed after adding them. */
    static void forget(Context ctx) {
        ADDED.forEach(name -> ctx.res().setHeader(name, null));
    }

    /**
     * Echoes an Origin that is a serialized origin (see Origins) with credentials allowed, so fetch with
     * credentials works; anything else (none, null, *, a list, file://, non-ASCII) gets * without credentials.
     */
    static void cors(Context ctx) {
        String origin = ctx.header("Origin");
        // Two Origin headers are a list, as "a, b" is: a browser sends one.
        boolean one = origin != null && Collections.list(ctx.req().getHeaders("Origin")).size() == 1;
        if (one && Origins.serialized(origin)) {
            ctx.res().addHeader("Access-Control-Allow-Origin", origin);
            ctx.res().addHeader("Access-Control-Allow-Credentials", "true");
        } else {
            ctx.res().addHeader("Access-Control-Allow-Origin", "*");
        }
        ctx.res().addHeader("Vary", "Origin");
    }

    /** Answers a CORS preflight for a route that reads (or counts) with GET: /count, /nocount, /live. */
    static void preflight(Context ctx) {
        preflight(ctx, "GET, HEAD, OPTIONS");
    }

    /** Answers a CORS preflight for a route that also takes POST: /counters/{name}. */
    static void preflightWithPost(Context ctx) {
        preflight(ctx, "GET, HEAD, POST, OPTIONS");
    }

    /** Advertises only the methods the route serves, so a browser's preflight never promises a 405. */
    private static void preflight(Context ctx, String methods) {
        cors(ctx);
        ctx.header("Access-Control-Allow-Methods", methods);
        String requested = ctx.header("Access-Control-Request-Headers");
        if (requested != null && requested.matches("[A-Za-z0-9, -]{1,500}")) {
            ctx.header("Access-Control-Allow-Headers", requested);
        }
        ctx.header("Access-Control-Max-Age", "86400");
        ctx.status(204);
    }

    static void svg(Context ctx) {
        ctx.contentType("image/svg+xml; charset=utf-8");
        ctx.res().addHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }

    /**
     * Sets the refresh-suppression cookie. Written by hand: Javalin does not model Partitioned. Over HTTPS
     * it is SameSite=None; Secure; Partitioned so it works inside other sites' pages; over HTTP, Lax.
     */
    static void tokenCookie(Context ctx, String token, boolean secure) {
        String attributes = secure ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax";
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Max-Age=" + YEAR + "; HttpOnly" + attributes);
    }
}

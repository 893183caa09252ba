package tally.http;

import io.javalin.http.Context;
import java.util.Collections;

/** The response headers every count representation carries: no caching (for GitHub's Camo) and CORS. */
final class Headers {

    static final String COOKIE = "tally_id";
    private static final int YEAR = 365 * 24 * 3600;

    private Headers() {
    }

    static void noCache(Context ctx) {
        ctx.header("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        ctx.header("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
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
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
        } else {
            ctx.header("Access-Control-Allow-Origin", "*");
        }
        ctx.header("Vary", "Origin");
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
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
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

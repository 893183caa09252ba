package tally.http;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The response headers every count representation carries: no caching (for GitHub's Camo) and CORS. They are
 * added, not set: setting a field first looks through every field already set, on each response of the busiest
 * routes, while each of these is added once per response. {@link #forget} clears them for an answer that replaces one.
 * The fixed ones are made once, pre-encoded, as Jetty makes its own Date and Server fields: a field made from two
 * strings looks its name up among the known ones first, on every response.
 */
final class Headers {

    static final String COOKIE = "tally_id";
    private static final int YEAR = 365 * 24 * 3600;
    private static final List<String> ADDED = List.of("Cache-Control", "Pragma", "Expires", "Access-Control-Allow-Origin",
            "Access-Control-Allow-Credentials", "Vary", "Content-Security-Policy", "Cross-Origin-Resource-Policy");

    static final HttpField NO_SNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    static final HttpField ANY_ORIGIN = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    static final HttpField CROSS_ORIGIN_RESOURCE = new PreEncodedHttpField("Cross-Origin-Resource-Policy", "cross-origin");
    private static final HttpField CACHE_CONTROL = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL,
            "max-age=0, no-cache, no-store, must-revalidate");
    private static final HttpField PRAGMA = new PreEncodedHttpField(HttpHeader.PRAGMA, "no-cache");
    private static final HttpField EXPIRES = new PreEncodedHttpField(HttpHeader.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
    private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");
    private static final HttpField SVG_POLICY = new PreEncodedHttpField("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'");

    private Headers() {
    }

    static void noCache(Context ctx) {
        add(ctx, CACHE_CONTROL);
        add(ctx, PRAGMA);
        add(ctx, EXPIRES);
    }

    /** Adds a field to the response (the servlet API's addHeader, which would make the field anew). */
    static void add(Context ctx, HttpField field) {
        ServletContextResponse response = ServletContextResponse.getServletContextResponse(ctx.res());
        if (response != null) {
            response.getHeaders().add(field);
        } else {
            ctx.res().addHeader(field.getName(), field.getValue());
        }
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
            add(ctx, ANY_ORIGIN);
        }
        add(ctx, VARY_ORIGIN);
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
        add(ctx, SVG_POLICY);
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

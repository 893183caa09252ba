package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import tally.analytics.AdminToken;

/**
 * Admin access: {@code Authorization: Bearer <token>} or the {@code tally_session} cookie that signing in
 * sets. Wrong tokens are counted per client address (a bounded map, forgotten after a minute): after
 * {@link #MAX_FAILURES} in a minute the address gets 429 with Retry-After until the minute is over.
 */
final class AdminAuth {

    static final String COOKIE = "tally_session";
    static final int MAX_FAILURES = 10;

    private final AdminToken token;
    private final Clock clock;
    private final Clients clients;
    private final ObjectMapper json;
    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    AdminAuth(AdminToken token, Clock clock, Clients clients, ObjectMapper json) {
        this.token = token;
        this.clock = clock;
        this.clients = clients;
        this.json = json;
    }

    /** The admin's paths: the dashboard, its API and /admin, which answer no other origin. */
    static boolean isPrivate(String path) {
        return path.startsWith("/admin") || path.startsWith("/api/") || path.startsWith("/analytics");
    }

    /**
     * A before-handler for the API: lets a signed-in request through, else answers 401 (or 429) in JSON. A request
     * that changes something on the strength of the cookie alone must come from Tally's own pages: SameSite=Strict
     * still sends the cookie from a sibling subdomain, and a form or a text/plain fetch needs no preflight.
     */
    void requireJson(Context ctx) throws Exception {
        noStore(ctx);
        String bearer = bearer(ctx);
        boolean ok = bearer != null ? checkToken(ctx, bearer) : token.isSession(ctx.cookie(COOKIE), now());
        if (ok && bearer == null && changes(ctx) && fromElsewhere(ctx)) {
            ctx.status(403).contentType("application/json; charset=utf-8").result(json.writeValueAsString(Map.of("error",
                    "a signed-in browser may change counters only from Tally's own pages; scripts send Authorization: Bearer <token>")));
            ctx.skipRemainingHandlers();
            return;
        }
        if (!ok) {
            if (!ctx.res().containsHeader("Retry-After")) {
                ctx.status(401).header("WWW-Authenticate", "Bearer");
            }
            String why = ctx.status().getCode() == 429 ? "too many wrong tokens from this address; try again in a minute"
                    : bearer == null ? "sign in: send Authorization: Bearer <token> (java -jar tally.jar token prints it)"
                    : "wrong token";
            ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(Map.of("error", why)));
            ctx.skipRemainingHandlers();
        }
    }

    /** POST /analytics/login with the form field {@code token}: 303 to /analytics with the session cookie, else 401. */
    void login(Context ctx) {
        noStore(ctx);
        SmallBody.Refusal refusal = SmallBody.check(ctx);
        if (refusal != null) {
            ctx.status(refusal.status()).contentType("text/plain; charset=utf-8").result(refusal.message() + "\n");
            return;
        }
        String sent = ctx.formParam("token");
        if (sent == null && RequestKeys.undecodable(urlEncoded(ctx), Set.of("token")) != null) {
            // Javalin drops a field it cannot decode: say what was wrong with the one sent, not that none was.
            ctx.status(400).contentType("text/plain; charset=utf-8").result("the form field token has an invalid"
                    + " percent-encoding: use %XX with two hex digits, or paste the token as it is\n");
            return;
        }
        if (sent == null) {
            ctx.status(401).contentType("text/plain; charset=utf-8").result("send the form field token (the admin token,"
                    + " which java -jar tally.jar token prints), as application/x-www-form-urlencoded or multipart/form-data\n");
            return;
        }
        if (!checkToken(ctx, sent.trim())) {
            if (ctx.status().getCode() != 429) {
                ctx.status(401);
            }
            ctx.contentType("text/plain; charset=utf-8").result(ctx.status().getCode() == 429
                    ? "too many wrong tokens from this address; try again in a minute\n"
                    : "wrong token: paste the admin token (java -jar tally.jar token prints it)\n");
            return;
        }
        cookie(ctx, token.newSession(now()), AdminToken.SESSION_SECONDS);
        ctx.redirect("/analytics", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Ends the browser's session on every instance (a copy of its cookie stops working too) and clears the cookie. */
    void logout(Context ctx) {
        noStore(ctx);
        if (fromElsewhere(ctx)) {
            // another site's page could otherwise sign the admin out, the cookie being sent along to a sibling subdomain
            ctx.status(403).contentType("text/plain; charset=utf-8").result("sign out from Tally's own dashboard page\n");
            return;
        }
        token.endSession(ctx.cookie(COOKIE), now());
        cookie(ctx, "", 0);
        ctx.redirect("/analytics", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Checks a token unless the address failed too often; counts a wrong one. Sets 429 and Retry-After when refused. */
    private boolean checkToken(Context ctx, String sent) {
        String address = clients.ip(ctx);
        AtomicInteger failed = failures.getIfPresent(address);
        if (failed != null && failed.get() >= MAX_FAILURES) {
            ctx.status(429).header("Retry-After", "60");
            return false;
        }
        if (token.isToken(sent)) {
            return true;
        }
        failures.asMap().computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        return false;
    }

    private static String urlEncoded(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded") ? ctx.body() : null;
    }

    private static boolean changes(Context ctx) {
        String method = ctx.method().name();
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    /**
     * A browser's request from another origin: its Sec-Fetch-Site says so, or (from browsers without it) its Origin
     * names another host than ours. Hosts are compared without the scheme, which a proxy in front may have changed.
     */
    private boolean fromElsewhere(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return false;
        }
        String host = authority(origin);
        return !host.equalsIgnoreCase(authority(clients.origin(ctx))) && !host.equalsIgnoreCase(ctx.header("Host"));
    }

    private static String authority(String origin) {
        int scheme = origin.indexOf("://");
        return scheme < 0 ? origin : origin.substring(scheme + 3);
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private void cookie(Context ctx, String value, long maxAge) {
        String secure = clients.secure(ctx) ? "; Secure" : "";
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + secure);
    }

    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}

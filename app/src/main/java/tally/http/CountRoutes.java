package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tally.badge.BadgeOptions;
import tally.badge.BadgeRenderer;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Counters;
import tally.count.Token;
import tally.count.Tokens;

/** The counting API: /count and /nocount as a bare number, an SVG badge, JSON and shields.io endpoint JSON. */
final class CountRoutes {

    /** The representations of a count. */
    enum Format { TEXT, SVG, JSON, SHIELDS }

    private final Counters counters;
    private final Tokens tokens;
    private final BadgeRenderer renderer;
    private final Clients clients;
    private final ObjectMapper json;
    /** Set with TALLY_COOKIES=false: reloads are then recognised without a cookie; null otherwise. */
    private final Cookieless cookieless;
    private final ClientLimits limits;

    CountRoutes(Counters counters, Tokens tokens, BadgeRenderer renderer, Clients clients, ObjectMapper json,
                Cookieless cookieless, ClientLimits limits) {
        this.cookieless = cookieless;
        this.limits = limits;
        this.counters = counters;
        this.tokens = tokens;
        this.renderer = renderer;
        this.clients = clients;
        this.json = json;
    }

    /**
     * Counts a hit and answers the new count, once the hit is committed. Beyond the client's rate limit the
     * current count is answered, uncounted; a counter the client may not create answers 0 (429 as text or JSON).
     */
    void count(Context ctx, Format format) {
        BadgeOptions options = options(ctx, format);
        long base = BadgeOptions.base(ctx.queryParamMap());
        CounterKey key = RequestKeys.of(ctx);
        limits.checkHost(key);
        var rate = limits.take(ctx, format != Format.SVG);
        if (rate != null && !rate.allowed()) {
            write(ctx, format, options, base, counters.read(key));
            return;
        }
        if (cookieless != null) {
            ctx.future(() -> cookieless.hit(ctx, key, limits.creation(ctx)).thenAccept(tally -> answer(ctx, format, options, base, tally)));
            return;
        }
        Token sent = tokens.fromCookie(ctx.cookie(Headers.COOKIE));
        Token token = sent != null ? sent : tokens.forNewBrowser(clients.hash(ctx));
        if (sent == null) {
            Headers.tokenCookie(ctx, token.cookie(), clients.secure(ctx));
        }
        ctx.future(() -> counters.hit(key, token, sent != null, limits.creation(ctx))
                .thenAccept(tally -> answer(ctx, format, options, base, tally)));
    }

    /**
     * A counter the client may not create answers 0: 429 as text or JSON, while a badge still shows 0, so a page never
     * breaks; shields.json is such a badge, as shields.io draws an error for any status but 200.
     */
    private void answer(Context ctx, Format format, BadgeOptions options, long base, CounterState tally) {
        if ((format == Format.TEXT || format == Format.JSON) && limits.creationRefused(ctx, tally)) {
            ctx.status(429);
        }
        write(ctx, format, options, base, tally);
    }

    /** Answers the count without counting and without setting a cookie. */
    void show(Context ctx, Format format) {
        BadgeOptions options = options(ctx, format);
        long base = BadgeOptions.base(ctx.queryParamMap());
        CounterKey key = RequestKeys.of(ctx);
        limits.checkHost(key);
        write(ctx, format, options, base, counters.read(key));
    }

    private static BadgeOptions options(Context ctx, Format format) {
        if (format != Format.SVG && format != Format.SHIELDS) {
            return null;
        }
        String broken = RequestKeys.undecodable(ctx.queryString(), BadgeOptions.NAMES);
        if (broken != null) {
            throw BadgeOptions.undecodable(broken); // Javalin would drop it, and the default would be drawn
        }
        return BadgeOptions.parse(ctx.queryParamMap());
    }

    /** Every representation shows the same number: the count plus {@code base}, the offset of a migrated counter. */
    private void write(Context ctx, Format format, BadgeOptions options, long base, CounterState tally) {
        Headers.noCache(ctx);
        Headers.cors(ctx);
        switch (format) {
            case TEXT -> ctx.contentType("text/plain; charset=utf-8").result(Long.toString(BadgeOptions.shown(tally.count(), base)));
            case SVG -> {
                Headers.svg(ctx);
                ctx.result(renderer.render(options.badge(tally.count(), tally.today())));
            }
            case JSON -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("url", tally.key().key());
                body.put("count", BadgeOptions.shown(tally.count(), base));
                body.put("counted", tally.counted());
                body.put("keyFrom", RequestKeys.keyFrom(ctx, tally.key()));
                if (ctx.statusCode() == 429) {
                    body.put("error", ClientLimits.NEW_COUNTERS_SPENT);
                }
                json(ctx, body);
            }
            case SHIELDS -> json(ctx, options.shieldsJson(tally.count(), tally.today()));
        }
    }

    private void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}

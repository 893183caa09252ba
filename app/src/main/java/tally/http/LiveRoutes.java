package tally.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tally.badge.BadgeOptions;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.Counters;
import tally.live.Live;
import tally.live.Names;
import tally.live.Refused;

/** Live counters over HTTP: named counters at /counters/{name} (POST counts, GET reads or streams) and /live?url=. */
final class LiveRoutes {

    private final Live live;
    private final Counters counters;
    private final Clients clients;
    private final ObjectMapper json;
    private final ClientLimits limits;
    private final Errors errors;

    LiveRoutes(Live live, Counters counters, Clients clients, ObjectMapper json, ClientLimits limits, Errors errors) {
        this.limits = limits;
        this.live = live;
        this.counters = counters;
        this.clients = clients;
        this.json = json;
        this.errors = errors;
    }

    static void register(JavalinConfig c, LiveRoutes routes) {
        String named = "/counters/{name}";
        c.routes.post(named, routes::increment);
        c.routes.get(named, routes::named);
        c.routes.head(named, ctx -> routes.value(ctx, Names.named(ctx.pathParam("name"))));
        c.routes.options(named, Headers::preflightWithPost);
        c.routes.get("/counters", routes::noName);
        c.routes.post("/counters", routes::noName);
        c.routes.get("/live", routes::url);
        c.routes.head("/live", ctx -> routes.value(ctx, routes.allowedUrlKey(ctx)));
        c.routes.options("/live", Headers::preflight);
    }

    /** Counts one more on the named counter, creating it, and answers the new value once committed. */
    void increment(Context ctx) {
        CounterKey key = Names.named(ctx.pathParam("name"));
        BadgeOptions.base(ctx.queryParamMap()); // a bad base is a 400 before anything is counted
        // The body is not read, but a request whose body is malformed, too large or never sent is not a hit.
        SmallBody.Refusal refusal = SmallBody.check(ctx);
        if (refusal != null) {
            errors.refused(ctx, refusal.status(), "bad body", refusal.message());
            return;
        }
        var rate = limits.take(ctx, true);
        if (rate != null && !rate.allowed()) {
            answer(ctx, counters.read(key)); // beyond the rate limit: the value as it is, not raised
            return;
        }
        ctx.future(() -> counters.hit(key, null, false, limits.creation(ctx)).thenAccept(tally -> {
            if (limits.creationRefused(ctx, tally)) {
                ctx.status(429);
            }
            answer(ctx, tally);
        }));
    }

    /** Streams the named counter for EventSource, else answers its value; 404 for one never created. */
    void named(Context ctx) {
        CounterKey key = Names.named(ctx.pathParam("name"));
        if (wantsStream(ctx)) {
            stream(ctx, key);
        } else {
            value(ctx, key);
        }
    }

    /** Streams a URL counter, named by ?url=, ?page_id= or the Referer just as /count names it. */
    void url(Context ctx) {
        CounterKey key = allowedUrlKey(ctx);
        if (wantsStream(ctx)) {
            stream(ctx, key);
        } else {
            answer(ctx, counters.read(key));
        }
    }

    private CounterKey allowedUrlKey(Context ctx) {
        CounterKey key = RequestKeys.of(ctx);
        limits.checkHost(key);
        return key;
    }

    private void stream(Context ctx, CounterKey key) {
        long base = BadgeOptions.base(ctx.queryParamMap());
        Headers.cors(ctx);
        try {
            live.open(ctx, key, clients.ip(ctx), base, () -> counters.read(key).count());
        } catch (Refused e) {
            if (e.status() != 404) {
                ctx.header("Retry-After", "10");
            }
            ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
        }
    }

    private void value(Context ctx, CounterKey key) {
        CounterState tally = key.kind() == CounterKey.Kind.NAMED ? counters.find(key).orElse(null) : counters.read(key);
        if (tally == null) {
            errors.refused(ctx, 404, "no counter", "no counter named '" + key.key() + "' yet; POST /counters/" + key.key() + " creates it");
            return;
        }
        answer(ctx, tally);
    }

    /** Answers the value plus {@code base}, as the badges and /count show it. */
    private void answer(Context ctx, CounterState tally) {
        long shown = BadgeOptions.shown(tally.count(), BadgeOptions.base(ctx.queryParamMap()));
        Headers.noCache(ctx);
        Headers.cors(ctx);
        if (accepts(ctx, "application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean named = tally.key().kind() == CounterKey.Kind.NAMED;
            body.put(named ? "name" : "url", tally.key().key());
            body.put("count", shown);
            if (!named) {
                body.put("keyFrom", RequestKeys.keyFrom(ctx, tally.key()));
            }
            if (ctx.statusCode() == 429) {
                body.put("error", ClientLimits.NEW_COUNTERS_SPENT);
            }
            try {
                ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(Long.toString(shown));
        }
    }

    private void noName(Context ctx) {
        errors.badInput(ctx, "no name", "put the counter's name in the path, such as /counters/visitors");
    }

    private static boolean wantsStream(Context ctx) {
        return accepts(ctx, "text/event-stream");
    }

    /** Named counters answer JSON when asked, their errors too (Errors). */
    static boolean accepts(Context ctx, String type) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(type);
    }
}

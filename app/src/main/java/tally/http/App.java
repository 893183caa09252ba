package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import tally.Config;
import tally.admin.Admin;
import tally.analytics.Analytics;
import tally.badge.BadgeRenderer;
import tally.badge.InvalidBadgeOption;
import tally.count.Counters;
import tally.count.InvalidKey;
import tally.count.Tokens;
import tally.http.CountRoutes.Format;
import tally.limits.NotAllowed;
import tally.live.Live;
import tally.metrics.Metrics;
import tally.StorageException;

/** The route table: every URL the service answers, wired to its handler. */
public final class App {

    private App() {
    }

    public static Javalin create(Config config, Counters counters, Tokens tokens, BadgeRenderer renderer, Live live,
                                 Analytics analytics, Admin admin, Metrics metrics) {
        ObjectMapper json = new ObjectMapper();
        Clients clients = new Clients(config.server().proxyHops(), config.server().publicUrl());
        ClientLimits limits = new ClientLimits(config, clients);
        Cookieless cookieless = config.counting().cookies() ? null
                : new Cookieless(counters, clients, config.counting().refreshWindow(), tokens.clock());
        CountRoutes counting = new CountRoutes(counters, tokens, renderer, clients, json, cookieless, limits);
        Errors errors = new Errors(renderer, json);
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true;
            // Javalin copies each result through a buffer of this size; ours are small (a badge is ~1 KB).
            c.http.responseBufferSize = 4096;
            c.router.ignoreTrailingSlashes = true;
            JettySetup.apply(c, config);
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
            });
            // uPlot for the dashboard's chart, from its WebJar, at /webjars/uplot/<version>/...
            c.staticFiles.enableWebjars();
            // First of the before-handlers, so that answers they end early (such as a 401) carry it too.
            c.routes.before(ctx -> {
                Headers.add(ctx, Headers.NO_SNIFF);
                // The pixel reads its query itself, as UTF-8, and answers its GIF whatever it was sent.
                if (!ctx.path().equals("/pixel.gif")) {
                    refuseUnknownCharset(ctx);
                }
            });
            // Javalin tries a request's path against each route in this order, by regular expression unless the
            // path is the route's own: the busiest routes (badges, counts, the pixel) come first.
            countRoutes(c, counting);
            AdminAuth auth = new AdminAuth(analytics.admin(), analytics.clock(), clients, json);
            AnalyticsRoutes.register(c, analytics, auth, clients, limits, json);
            LiveRoutes.register(c, new LiveRoutes(live, counters, clients, json, limits, errors));
            HistoryRoutes.register(c, new HistoryRoutes(counters, renderer, json));
            c.routes.get("/analytics", DashboardPage::serve);
            if (admin != null) {
                AdminRoutes.register(c, admin, auth, json);
            }
            Observability.register(c, config, metrics, auth::requireJson);
            // Open streams would hold Jetty's graceful stop until its timeout: end them first.
            c.events.serverStopping(live::close);
            c.routes.get("/healthz", ctx -> {
                boolean ok = counters.healthy();
                ctx.status(ok ? 200 : 503).contentType("text/plain; charset=utf-8").result(ok ? "ok" : "database unavailable");
            });
            c.routes.get("/config.json", ctx -> ctx.contentType("application/json").header("Cache-Control", "no-store")
                    .result(json.writeValueAsString(Map.of("origin", clients.origin(ctx)))));
            c.routes.exception(InvalidKey.class, (e, ctx) -> errors.badInput(ctx, e.reason(), e.getMessage()));
            c.routes.exception(InvalidBadgeOption.class, (e, ctx) -> errors.badInput(ctx, e.reason(), e.getMessage()));
            c.routes.exception(NotAllowed.class, (e, ctx) -> errors.refused(ctx, 403, e.reason(), e.getMessage()));
            c.routes.exception(StorageException.class, (e, ctx) -> errors.unavailable(ctx, e));
            c.routes.exception(CompletionException.class, (e, ctx) -> {
                if (e.getCause() instanceof StorageException se) {
                    errors.unavailable(ctx, se);
                } else {
                    errors.unexpected(ctx, e.getCause() != null ? e.getCause() : e);
                }
            });
            c.routes.exception(NotFoundResponse.class, (e, ctx) -> {
                // The static files answer GET and HEAD only: another method on one of them is a 405, not "nothing here".
                boolean read = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
                if (!read && PublicFiles.has(ctx.path())) {
                    errors.notAllowed(ctx, "GET, HEAD");
                } else {
                    errors.notFound(ctx);
                }
            });
            c.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
                // No endpoint matched this method: name the path's route for /metrics, as its other methods are named.
                c.unsafe.internalRouter.allHttpHandlers().stream().filter(p -> p.matches(ctx.path())).findFirst()
                        .ifPresent(p -> ctx.attribute(RequestMetrics.ROUTE, p.endpoint.path));
                errors.notAllowed(ctx, withHead(e.getDetails().get("availableMethods")));
            });
            // Javalin's own HttpResponseExceptions keep their mapper; a body that could not be read is the client's
            // doing; anything else is a bug, logged with its request.
            c.routes.exception(Exception.class, (e, ctx) -> {
                String unreadable = Errors.unreadableBody(e);
                if (unreadable != null) {
                    errors.badInput(ctx, "bad body", unreadable);
                } else {
                    errors.unexpected(ctx, e);
                }
            });
        });
    }

    /** Javalin answers HEAD wherever GET is served, but leaves it out of the methods it lists. */
    static String withHead(String methods) {
        if (methods == null || methods.isBlank()) {
            return methods;
        }
        List<String> list = new ArrayList<>(List.of(methods.split(",\\s*")));
        if (list.contains("GET") && !list.contains("HEAD")) {
            list.add(list.indexOf("GET") + 1, "HEAD");
        }
        return String.join(", ", list);
    }

    /**
     * Javalin decodes the query and form with the charset a Content-Type names: an unknown one would make every
     * parameter look absent, or fail the body's reading. Refused first, with what to send (mapped to a 400 below).
     */
    private static void refuseUnknownCharset(Context ctx) {
        String charset = ctx.req().getCharacterEncoding();
        if (charset == null) {
            return;
        }
        boolean known;
        try {
            known = Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            known = false;
        }
        if (!known) {
            throw new UnsupportedCharsetException(charset);
        }
    }

    private static void countRoutes(JavalinConfig c, CountRoutes counting) {
        // Badges first: most requests are README images.
        Map<String, Format> formats = new LinkedHashMap<>();
        formats.put("/tag.svg", Format.SVG);
        formats.put("", Format.TEXT);
        formats.put("/shields.json", Format.SHIELDS);
        formats.put(".json", Format.JSON);
        formats.forEach((suffix, format) -> {
            String count = "/count" + suffix;
            String nocount = "/nocount" + suffix;
            c.routes.get(count, ctx -> counting.count(ctx, format));
            c.routes.head(count, ctx -> counting.show(ctx, format));
            c.routes.get(nocount, ctx -> counting.show(ctx, format));
            c.routes.head(nocount, ctx -> counting.show(ctx, format));
            c.routes.options(count, Headers::preflight);
            c.routes.options(nocount, Headers::preflight);
        });
    }
}

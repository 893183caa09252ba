package tally.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tally.metrics.Metrics;
import tally.metrics.RouteSeries;

/**
 * Counts and times each answered request under its route's template (/counters/{name}, never the raw
 * path), so the labels stay few whatever clients send: a path no route serves is "unknown", a static file "static",
 * and a method a route does not serve (405) is counted under that route.
 */
final class RequestMetrics {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT", "QUERY");

    /** A context attribute naming the route of a path that is served, but not with the request's method (a 405). */
    static final String ROUTE = "tally.route";

    private final Metrics metrics;
    /** By the matched endpoint itself: one per method and template, so the look-up needs no key to be built. */
    private final Map<Endpoint, RouteSeries> routes = new ConcurrentHashMap<>();
    private final Map<String, RouteSeries> unknown = new ConcurrentHashMap<>();
    private final Map<String, RouteSeries> files = new ConcurrentHashMap<>();
    /** By method and route template: both come from fixed sets, so this stays small. */
    private final Map<String, RouteSeries> refused = new ConcurrentHashMap<>();

    RequestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    void observe(Context ctx, int status, float ms) {
        String type = ctx.res().getContentType();
        boolean stream = type != null && type.startsWith("text/event-stream");
        series(ctx, status).observe(status, ms / 1000.0, !stream);
    }

    private RouteSeries series(Context ctx, int status) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint == null) {
            endpoint = ctx.endpoints().matchedHttpEndpoint(); // the sign-in check answered first: a 401 on /admin/counters
        }
        if (endpoint != null) {
            RouteSeries series = routes.get(endpoint);
            return series != null ? series
                    : routes.computeIfAbsent(endpoint, e -> metrics.route(e.method.name(), e.path));
        }
        HandlerType type = ctx.method();
        String method = METHODS.contains(type.name()) ? type.name() : "other";
        String route = ctx.attribute(ROUTE);
        if (route != null) {
            return refused.computeIfAbsent(method + " " + route, k -> metrics.route(method, route));
        }
        boolean file = status < 400 && (type == HandlerType.GET || type == HandlerType.HEAD);
        Map<String, RouteSeries> map = file ? files : unknown;
        RouteSeries series = map.get(method);
        return series != null ? series : map.computeIfAbsent(method, m -> metrics.route(m, file ? "static" : "unknown"));
    }
}

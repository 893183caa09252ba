package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tally.analytics.Analytics;
import tally.analytics.Csv;
import tally.analytics.InvalidQuery;
import tally.analytics.ReportQuery;

/** The analytics routes: the pixel, and the admin's JSON/CSV API with sign-in; never cached, no CORS on the admin side. */
final class AnalyticsRoutes {

    private final Analytics analytics;
    private final ObjectMapper json;

    private AnalyticsRoutes(Analytics analytics, ObjectMapper json) {
        this.analytics = analytics;
        this.json = json;
    }

    private static final Set<String> REPORT_PARAMETERS = Set.of("site", "start", "end", "limit", "format", "page",
            "referrer", "country", "browser");

    static void register(JavalinConfig c, Analytics analytics, AdminAuth auth, Clients clients, ClientLimits limits,
                         ObjectMapper json) {
        AnalyticsRoutes routes = new AnalyticsRoutes(analytics, json);
        PixelRoutes pixel = new PixelRoutes(analytics.collector(), clients, limits);
        c.routes.get("/pixel.gif", pixel::pixel);
        c.routes.head("/pixel.gif", PixelRoutes::gif);
        c.routes.beforeMatched("/api/*", auth::requireJson);
        c.routes.get("/api/sites", routes::sites);
        c.routes.get("/api/analytics", routes::report);
        c.routes.post("/analytics/login", auth::login);
        c.routes.post("/analytics/logout", auth::logout);
        c.routes.exception(InvalidQuery.class, (e, ctx) -> {
            AdminAuth.noStore(ctx);
            ctx.status(400).contentType("application/json; charset=utf-8")
                    .result(json.valueToTree(Map.of("error", e.getMessage())).toString());
        });
    }

    void sites(Context ctx) throws Exception {
        ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(analytics.reports().sites(now())));
    }

    void report(Context ctx) throws Exception {
        // Javalin drops a parameter it cannot decode: site=%zz would read as no site at all
        String broken = RequestKeys.undecodable(ctx.queryString(), REPORT_PARAMETERS);
        if (broken != null) {
            throw new InvalidQuery(broken + " has an invalid percent-encoding: send % as %25, and escapes as %XX with two hex digits");
        }
        List<String> formats = ctx.queryParams("format");
        if (formats.size() > 1) {
            throw new InvalidQuery("pass format once");
        }
        String format = formats.isEmpty() ? null : formats.get(0);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw new InvalidQuery("format must be json or csv");
        }
        Map<String, Object> report = analytics.reports().report(ReportQuery.parse(ctx.queryParamMap(), now()));
        if ("csv".equals(format)) {
            ctx.header("Content-Disposition", "attachment; filename=\"tally-analytics.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(Csv.of(report));
        } else {
            ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(report));
        }
    }

    private long now() {
        return analytics.clock().millis() / 1000;
    }
}

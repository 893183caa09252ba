package tally.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import tally.Config;
import tally.metrics.Metrics;

/**
 * What an operator sees of the server: GET /metrics for Prometheus (TALLY_METRICS) and the hook after
 * each answered request that feeds its request metrics and the access log (TALLY_ACCESS_LOG). With both
 * off there is no hook at all.
 */
final class Observability {

    private Observability() {
    }

    /** {@code adminOnly}: the before-handler that lets only requests with the admin token through (401 otherwise), for TALLY_METRICS=token. */
    static void register(JavalinConfig c, Config config, Metrics metrics, Handler adminOnly) {
        boolean measured = config.operations().metrics() != Config.MetricsAccess.OFF;
        RequestMetrics requests = measured ? new RequestMetrics(metrics) : null;
        AccessLog access = config.operations().accessLog() == Config.AccessLog.OFF ? null
                : new AccessLog(config.operations().accessLog() == Config.AccessLog.QUERY);
        if (requests != null || access != null) {
            c.requestLogger.http((ctx, ms) -> {
                int status = ctx.statusCode();
                if (requests != null) {
                    requests.observe(ctx, status, ms);
                }
                if (access != null) {
                    access.log(ctx, status, ms);
                }
            });
        }
        if (config.operations().metrics() == Config.MetricsAccess.TOKEN) {
            c.routes.beforeMatched("/metrics", adminOnly);
        }
        if (measured) {
            c.routes.get("/metrics", ctx -> scrape(ctx, metrics));
        }
    }

    /** Every metric in Prometheus' text format, never cached. */
    private static void scrape(Context ctx, Metrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(65_536);
        metrics.scrape(out);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.contentType(Metrics.contentType()).result(out.toByteArray());
    }
}

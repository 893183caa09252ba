package tally.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tally.badge.BadgeOptions;
import tally.badge.BadgeRenderer;
import tally.badge.HistoryOptions;
import tally.count.Counters;
import tally.count.History;

/** The public history of every counter: its daily hits as JSON and as a chart; never counts, never sets a cookie. */
final class HistoryRoutes {

    /** One day of /stats.json. */
    record DayJson(String date, long hits) {
    }

    private final Counters counters;
    private final BadgeRenderer renderer;
    private final ObjectMapper json;

    private static final Set<String> OPTIONS = Set.of("days", "label", "color");

    HistoryRoutes(Counters counters, BadgeRenderer renderer, ObjectMapper json) {
        this.counters = counters;
        this.renderer = renderer;
        this.json = json;
    }

    /** {@code {"url": key, "total": n, "days": [{"date": "2026-11-30", "hits": n}]}}, every day from the first hit (or the last ?days=) to today. */
    void stats(Context ctx) throws JsonProcessingException {
        refuseUndecodable(ctx);
        Integer days = HistoryOptions.days(ctx.queryParamMap());
        History history = counters.history(RequestKeys.of(ctx), days);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", history.key().key());
        body.put("total", history.total());
        body.put("days", history.days().stream().map(d -> new DayJson(d.date().toString(), d.hits())).toList());
        Headers.noCache(ctx);
        Headers.cors(ctx);
        ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
    }

    /** A bar chart of the last ?days= (default 60) days' hits, with today's and the total count. */
    void chart(Context ctx) {
        refuseUndecodable(ctx);
        HistoryOptions options = HistoryOptions.parse(ctx.queryParamMap());
        History history = counters.history(RequestKeys.of(ctx), options.days());
        Headers.noCache(ctx);
        Headers.cors(ctx);
        Headers.svg(ctx);
        // A counter never hit has no days; its chart still shows the span's dates.
        long[] hits = history.days().isEmpty() ? new long[options.days()] : history.hits();
        ctx.result(renderer.history(options, history.first(), hits, history.total()));
    }

    /** Javalin drops a parameter it cannot decode, and the default would be drawn instead of what was sent. */
    private static void refuseUndecodable(Context ctx) {
        String broken = RequestKeys.undecodable(ctx.queryString(), OPTIONS);
        if (broken != null) {
            throw BadgeOptions.undecodable(broken);
        }
    }

    static void register(JavalinConfig c, HistoryRoutes history) {
        c.routes.get("/stats.json", history::stats);
        c.routes.head("/stats.json", history::stats);
        c.routes.options("/stats.json", Headers::preflight);
        c.routes.get("/nocount/history.svg", history::chart);
        c.routes.head("/nocount/history.svg", history::chart);
        c.routes.options("/nocount/history.svg", Headers::preflight);
    }
}

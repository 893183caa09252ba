package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.ThrottledLog;
import tally.badge.BadgeRenderer;

/**
 * Turns failures into answers in the representation the client asked for: a red badge for SVG routes,
 * JSON for JSON routes, a line of text otherwise. Bad input is a 400; storage trouble a 503.
 */
final class Errors {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private final BadgeRenderer renderer;
    private final ObjectMapper json;
    /** An outage fails every request: one line per 10 s says so, with how many more there were. */
    private final ThrottledLog storageFailures = new ThrottledLog(log::error, Duration.ofSeconds(10));
    private final ThrottledLog bugs = new ThrottledLog(log::error, Duration.ofSeconds(10));

    Errors(BadgeRenderer renderer, ObjectMapper json) {
        this.renderer = renderer;
        this.json = json;
    }

    void badInput(Context ctx, String reason, String message) {
        answer(ctx, 400, reason, message);
    }

    /** A bug, not the client's doing: one line (throttled) with the request and where it failed, and a 500. */
    void unexpected(Context ctx, Throwable e) {
        StackTraceElement[] at = e.getStackTrace();
        bugs.log("unexpected failure on " + ctx.method() + " " + ctx.path() + ": " + e
                + (at.length > 0 ? " at " + at[0] : ""));
        answer(ctx, 500, "error", "unexpected server error; it has been logged");
    }

    /** A request understood and refused, such as a 403 for a host that is not allowed. */
    void refused(Context ctx, int status, String reason, String message) {
        answer(ctx, status, reason, message);
    }

    void unavailable(Context ctx, Exception e) {
        storageFailures.log("storage failure on " + ctx.method() + " " + ctx.path() + ": " + e.getMessage());
        // Tally's own conditions (queue full, shutting down) are told; a driver's or the disk's words stay in the log.
        String why = e.getCause() == null ? ": " + e.getMessage() : "";
        answer(ctx, 503, "unavailable", "storage is unavailable, try again shortly" + why);
    }

    private void answer(Context ctx, int status, String reason, String message) {
        ctx.status(status);
        Headers.forget(ctx);
        Headers.noCache(ctx);
        Headers.cors(ctx);
        String path = ctx.path();
        if (path.endsWith(".svg")) {
            Headers.svg(ctx);
            ctx.result(renderer.error("hits", reason));
        } else if (path.endsWith(".json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (path.endsWith("shields.json")) {
                body.put("schemaVersion", 1);
                body.put("label", "hits");
                body.put("message", reason);
                body.put("isError", true);
                body.put("color", "red");
            }
            body.put("error", message);
            try {
                ctx.contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                ctx.contentType("text/plain; charset=utf-8").result(message);
            }
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(message + "\n");
        }
    }
}

package tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
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

    /**
     * What to tell a client whose request body could not be read: cut short, malformed for its Content-Type, or in a
     * charset Java does not know; null when the failure is something else. Looked for among the causes, since the
     * servlet layer and Javalin wrap it. Nothing is logged for these: any client can send them.
     */
    static String unreadableBody(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof EofException) {
                return "the request's body ended early: send all of it (as many bytes as its Content-Length, or every chunk)";
            }
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return "the request's body is malformed for its Content-Type: send a well-formed body";
            }
            if (t instanceof UnsupportedCharsetException || t instanceof IllegalCharsetNameException) {
                return "unknown charset in Content-Type: send charset=utf-8, or none";
            }
        }
        return null;
    }

    /** No route and no file for this path (Javalin's own answer would name neither what exists nor where to look). */
    void notFound(Context ctx) {
        answer(ctx, 404, "not found", "nothing here: the badge builder is at /, and the README lists every route");
    }

    /** A path served, but not with this method: Allow names those it is served with. */
    void notAllowed(Context ctx, String allowed) {
        if (allowed != null && !allowed.isBlank()) {
            ctx.res().setHeader("Allow", allowed);
        }
        String method = ctx.req().getMethod();
        String which = method != null && method.matches("[A-Z]{1,20}") ? method : "this method";
        String use = allowed == null || allowed.isBlank() ? "" : ": use " + allowed.replace(", OPTIONS", " or OPTIONS");
        answer(ctx, 405, "method not allowed", which + " is not served here" + use);
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
        String path = ctx.path();
        // The admin's routes answer no other origin, not even with an error.
        if (!AdminAuth.isPrivate(path)) {
            Headers.cors(ctx);
        }
        if (path.endsWith(".svg")) {
            Headers.svg(ctx);
            ctx.result(renderer.error("hits", reason));
        } else if (path.endsWith(".json") || (path.startsWith("/counters") && LiveRoutes.accepts(ctx, "application/json"))) {
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

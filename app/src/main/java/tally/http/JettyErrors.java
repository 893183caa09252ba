package tally.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages (for requests that never reach the routes: malformed, too long, unknown version): a
 * line of plain text saying what to send instead, with {@code nosniff}, and never an echo of the request.
 * A broken version is the client's fault, so 505 becomes 400, as does another method than the HTTP/2 preface's
 * on an HTTP/2.0 request line; the preface (PRI) gets 405 with Allow.
 */
final class JettyErrors implements Request.Handler {

    static final String ALLOW = "GET, HEAD, POST, OPTIONS";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException e) {
            status = e.getCode();
        }
        status = switch (status) {
            case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> HttpStatus.BAD_REQUEST_400;
            // Jetty answers 426 to any HTTP/2.0 request line: only the preface (PRI) is a method to refuse.
            case HttpStatus.UPGRADE_REQUIRED_426 ->
                HttpMethod.PRI.is(request.getMethod()) ? HttpStatus.METHOD_NOT_ALLOWED_405 : HttpStatus.BAD_REQUEST_400;
            default -> status;
        };
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (status == HttpStatus.METHOD_NOT_ALLOWED_405) {
            response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
        }
        if (HttpMethod.HEAD.is(request.getMethod()) || HttpStatus.hasNoBody(status)) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(message(status).getBytes(StandardCharsets.UTF_8)), callback);
        }
        return true;
    }

    /** What went wrong and what to send instead; only constant text, so nothing of the request is echoed. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "malformed request: send an HTTP/1.1 (or 1.0) request line, a Host header and well-formed"
                    + " headers, with the target percent-encoded\n";
            case 404 -> "no such page: see / for what Tally serves\n";
            case 405 -> "method not allowed: Tally's routes take GET and HEAD (POST on /counters/{name}, PUT and DELETE on"
                    + " the admin API, OPTIONS for CORS preflights)\n";
            case 408 -> "the request took too long to arrive: send its line, headers and body (if any) at once\n";
            case 413 -> "request body too large: Tally's routes need no body\n";
            case 417 -> "unknown expectation: send no Expect header, or Expect: 100-continue with a body\n";
            case 414 -> "request target too long: keep the URL under 16 KB (pass the page's address, not its content)\n";
            case 431 -> "request headers too large: keep the request line and all headers under 16 KB\n";
            case 429, 503 -> "too many requests or connections: try again shortly\n";
            default -> "the request could not be handled (" + status + ")\n";
        };
    }
}

package tally.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Requests refused for a header no route serves, before Javalin sees them: a plain 400 that says what to send.
 * One wrapper for both, so that every other request pays one look at its headers, not a handler each.
 */
final class RefusedHeads extends Handler.Wrapper {

    /**
     * A WebSocket handshake (any request with {@code Sec-WebSocket-Version}). Javalin would answer it 404 and keep an
     * HTTP session for it in memory, never to expire: a client could fill the heap, and the answer set a cookie the
     * README does not name.
     */
    static final String WEBSOCKET = "Tally serves no WebSocket: send plain GET requests; for live counts open"
            + " Server-Sent Events (GET /live?url=... or /counters/{name} with Accept: text/event-stream)\n";

    /**
     * {@code X-HTTP-Method-Override}, which Javalin honours when it routes: a GET that names POST would reach a
     * handler that reads a body the request never had read first (a trickled one holds a thread, see BodiesFirst),
     * and a GET could delete. Every route is served by its own method, so the header is refused, not obeyed.
     */
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override is not taken here: send the request with the method"
            + " itself (GET, HEAD, POST, PUT, DELETE or OPTIONS), without that header\n";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        String refused = headers.contains(HttpHeader.SEC_WEBSOCKET_VERSION) ? WEBSOCKET
                : headers.contains("X-HTTP-Method-Override") ? METHOD_OVERRIDE : null;
        if (refused == null) {
            return super.handle(request, response, callback);
        }
        response.setStatus(HttpStatus.BAD_REQUEST_400);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(refused.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

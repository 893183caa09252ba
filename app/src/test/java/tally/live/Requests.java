package tally.live;

import java.net.http.HttpResponse;
import java.util.Map;
import tally.Http;

/** Plain, whole-body requests for the live tests: any method, any headers. */
final class Requests {

    private Requests() {
    }

    static HttpResponse<String> send(int port, String method, String path, Map<String, String> headers) {
        return Http.send(port, method, path, headers);
    }

    static HttpResponse<String> post(int port, String path) {
        return send(port, "POST", path, Map.of());
    }

    static HttpResponse<String> get(int port, String path) {
        return send(port, "GET", path, Map.of());
    }
}

package tally.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Plain, whole-body requests for the live tests: any method, any headers. */
final class Requests {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Requests() {
    }

    static HttpResponse<String> send(int port, String method, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(int port, String path) {
        return send(port, "POST", path, Map.of());
    }

    static HttpResponse<String> get(int port, String path) {
        return send(port, "GET", path, Map.of());
    }
}

package tally;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One test's HTTP client, with connections of its own: none that an earlier test left idle, and the server
 * has since closed, is reused (java.net.http keeps idle connections for 20 minutes, Jetty for 30 s).
 */
final class TestClient {

    /**
     * Generous: a hit waits for its batch's commit on a machine others load too, and a burst of a thousand
     * connections to one port overflows its accept queue, whose connects then wait for SYNs sent again.
     */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HttpResponse<String> send(int port, String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        return http.send(request(port, method, path, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(port, "GET", path, Map.of());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(int port, String method, String path, Map<String, String> headers) {
        return http.sendAsync(request(port, method, path, headers), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String method, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return b.build();
    }
}

package tally.browser;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** SCRATCH stand-in until the real App lands: static files plus a fixed badge. */
final class TallyServer implements AutoCloseable {

    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    private TallyServer(Javalin app) {
        this.app = app;
    }

    static TallyServer start(Path dir) {
        Javalin app = Javalin.create(config -> {
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.routes.get("/nocount/tag.svg", ctx -> ctx.contentType("image/svg+xml").result(
                    "<svg xmlns='http://www.w3.org/2000/svg' width='80' height='20'><rect width='80' height='20' fill='#4c1'/></svg>"));
            config.routes.get("/config.json", ctx -> ctx.json(java.util.Map.of("origin", "http://localhost:" + ctx.port())));
        }).start(0);
        return new TallyServer(app);
    }

    String baseUrl() {
        return "http://localhost:" + app.port();
    }

    /** Fetches a URL the way curl would, without cookies, so a counting URL always counts. */
    String get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long countOf(String url) {
        return Long.parseLong(get(baseUrl() + "/nocount?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).trim());
    }

    void stop() {
        app.stop();
    }

    @Override
    public void close() {
        app.stop();
    }
}

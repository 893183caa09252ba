package tally.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import tally.Config;
import tally.TestTally;

/** A real Tally on a free port with its own SQLite file, plus the curl-like requests a test makes beside the browser. */
final class TallyServer implements AutoCloseable {

    private final TestTally tally;
    private final HttpClient http = HttpClient.newHttpClient();

    private TallyServer(TestTally tally) {
        this.tally = tally;
    }

    static TallyServer start(Path dir) {
        return start(dir, config -> config);
    }

    static TallyServer start(Path dir, UnaryOperator<Config> tweak) {
        TestTally tally = TestTally.create(dir, tweak);
        tally.app.start(0);
        return new TallyServer(tally);
    }

    String baseUrl() {
        return "http://localhost:" + tally.app.port();
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

    @Override
    public void close() {
        tally.close();
    }
}

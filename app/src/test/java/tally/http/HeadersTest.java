package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.StorageException;
import tally.TestTally;
import tally.badge.BadgeRenderer;

/** The no-cache and CORS fields are added, not set: each response must still carry each of them once. */
class HeadersTest {

    private static final List<String> FIELDS = List.of("Cache-Control", "Pragma", "Expires", "Access-Control-Allow-Origin",
            "Access-Control-Allow-Credentials", "Vary", "Content-Security-Policy", "Cross-Origin-Resource-Policy");

    @TempDir
    Path dir;

    @Test
    void everyRouteSendsEachFieldAtMostOnce() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/count?url=example.com/h", "/count/tag.svg?url=example.com/h",
                        "/count.json?url=example.com/h", "/count/shields.json?url=example.com/h", "/nocount/tag.svg?url=example.com/h",
                        "/count/tag.svg?url=example.com/h&color=notacolour", "/count.json?url=", "/pixel.gif?site=example.com&path=/h",
                        "/nocount/history.svg?url=example.com/h", "/stats.json?url=example.com/h", "/counters/h")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                            .header("Origin", "https://blog.example").build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isLessThan(500);
                    assertThat(r.headers().allValues("Cache-Control")).as(path).hasSize(1);
                    for (String field : FIELDS) {
                        assertThat(r.headers().allValues(field)).as(path + " " + field).hasSizeLessThanOrEqualTo(1);
                    }
                }
            });
        }
    }

    @Test
    void anErrorAnsweredAfterAHandlerAddedTheFieldsSendsThemOnce() {
        Errors errors = new Errors(new BadgeRenderer(), new ObjectMapper());
        Javalin app = Javalin.create(c -> {
            c.routes.get("/count.json", ctx -> {
                Headers.noCache(ctx);
                Headers.cors(ctx);
                Headers.svg(ctx);
                throw new StorageException("the disk is full", null);
            });
            c.routes.exception(StorageException.class, (e, ctx) -> errors.unavailable(ctx, e));
        });
        JavalinTest.test(app, (server, client) -> {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + server.port() + "/count.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().allValues("Cache-Control")).hasSize(1);
            assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
            assertThat(r.headers().allValues("Vary")).containsExactly("Origin");
            assertThat(r.headers().allValues("Content-Security-Policy")).isEmpty();
        });
    }
}

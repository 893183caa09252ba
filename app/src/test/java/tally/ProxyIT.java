package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar behind a trusted proxy, and what TALLY_TRUST_PROXY, TALLY_PUBLIC_URL and TALLY_COOKIES make it believe. */
class ProxyIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<Stream<String>> stream(int port, String forwardedFor) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counters/hits"))
                .header("Accept", "text/event-stream").header("X-Forwarded-For", forwardedFor).build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void fortyStreamsWithMadeUpFirstEntriesGetThirtyTwo() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"), Map.of("TALLY_TRUST_PROXY", "true"))) {
            List<HttpResponse<Stream<String>>> open = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    open.add(stream(tally.port, "10.9.8." + i + ", 198.51.100.23"));
                }
                assertThat(open.subList(0, 32)).extracting(HttpResponse::statusCode).containsOnly(200);
                assertThat(open.subList(32, 40)).extracting(HttpResponse::statusCode).containsOnly(429);
            } finally {
                open.forEach(r -> r.body().close());
            }
        }
    }

    @Test
    void withTwoProxiesTheSecondEntryFromTheRightIsTheClient() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"), Map.of("TALLY_TRUST_PROXY", "2"))) {
            List<HttpResponse<Stream<String>>> open = new ArrayList<>();
            try {
                for (int i = 0; i < 33; i++) {
                    open.add(stream(tally.port, "6.6.6." + i + ", 198.51.100.23, 10.0.0.2"));
                }
                open.add(stream(tally.port, "198.51.100.24, 10.0.0.2"));
                assertThat(open.subList(0, 32)).extracting(HttpResponse::statusCode).containsOnly(200);
                assertThat(open.get(32).statusCode()).isEqualTo(429);
                assertThat(open.get(33).statusCode()).isEqualTo(200);
            } finally {
                open.forEach(r -> r.body().close());
            }
        }
    }

    @Test
    void aPublicUrlWithAPathStopsTheStartNamingIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("tally.jar", "target/tally.jar")).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("TALLY_PUBLIC_URL", "https://tally.example.com/counter");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("TALLY_PUBLIC_URL").contains("https://tally.example.com/counter");
    }

    @Test
    void withoutCookiesNoCookieIsSetAndAReloadIsNotCounted() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"),
                Map.of("TALLY_COOKIES", "false", "TALLY_PUBLIC_URL", "https://tally.example.com"))) {
            HttpResponse<String> first = tally.get("/count?url=example.com/c");
            assertThat(first.body()).isEqualTo("1");
            assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(tally.get("/count?url=example.com/c").body()).isEqualTo("1");
            assertThat(tally.get("/config.json").body()).isEqualTo("{\"origin\":\"https://tally.example.com\"}");
        }
    }
}

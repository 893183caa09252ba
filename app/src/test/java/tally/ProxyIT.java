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
    void theForwardedClientsCountryComesFromTheGeoLite2DatabaseTallyGeoipDbNames() throws Exception {
        Path geoLite2 = Path.of(ProxyIT.class.getResource("/geo/GeoLite2-Country-Test.mmdb").toURI());
        Map<String, String> env = Map.of("TALLY_TRUST_PROXY", "true", "TALLY_GEOIP_DB", geoLite2.toString(),
                "TALLY_ADMIN_TOKEN", "geo-test-token-0123456789");
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"), env)) {
            // MaxMind's test data: used in GB (registered in FR), SE (registered in DE), JP; then a private address.
            // The proxy appends the address it saw to whatever the client sent: the last entry is the one trusted.
            for (String client : List.of("2.125.160.217", "89.160.20.130", "89.160.20.131", "2001:218::7", "192.168.0.9")) {
                HttpResponse<String> pixel = Http.get(tally.port, "/pixel.gif?site=geo.example&path=/",
                        Map.of("X-Forwarded-For", "203.0.113.50, " + client, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"));
                assertThat(pixel.statusCode()).isEqualTo(200);
            }
            HttpResponse<String> report = Http.get(tally.port, "/api/analytics?site=geo.example&format=csv",
                    Map.of("Authorization", "Bearer geo-test-token-0123456789"));
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            assertThat(report.body().lines().filter(l -> l.startsWith("countries,")))
                    .containsExactlyInAnyOrder("countries,,SE,,2,,", "countries,,GB,,1,,", "countries,,JP,,1,,");
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
